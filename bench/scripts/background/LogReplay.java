// Session 16 (docs/replication.md, "Background work per record"): a node database's writes replayed in one JVM,
// the engine's flush and compaction threads counted by ThreadMXBean. Run against a tree's built jars:
//   T=bench/target; $JAVA_HOME/bin/java -Xmx3g --enable-native-access=ALL-UNNAMED -cp "$T/cairn-bench-0.1.0-SNAPSHOT.jar:$T/lib/*" bench/scripts/background/LogReplay.java ARGS
import io.cairn.kraft.api.*;
import io.cairn.lsm.api.*;
import io.cairn.replication.log.*;
import java.lang.management.*;
import java.nio.file.*;
import java.util.*;

/** Replays a member's log (real entry bytes, cycled) into an engine log database; reports flush and compaction CPU. */
public class LogReplay {
  public static void main(String[] a) throws Exception {
    Path src = Path.of(a[0]);            // a copy of a node's log db
    Path work = Path.of(a[1]);
    int entries = Integer.parseInt(a[2]);
    String[] variants = a[3].split(",");
    int snapshotEvery = Integer.parseInt(a[4]);
    int kept = Integer.parseInt(a[5]);
    int rounds = Integer.parseInt(a[6]);
    List<byte[]> datas = new ArrayList<>();
    try (Db db = Cairn.open(src, Options.defaults()); DbIterator it = db.newIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        if (it.key()[0] == 'e' && it.key().length == 9) {
          byte[] d = LogFormat.decodeEntry(it.value()).data();
          if (d.length > 10000) datas.add(d);
        }
      }
    }
    long total = 0; for (byte[] d : datas) total += d.length;
    System.out.printf("template entries %d, mean %d bytes%n", datas.size(), total / datas.size());
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (int r = 0; r < rounds; r++) {
      for (String v : variants) {
        String name = "log" + v + r;
        Path dir = work.resolve(name);
        Options.Builder b = Options.builder();
        if (v.contains("nocomp")) b.compression(Compression.NONE);
        if (v.contains("nobloom")) b.bloomBitsPerKey(0);
        Db db = Cairn.open(dir, b.build());
        EngineLogStorage log = EngineLogStorage.open(db, work.resolve(name + "-snap"));
        long bytes = 0;
        long t0 = System.nanoTime();
        for (int i = 1; i <= entries; i++) {
          byte[] d = datas.get(i % datas.size());
          bytes += d.length;
          log.append(List.of(new Entry(i, 1, EntryType.NORMAL, d)));
          log.setHardState(new HardState(1, null, i));
          if (i % 50 == 0) log.sync();
          if (i % snapshotEvery == 0) {
            log.saveSnapshot(new io.cairn.kraft.api.Snapshot(new SnapshotMetadata(i, 1, Configuration.EMPTY), new byte[100]));
            log.compact(i - kept);
          }
        }
        log.sync();
        long[] cpu = LogReplay.settledBackgroundCpu(db, name, mx, 600);
        long flushCpu = cpu[0], compCpu = cpu[1];
        DbStats s = db.stats();
        db.close();
        double recs = bytes / 116.0; // ~116 log bytes per record
        System.out.printf("round %d %-10s entries %d MB %.0f wall %.1fs | flushes %d flush MB %.0f, compactions %d read MB %.0f written MB %.0f | flush cpu %.0f ms (%.2f ns/B), compaction cpu %.0f ms (%.2f ns/B) -> per record(116B): flush %.3f us, compaction %.3f us%n",
            r, v, entries, bytes / 1e6, (System.nanoTime() - t0) / 1e9, s.flushes(), s.flushBytesWritten() / 1e6, s.compactions(),
            s.compactionBytesRead() / 1e6, s.compactionBytesWritten() / 1e6, flushCpu / 1e6, (double) flushCpu / bytes, compCpu / 1e6,
            (double) compCpu / bytes, flushCpu / 1e3 / recs, compCpu / 1e3 / recs);
        deleteTree(dir); deleteTree(work.resolve(name + "-snap"));
      }
    }
  }
  /**
   * Waits until {@code db}'s flushes and compactions have stopped (or {@code polls} x 200 ms), then
   * returns the CPU ns of its flush and compaction threads (named after {@code name}): {flush, compaction}.
   */
  static long[] settledBackgroundCpu(Db db, String name, ThreadMXBean mx, int polls) throws Exception {
    long last = -1;
    for (int k = 0; k < polls; k++) {
      Thread.sleep(200);
      DbStats s = db.stats();
      long now = s.flushes() * 1000003L + s.compactions() + s.compactionBytesWritten();
      if (now == last && k > 10) break;
      last = now;
    }
    long flushCpu = 0, compCpu = 0;
    for (ThreadInfo ti : mx.dumpAllThreads(false, false)) {
      String n = ti.getThreadName();
      if (!n.endsWith(name) && !n.contains(name + "-")) continue;
      long cpu = mx.getThreadCpuTime(ti.getThreadId());
      if (n.startsWith("cairn-flush")) flushCpu += cpu;
      else if (n.startsWith("cairn-compaction") || n.startsWith("cairn-subcompaction") || n.startsWith("cairn-l0merge")) compCpu += cpu;
    }
    return new long[] {flushCpu, compCpu};
  }

  static void deleteTree(Path p) throws Exception {
    if (!Files.exists(p)) return;
    try (var w = Files.walk(p)) { w.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete()); }
  }
}
