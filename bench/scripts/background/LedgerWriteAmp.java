// Session 17 (docs/replication.md, "The ledger database's write amplification (session 17)"): a member's ledger
// writes replayed in apply order in one JVM, per database option set; counts what the flushes and compactions read
// and write per record (load-independent) and the background threads' CPU. Run against a tree's built jars:
//   T=bench/target; $JAVA_HOME/bin/java -Xmx3g --enable-native-access=ALL-UNNAMED -cp "$T/cairn-bench-0.1.0-SNAPSHOT.jar:$T/lib/*" \
//     bench/scripts/background/LedgerWriteAmp.java SRC WORK RECORDS VARIANTS ROUNDS [ONLY]
// SRC: a copy of a node's data/ledger (its blocks give the rows' real bytes and their order); RECORDS: anchored
// records to replay (the blocks are repeated under shifted heights, every 'A' and 'H' key a fresh random hash);
// VARIANTS: comma-separated option sets, each '+'-joined parts: node (the node's ledger options before session 17),
// l0tN (L0 trigger), l1mN (L1 MiB), multN, fileN (MiB), wbN (memtable MiB), nocomp, nol0merge, subN, slowN, stopN,
// bloomN; layouts (not built, measured only): ashort (index value without its path start), aseq (the index value
// under a commit-order key, a 17-byte position under the hash). ONLY: all (default), 'A' (index rows only) or 'noA'.
// Session 18: a6 re-encodes each version 5 index value of SRC as the version 6 value this code writes for it (the
// same position and entry, no path start: ChainIndexesFormat.encodePathlessAnchor's bytes, version byte and CRC
// included); without it the replay writes SRC's values as they are (version 5 from a base-tree node).
// Counts are taken after the background has settled; one line per variant and round.
import io.cairn.lsm.api.*;
import java.lang.management.*;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.*;
import java.util.*;

/** Replays a member's ledger, block by block as the apply writes it (one batch per block, a multiGet of its index keys first). */
public class LedgerWriteAmp {
  /** One block's rows: its sequential rows (B, T, E, S) and its index rows (A) and hash row (H). */
  record Unit(long height, List<byte[]> seqKeys, List<byte[]> seqValues, List<byte[]> aValues, byte[] hValue) {}

  static Options options(String v) {
    Options.Builder b = Options.builder().memTableRep(MemTableRep.SORTED_RUNS);
    for (String part : v.split("\\+")) {
      if (part.equals("node") || part.equals("ashort") || part.equals("aseq") || part.equals("a6")) continue; // layouts, below
      else if (part.equals("nocomp")) b.compression(Compression.NONE);
      else if (part.startsWith("l0t")) b.l0CompactionTrigger(Integer.parseInt(part.substring(3)));
      else if (part.startsWith("l1m")) b.level1MaxBytes(Long.parseLong(part.substring(3)) << 20);
      else if (part.startsWith("mult")) b.levelSizeMultiplier(Integer.parseInt(part.substring(4)));
      else if (part.startsWith("file")) b.targetFileBytes(Long.parseLong(part.substring(4)) << 20);
      else if (part.equals("nol0merge")) b.l0MergeMaxBytes(0);
      else if (part.startsWith("sub")) b.maxSubcompactions(Integer.parseInt(part.substring(3)));
      else if (part.startsWith("slow")) b.l0SlowdownTrigger(Integer.parseInt(part.substring(4)));
      else if (part.startsWith("stop")) b.l0StopTrigger(Integer.parseInt(part.substring(4)));
      else if (part.startsWith("bloom")) b.bloomBitsPerKey(Integer.parseInt(part.substring(5)));
      else if (part.startsWith("wb")) b.writeBufferBytes(Long.parseLong(part.substring(2)) << 20);
      else throw new IllegalArgumentException("unknown option part " + part);
    }
    return b.build();
  }

