package io.cairn.lsm.internal.db;

import io.cairn.lsm.api.Options;
import io.cairn.lsm.internal.fs.DbFileNames;
import io.cairn.lsm.internal.fs.InMemoryFileLayer;
import io.cairn.lsm.internal.log.TailPolicy;
import io.cairn.lsm.internal.log.WalSegmentReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * WAL segments of a test database and where a power cut may cut them short: the crash tests of
 * unsynced sealed segments ({@link WalSealedSegmentCrashTest}, {@link WalFlushCrashTest}) share it.
 * A segment keeps every byte up to its synced length; past it a reordered writeback may leave any
 * length, so the cuts are taken at every record boundary, a byte into each record and half-way
 * through it (and in the header and marker), above the synced bytes.
 */
final class WalSegmentCuts {
  private WalSegmentCuts() {}

  /** A WAL segment: its number, bytes synced, length, and where each batch ends (a cut there or later keeps it). */
  record Segment(Path path, long number, long synced, long length, List<Long> batchEnds) {}

  /** The WAL segments of {@code directory} in {@code files}, oldest first, with their batches. */
  /** Opens a database whose flushes and compactions wait, so that its sealed segments stay. */
  static DbImpl openPaused(Path directory, Options options, InMemoryFileLayer files) {
    DbImpl db = DbImpl.open(directory, options, files);
    db.mutex.lock();
    try {
      db.background.pause();
    } finally {
      db.mutex.unlock();
    }
    return db;
  }

  static List<Segment> segments(InMemoryFileLayer files, Path directory) {
    List<Segment> segments = new ArrayList<>();
    for (String name : files.list(directory)) {
      DbFileNames.Parsed parsed = DbFileNames.parse(name);
      if (parsed != null && parsed.kind() == DbFileNames.Kind.LOG) {
        Path path = directory.resolve(name);
        segments.add(new Segment(path, parsed.number(), files.syncedBytes(path), files.contents(path).length,
            batchEnds(files.contents(path), path, parsed.number())));
      }
    }
    segments.sort((a, b) -> Long.compare(a.number(), b.number()));
    return List.copyOf(segments);
  }

  private static List<Long> batchEnds(byte[] bytes, Path path, long number) {
    InMemoryFileLayer copy = new InMemoryFileLayer();
    copy.setContents(path, bytes);
    WalSegmentReader reader = WalSegmentReader.open(copy.openSequential(path), number, TailPolicy.REFUSE_ANY);
    List<Long> starts = new ArrayList<>();
    for (byte[] batch = reader.nextBatch(); batch != null; batch = reader.nextBatch()) {
      starts.add(reader.lastRecordOffset());
    }
    List<Long> ends = new ArrayList<>();
    for (int i = 1; i < starts.size(); i++) {
      ends.add(starts.get(i));
    }
    if (!starts.isEmpty()) {
      ends.add((long) bytes.length);
    }
    return ends;
  }

  /** Every record boundary, a byte into each record and half-way through it, above the synced bytes. */
  static List<Long> cutPoints(Segment segment) {
    List<Long> cuts = new ArrayList<>(List.of(0L, 7L, 31L, 40L));
    long start = 50;
    for (long end : segment.batchEnds()) {
      cuts.addAll(List.of(start, start + 1, (start + end) / 2, end - 1));
      start = end;
    }
    return cuts.stream().filter(cut -> cut >= segment.synced() && cut < segment.length()).distinct().toList();
  }

  /** One random cut per segment (-1: whole), at a listed point or anywhere above the synced bytes. */
  static long[] randomCuts(List<Segment> segments, SplittableRandom random) {
    long[] cuts = new long[segments.size()];
    for (int i = 0; i < cuts.length; i++) {
      Segment segment = segments.get(i);
      List<Long> points = cutPoints(segment);
      cuts[i] = points.isEmpty() || random.nextInt(3) == 0 ? -1
          : random.nextBoolean() ? points.get(random.nextInt(points.size()))
          : random.nextLong(segment.synced(), segment.length());
    }
    return cuts;
  }

  /** Smaller cases: one cut segment left whole. */
  static List<long[]> wholer(long[] cuts) {
    List<long[]> candidates = new ArrayList<>();
    for (int i = 0; i < cuts.length; i++) {
      if (cuts[i] >= 0) {
        long[] candidate = cuts.clone();
        candidate[i] = -1;
        candidates.add(candidate);
      }
    }
    return candidates;
  }

  /**
   * The writes a recovery that reads {@code segments} from index {@code first} on must return,
   * with every write before segment {@code first} kept (a recorded table holds them): up to the
   * first of those segments cut short, and the batches wholly in it (a cut at or past a segment's
   * length, or -1, leaves it whole).
   */
  static int expectedPrefix(List<Segment> segments, long[] cuts, int first) {
    int writes = 0;
    for (int i = 0; i < cuts.length; i++) {
      Segment segment = segments.get(i);
      if (i < first || cuts[i] < 0 || cuts[i] >= segment.length()) {
        writes += segment.batchEnds().size();
        continue;
      }
      for (long end : segment.batchEnds()) {
        writes += end <= cuts[i] ? 1 : 0;
      }
      return writes;
    }
    return writes;
  }

  /** The value of write {@code i}. */
  static byte[] value(int i) {
    byte[] value = new byte[300];
    new SplittableRandom(i).nextBytes(value);
    return value;
  }
}
