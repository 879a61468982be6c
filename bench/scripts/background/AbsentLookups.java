// Session 19 (docs/replication.md, "The CPU per record (session 19)"): the apply's "anchored before?" question
// alone. A database shaped like a member's ledger after a few minutes of load (L0 tables of random 33-byte
// index-row keys and 34-byte values, the ledger's L0 trigger of 8), then Db.multiGet of runs of absent keys
// (sorted, as BlockApplier.putAnchors asks them); the thread's CPU per key, by ThreadMXBean. Run against a
// tree's built jars (the base tree's and a branch's alternated):
//   T=bench/target; $JAVA_HOME/bin/java -Xmx2g --enable-native-access=ALL-UNNAMED -cp "$T/cairn-bench-0.1.0-SNAPSHOT.jar:$T/lib/*" \
//     bench/scripts/background/AbsentLookups.java WORK TABLES ROWS_PER_TABLE BLOOM_BITS[,BITS...] ROUNDS
import io.cairn.lsm.api.*;
import java.lang.management.*;
import java.nio.file.*;
import java.util.*;

public class AbsentLookups {
  public static void main(String[] a) throws Exception {
    Path work = Path.of(a[0]);
    int tables = Integer.parseInt(a[1]);
    int rows = Integer.parseInt(a[2]);
    String[] bits = a[3].split(",");
    int rounds = Integer.parseInt(a[4]);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (String bpk : bits) {
      Path dir = work.resolve("absent-" + bpk);
      Options options = Options.builder().l0CompactionTrigger(Math.max(8, tables + 1)).l0SlowdownTrigger(tables + 8)
          .l0StopTrigger(tables + 12).writeBufferBytes(rows * 120L).bloomBitsPerKey(Integer.parseInt(bpk)).build();
      SplittableRandom random = new SplittableRandom(11);
      try (Db db = Cairn.open(dir, options)) {
        byte[] value = new byte[34];
        for (int t = 0; t < tables; t++) {
          WriteBatch batch = new WriteBatch();
          for (int i = 0; i < rows; i++) {
            byte[] key = new byte[33];
            key[0] = 'A';
            for (int j = 1; j < 33; j++) key[j] = (byte) random.nextInt(256);
            value[0] = (byte) i;
            batch.put(key, value);
            if (batch.count() == 1000) {
              db.write(batch, WriteOptions.DEFAULT);
              batch = new WriteBatch();
            }
          }
          if (batch.count() > 0) db.write(batch, WriteOptions.DEFAULT);
        }
        String l0 = "";
        for (int wait = 0; wait < 600; wait++) { // the flushes of the filled memtables
          Thread.sleep(100);
          String now = db.property("cairn.num-files-at-level0");
          if (now.equals(l0) && Integer.parseInt(now.strip()) >= tables - 1) break;
          l0 = now;
        }
        System.out.printf("bits %s: %d rows written, L0 tables %s, L1 tables %s%n", bpk, (long) tables * rows,
            db.property("cairn.num-files-at-level0").strip(), db.property("cairn.num-files-at-level1").strip());
        int run = 2000;
        for (int r = 0; r < rounds; r++) {
          long keys = 0;
          long found = 0;
          long cpu0 = mx.getCurrentThreadCpuTime();
          long bytes0 = ((com.sun.management.ThreadMXBean) mx).getCurrentThreadAllocatedBytes();
          for (int b = 0; b < 100; b++) {
            byte[][] ask = new byte[run][];
            for (int i = 0; i < run; i++) {
              byte[] key = new byte[33];
              key[0] = 'A';
              for (int j = 1; j < 33; j++) key[j] = (byte) random.nextInt(256);
              ask[i] = key;
            }
            Arrays.sort(ask, Arrays::compareUnsigned);
            byte[][] values = db.multiGet(ask, ReadOptions.DEFAULT);
            for (byte[] v : values) if (v != null) found++;
            keys += run;
          }
          long cpu = mx.getCurrentThreadCpuTime() - cpu0;
          long bytes = ((com.sun.management.ThreadMXBean) mx).getCurrentThreadAllocatedBytes() - bytes0;
          System.out.printf("bits %s round %d: %.0f ns CPU per absent key (key making and sorting included), %.0f bytes allocated per key, %d found%n",
              bpk, r, cpu / (double) keys, bytes / (double) keys, found);
        }
      }
    }
  }
}
