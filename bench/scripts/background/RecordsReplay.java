// Session 16 (docs/replication.md, "Background work per record"): a node database's writes replayed in one JVM,
// the engine's flush and compaction threads counted by ThreadMXBean. Run against a tree's built jars:
//   T=bench/target; $JAVA_HOME/bin/java -Xmx3g --enable-native-access=ALL-UNNAMED -cp "$T/cairn-bench-0.1.0-SNAPSHOT.jar:$T/lib/*" bench/scripts/background/RecordsReplay.java ARGS
import io.cairn.lsm.api.*;
import java.lang.management.*;
import java.nio.file.*;
import java.util.*;

/** Writes records as a node's record store does (9-byte sequence keys, random values, one synced batch per round); flush and compaction CPU per record. */
public class RecordsReplay {
  public static void main(String[] a) throws Exception {
    Path work = Path.of(a[0]);
    int records = Integer.parseInt(a[1]);
    String[] variants = a[2].split(",");
    int rounds = Integer.parseInt(a[3]);
    int valueBytes = a.length > 4 ? Integer.parseInt(a[4]) : 256;
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    SplittableRandom rnd = new SplittableRandom(7);
    byte[][] vals = new byte[4096][valueBytes];
    for (byte[] v : vals) for (int j = 0; j < v.length; j++) v[j] = (byte) rnd.nextInt();
    for (int r = 0; r < rounds; r++) {
      for (String v : variants) {
        String name = "rec" + v + r;
        Path dir = work.resolve(name);
        Options.Builder b = Options.builder();
        if (v.contains("nocomp")) b.compression(Compression.NONE);
        if (v.contains("nobloom")) b.bloomBitsPerKey(0);
        Db db = Cairn.open(dir, b.build());
        long t0 = System.nanoTime();
        WriteBatch batch = new WriteBatch();
        for (int i = 1; i <= records; i++) {
          byte[] k = new byte[9]; k[0] = 1; long n = i; for (int j = 8; j >= 1; j--) { k[j] = (byte) n; n >>>= 8; }
          batch.put(k, vals[i & 4095]);
          if (i % 100 == 0) { db.write(batch, i % 1000 == 0 ? WriteOptions.SYNC : WriteOptions.DEFAULT); batch = new WriteBatch(); }
        }
        long[] cpu = LogReplay.settledBackgroundCpu(db, name, mx, 900);
        long flushCpu = cpu[0], compCpu = cpu[1];
        DbStats s = db.stats();
        db.close();
        System.out.printf("round %d %-14s records %d wall %.1fs | flushes %d flush MB %.0f, compactions %d read MB %.0f written MB %.0f | flush cpu %.0f ms, compaction cpu %.0f ms -> per record: flush %.3f us, compaction %.3f us%n",
            r, v, records, (System.nanoTime() - t0) / 1e9, s.flushes(), s.flushBytesWritten() / 1e6, s.compactions(),
            s.compactionBytesRead() / 1e6, s.compactionBytesWritten() / 1e6, flushCpu / 1e6, compCpu / 1e6, flushCpu / 1e3 / records, compCpu / 1e3 / records);
        LogReplay.deleteTree(dir);
      }
    }
  }
}