  static long heightOf(byte[] value) {
    return ByteBuffer.wrap(value, 1, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  public static void main(String[] a) throws Exception {
    Path src = Path.of(a[0]);
    Path work = Path.of(a[1]);
    long records = Long.parseLong(a[2]);
    String[] variants = a[3].split(",");
    int rounds = Integer.parseInt(a[4]);
    String only = a.length > 5 ? a[5] : "all";
    TreeMap<Long, Unit> units = new TreeMap<>();
    Map<Character, long[]> perTable = new TreeMap<>();
    try (Db db = Cairn.open(src, Options.defaults()); DbIterator it = db.newIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] k = it.key(), v = it.value();
        char t = (char) k[0];
        long[] c = perTable.computeIfAbsent(t, x -> new long[3]);
        c[0]++; c[1] += k.length; c[2] += v.length;
        long h;
        if (t == 'A' || t == 'H') h = heightOf(v);
        else if ((t == 'B' || t == 'T' || t == 'E') && k.length >= 9) h = ByteBuffer.wrap(k, 1, 8).getLong();
        else continue; // S, G, M, N, ...: one-offs; S is added to every block below
        Unit u = units.computeIfAbsent(h, x -> new Unit(x, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), null));
        if (t == 'A') u.aValues().add(v);
        else if (t == 'H') units.put(h, new Unit(h, u.seqKeys(), u.seqValues(), u.aValues(), v));
        else { u.seqKeys().add(k); u.seqValues().add(v); }
      }
    }
    byte[] state = new byte[65];
    long srcRecords = units.values().stream().mapToLong(u -> u.aValues().size()).sum();
    long maxHeight = units.lastKey() + 1;
    System.out.printf("source: %d blocks, %d index rows (records), %.1f per block; rows by table (count, mean key, mean value):%n",
        units.size(), srcRecords, (double) srcRecords / units.size());
    perTable.forEach((t, c) -> System.out.printf("  %s %,d rows, key %.1f B, value %.1f B%n", t, c[0], (double) c[1] / c[0], (double) c[2] / c[0]));
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (int r = 0; r < rounds; r++) {
      for (String v : variants) {
        SplittableRandom rnd = new SplittableRandom(42 + r);
        String name = "wa" + v.replace('+', '_') + r;
        Path dir = work.resolve(name);
        Db db = Cairn.open(dir, options(v));
        long written = 0, user = 0, t0 = System.nanoTime(), applyCpu = 0;
        outer:
        for (long c = 0; ; c++) {
          for (Unit u : units.values()) {
            long t1 = mx.getCurrentThreadCpuTime();
            WriteBatch batch = new WriteBatch();
            long h = u.height() + c * maxHeight;
            if (!only.equals("A")) {
              for (int i = 0; i < u.seqKeys().size(); i++) {
                byte[] k = u.seqKeys().get(i).clone();
                ByteBuffer.wrap(k, 1, 8).putLong(h);
                batch.put(k, u.seqValues().get(i));
                user += k.length + u.seqValues().get(i).length;
              }
              if (u.hValue() != null) {
                byte[] hk = new byte[33]; hk[0] = 'H'; fill(rnd, hk);
                batch.put(hk, u.hValue()); user += 33 + u.hValue().length;
              }
              batch.put(new byte[] {'S'}, state); user += 66;
            }
            if (!only.equals("noA")) {
              byte[][] keys = new byte[u.aValues().size()][];
              for (int i = 0; i < keys.length; i++) { keys[i] = new byte[33]; keys[i][0] = 'A'; fill(rnd, keys[i]); }
              Arrays.sort(keys, Arrays::compare);
              db.multiGet(keys, ReadOptions.DEFAULT);
              for (int i = 0; i < keys.length; i++) {
                byte[] value = u.aValues().get(i);
                if (v.contains("a6")) {
                  value = version6(value);
                } else if (v.contains("ashort")) {
                  // layout (a'), not built: the index value without the start of its Merkle path (k = 0)
                  value = Arrays.copyOf(value, value.length - 96);
                } else if (v.contains("aseq")) {
                  // layout (a), not built: the whole value under a commit-order key, a 17-byte position under the hash
                  byte[] pk = new byte[17]; pk[0] = 'P'; ByteBuffer.wrap(pk, 1, 16).putLong(h).putLong(i);
                  batch.put(pk, value); user += pk.length + value.length;
                  value = Arrays.copyOf(value, 17);
                }
                batch.put(keys[i], value); user += 33 + value.length;
              }
            }
            db.write(batch);
            applyCpu += mx.getCurrentThreadCpuTime() - t1;
            written += u.aValues().size();
            if (written >= records) break outer;
          }
        }
        long[] cpu = LogReplay.settledBackgroundCpu(db, name, mx, 1500);
        DbStats s = db.stats();
        List<Long> levels = s.bytesPerLevel();
        db.close();
        double n = written;
        System.out.printf("round %d %-22s records %,d user %.0f MB (%.1f B/rec) wall %.0f s | flushes %d, flush %.1f B/rec; compactions %d, read %.1f B/rec, written %.1f B/rec; l0 merges %d, %.1f B/rec; write amp %.2f | cpu per record: apply %.3f us, flush %.3f us, compaction %.3f us | gets: L0 tables asked %.2f, deeper %.2f per key | levels MB %s%n",
            r, v, written, user / 1e6, user / n, (System.nanoTime() - t0) / 1e9, s.flushes(), s.flushBytesWritten() / n,
            s.compactions(), s.compactionBytesRead() / n, s.compactionBytesWritten() / n, s.l0Merges(), s.l0MergeBytesWritten() / n,
            s.writeAmplification(), applyCpu / 1e3 / n, cpu[0] / 1e3 / n, cpu[1] / 1e3 / n,
            (double) s.getL0TablesAsked() / Math.max(1, s.gets()), (double) s.getDeeperTablesAsked() / Math.max(1, s.gets()), levels.stream().map(x -> String.valueOf(x >> 20)).toList());
        LogReplay.deleteTree(dir);
      }
    }
  }

  /**
   * The version 6 value of a version 5 index value: version byte 6, the same position and short entry (u8 hash
   * algorithm, u8 store index, u16 m + [m] record key), no u8 k + k path hashes, a masked CRC32C over it.
   */
  static int checked;

  static byte[] version6(byte[] v5) {
    if (v5[0] != 5) throw new IllegalArgumentException("not a version 5 index value: version " + v5[0]);
    int m = (v5[19] & 0xff) | (v5[20] & 0xff) << 8;
    int end = 21 + m;
    byte[] v6 = Arrays.copyOf(v5, end + 4);
    v6[0] = 6;
    ByteBuffer.wrap(v6, end, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(io.cairn.common.Crc32c.mask(io.cairn.common.Crc32c.of(v6, 0, end)));
    if (checked++ < 1000) { // the tree's decoder reads it as version 6 (it refuses any other layout or CRC)
      var anchor = io.cairn.chain.store.ChainIndexesFormat.decodeAnchor(v6, new byte[32], () -> "a6");
      if (!anchor.pathless()) throw new IllegalStateException("not read as version 6");
    }
    return v6;
  }

  static void fill(SplittableRandom rnd, byte[] k) {
    for (int j = 1; j < k.length; j += 8) {
      long x = rnd.nextLong();
      for (int b = 0; b < 8 && j + b < k.length; b++) k[j + b] = (byte) (x >>> (8 * b));
    }
  }
}
