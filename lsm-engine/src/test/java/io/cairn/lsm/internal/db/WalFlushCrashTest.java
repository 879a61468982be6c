package io.cairn.lsm.internal.db;

import static io.cairn.lsm.internal.db.WalSegmentCuts.expectedPrefix;
import static io.cairn.lsm.internal.db.WalSegmentCuts.randomCuts;
import static io.cairn.lsm.internal.db.WalSegmentCuts.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.common.CairnIoException;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.api.WriteOptions;
import io.cairn.lsm.internal.db.WalSegmentCuts.Segment;
import io.cairn.lsm.internal.fs.DbFileNames;
import io.cairn.lsm.internal.fs.InMemoryFileLayer;
import io.cairn.testing.Property;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The flush never syncs the sealed WAL segments it writes to L0 (session 12): they stay unsynced
 * from the switch until their table is recorded in the MANIFEST, and are then closed and deleted
 * unsynced. A database with three sealed segments (one of them holding a synced write, or not) and a
 * live one flushes them as one table, and the machine crashes right after each change that flush
 * makes in turn (the table's appends and sync, the directory sync, the MANIFEST record and its
 * sync, each segment's deletion). Every file keeps only its synced bytes, except the WAL segments,
 * which a reordered writeback may leave anywhere between their synced bytes and their length.
 * Recovery must hold exactly a prefix of the writes: every write of the flushed memtables once the
 * MANIFEST record is durable, else the longest prefix the surviving segments allow; and never lose
 * a synced write.
 */
class WalFlushCrashTest {
  private static final Path DIRECTORY = Path.of("/db");
  private static final Options OPTIONS = Options.builder().writeBufferBytes(8 << 10).maxWriteBufferNumber(4)
      .blockCacheBytes(0).build();
  private static final long WAIT_NANOS = 30_000_000_000L;

  /**
   * The files a power cut at one change of the flush leaves (non-WAL files cut to their synced
   * bytes), the WAL segments as written before the flush, whether the MANIFEST record was durable.
   */
  private record Crashed(Map<Path, byte[]> files, List<Segment> segments, boolean recorded, int syncedWrites,
      List<String> changes) {}

  @Test
  void aCrashAfterEveryChangeOfTheFlushLeavesAPrefixAndKeepsRecordedAndSyncedWrites() {
    for (boolean synced : new boolean[] {false, true}) {
      Crashed whole = crashDuringFlush(synced, 0);
      List<String> changes = whole.changes();
      assertThat(changes).as("the flush writes and syncs a table, records it and deletes the segments")
          .anyMatch(change -> change.startsWith("sync ") && change.endsWith(".sst"))
          .anyMatch(change -> change.startsWith("sync ") && change.contains("MANIFEST"))
          .anyMatch(change -> change.startsWith("delete ") && change.endsWith(".log"))
          .noneMatch(change -> change.startsWith("sync ") && change.endsWith(".log"));
      for (int at = 1; at <= changes.size(); at++) {
        Crashed crashed = crashDuringFlush(synced, at);
        assertThat(crashed.changes()).as("the same flush, cut after change %d", at)
            .containsExactlyElementsOf(changes.subList(0, at));
        long[] none = new long[crashed.segments().size()];
        Arrays.fill(none, -1);
        recoverAndCheck(crashed, none);
        long[] synchronous = new long[crashed.segments().size()];
        for (int i = 0; i < synchronous.length; i++) {
          synchronous[i] = crashed.segments().get(i).synced();
        }
        recoverAndCheck(crashed, synchronous);
        Property.of("a crash after change " + at + " (" + changes.get(at - 1) + ") of the flush leaves a prefix",
                random -> randomCuts(crashed.segments(), random))
            .shrinkWith(WalSegmentCuts::wholer)
            .describeWith(cuts -> "cuts " + Arrays.toString(cuts) + " of segments " + crashed.segments())
            .trials(6)
            .check(cuts -> recoverAndCheck(crashed, cuts));
      }
    }
  }

  /**
   * Writes three sealed memtables and a live one (with {@code synced}, one synced write in the third
   * sealed segment), lets the flush run and crashes the machine after its {@code at}-th change, or
   * after it finished when {@code at} is 0.
   */
  private static Crashed crashDuringFlush(boolean synced, int at) {
    InMemoryFileLayer files = new InMemoryFileLayer();
    DbImpl db = WalSegmentCuts.openPaused(DIRECTORY, OPTIONS, files);
    int syncedWrites = 0;
    int writes = 0;
    for (int liveWrites = 0; liveWrites < 20; writes++) {
      boolean sync = synced && sealedCount(db) == 2 && syncedWrites == 0;
      db.put(key(writes), value(writes), sync ? WriteOptions.SYNC : WriteOptions.DEFAULT);
      syncedWrites = sync ? writes + 1 : syncedWrites;
      liveWrites += sealedCount(db) == 3 ? 1 : 0;
    }
    assertThat(sealedCount(db)).isEqualTo(3);
    List<Segment> segments = WalSegmentCuts.segments(files, DIRECTORY);
    assertThat(segments).hasSize(4);
    files.crashAfterChanges(at);
    db.mutex.lock();
    try {
      db.background.resume();
    } finally {
      db.mutex.unlock();
    }
    awaitCrashOrFlush(db, files, segments.size() - 1);
    files.crash();
    List<String> changes = files.changes();
    boolean recorded = changes.stream().anyMatch(change -> change.startsWith("sync ") && change.contains("MANIFEST"));
    Map<Path, byte[]> images = new TreeMap<>();
    for (String name : files.list(DIRECTORY)) {
      Path path = DIRECTORY.resolve(name);
      DbFileNames.Parsed parsed = DbFileNames.parse(name);
      boolean log = parsed != null && parsed.kind() == DbFileNames.Kind.LOG;
      byte[] bytes = files.contents(path);
      images.put(path, log ? bytes : Arrays.copyOf(bytes, (int) files.syncedBytes(path)));
    }
    // The segments' synced bytes as the crash left them (the flush syncs none of them).
    List<Segment> atCrash = new ArrayList<>();
    for (Segment segment : segments) {
      long syncedBytes = files.exists(segment.path()) ? files.syncedBytes(segment.path()) : segment.length();
      atCrash.add(new Segment(segment.path(), segment.number(), syncedBytes, segment.length(), segment.batchEnds()));
    }
    try {
      db.close();
    } catch (CairnIoException expected) {
      // The machine is down: close cannot sync.
    }
    return new Crashed(images, List.copyOf(atCrash), recorded, syncedWrites, changes);
  }

  /** Waits until the machine is down, or the flush deleted the {@code sealed} segments it wrote. */
  private static void awaitCrashOrFlush(DbImpl db, InMemoryFileLayer files, int sealed) {
    long deadline = System.nanoTime() + WAIT_NANOS;
    while (!files.crashed()) {
      long deleted = files.changes().stream().filter(change -> change.startsWith("delete ") && change.endsWith(".log"))
          .count();
      if (deleted == sealed && db.background.idle()) {
        return;
      }
      assertThat(System.nanoTime()).as("the flush ends or crashes in time").isLessThan(deadline);
      Thread.onSpinWait();
      Thread.yield();
    }
  }

  private static void recoverAndCheck(Crashed crashed, long[] cuts) {
    List<Segment> segments = crashed.segments();
    // Once the record is durable, recovery starts at the live segment (the flush took all three).
    int first = crashed.recorded() ? segments.size() - 1 : 0;
    int prefix = expectedPrefix(segments, cuts, first);
    assertThat(prefix).as("a synced write survives").isGreaterThanOrEqualTo(crashed.syncedWrites());
    InMemoryFileLayer files = new InMemoryFileLayer();
    crashed.files().forEach(files::setContents);
    for (int i = 0; i < cuts.length; i++) {
      Path path = segments.get(i).path();
      if (cuts[i] >= 0 && crashed.files().containsKey(path)) {
        files.setContents(path, Arrays.copyOf(crashed.files().get(path), (int) cuts[i]));
      }
    }
    TreeMap<String, byte[]> found;
    try (DbImpl db = DbImpl.open(DIRECTORY, OPTIONS, files)) {
      found = ModelRun.contents(db, null);
    }
    TreeMap<String, byte[]> expected = new TreeMap<>();
    for (int i = 0; i < prefix; i++) {
      expected.put(new String(key(i), StandardCharsets.UTF_8), value(i));
    }
    assertThat(found.keySet()).as("recovered writes after %s with cuts %s", crashed.changes(), Arrays.toString(cuts))
        .containsExactlyElementsOf(expected.keySet());
    assertThat(ModelRun.sameContents(found, expected)).isTrue();
  }

  private static byte[] key(int i) {
    return String.format("k%05d", i).getBytes(StandardCharsets.UTF_8);
  }

  private static int sealedCount(DbImpl db) {
    db.mutex.lock();
    try {
      return db.memtables.immutableCount();
    } finally {
      db.mutex.unlock();
    }
  }
}
