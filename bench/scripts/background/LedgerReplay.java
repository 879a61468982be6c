// Session 16 (docs/replication.md, "Background work per record"): a node database's writes replayed in one JVM,
// the engine's flush and compaction threads counted by ThreadMXBean. Run against a tree's built jars:
//   T=bench/target; $JAVA_HOME/bin/java -Xmx3g --enable-native-access=ALL-UNNAMED -cp "$T/cairn-bench-0.1.0-SNAPSHOT.jar:$T/lib/*" bench/scripts/background/LedgerReplay.java ARGS
import io.cairn.lsm.api.*;
import java.lang.management.*;
import java.nio.file.*;
import java.util.*;

/** Replays a member's ledger rows (real bytes; 'A' keys fresh random hashes, other keys made unique) into a fresh database; reports flush and compaction CPU per record ('A' row). */
public class LedgerReplay {
  public static void main(String[] a) throws Exception {
    Path src = Path.of(a[0]);
    Path work = Path.of(a[1]);
    int copies = Integer.parseInt(a[2]);
    String[] variants = a[3].split(",");
    int rounds = Integer.parseInt(a[4]);
    List<byte[]> keys = new ArrayList<>(), values = new ArrayList<>();
    try (Db db = Cairn.open(src, Options.defaults()); DbIterator it = db.newIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) { keys.add(it.key()); values.add(it.value()); }
    }
    long aRows = keys.stream().filter(k -> k[0] == 'A').count();
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    SplittableRandom rnd = new SplittableRandom(42);
    for (int r = 0; r < rounds; r++) {
      for (String v : variants) {
        String name = "led" + v + r;
        Path dir = work.resolve(name);
        Options.Builder b = Options.builder();
        if (v.contains("nocomp")) b.compression(Compression.NONE);
        if (v.contains("nobloom")) b.bloomBitsPerKey(0);
        Db db = Cairn.open(dir, b.build());
        long bytes = 0; long t0 = System.nanoTime();
        WriteBatch batch = new WriteBatch();
        int inBatch = 0;
        for (int c = 0; c < copies; c++) {
          for (int i = 0; i < keys.size(); i++) {
            byte[] k = keys.get(i).clone();
            if (k[0] == 'A') { for (int j = 1; j < k.length; j++) k[j] = (byte) rnd.nextInt(); }
            else if (k.length >= 9) { long x = ((long) c << 20); for (int j = 0; j < 3; j++) k[k.length - 5 - j] ^= (byte) (x >>> (8 * j + 16)); }
            else { k = Arrays.copyOf(k, k.length + 4); k[k.length - 1] = (byte) c; k[k.length - 2] = (byte) (c >> 8); }
            batch.put(k, values.get(i)); bytes += k.length + values.get(i).length;
            if (++inBatch == 800) { db.write(batch); batch = new WriteBatch(); inBatch = 0; }
          }
        }
        if (inBatch > 0) db.write(batch);
        long[] cpu = LogReplay.settledBackgroundCpu(db, name, mx, 900);
        long flushCpu = cpu[0], compCpu = cpu[1];
        DbStats s = db.stats();
        db.close();
        double recs = (double) aRows * copies;
        System.out.printf("round %d %-10s records %.0f MB %.0f wall %.1fs | flushes %d flush MB %.0f, compactions %d read MB %.0f written MB %.0f | flush cpu %.0f ms, compaction cpu %.0f ms -> per record: flush %.3f us, compaction %.3f us%n",
            r, v, recs, bytes / 1e6, (System.nanoTime() - t0) / 1e9, s.flushes(), s.flushBytesWritten() / 1e6, s.compactions(),
            s.compactionBytesRead() / 1e6, s.compactionBytesWritten() / 1e6, flushCpu / 1e6, compCpu / 1e6, flushCpu / 1e3 / recs, compCpu / 1e3 / recs);
        LogReplay.deleteTree(dir);
      }
    }
  }
}
