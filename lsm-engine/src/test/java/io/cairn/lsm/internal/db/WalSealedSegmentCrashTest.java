package io.cairn.lsm.internal.db;

import static io.cairn.lsm.internal.db.WalSegmentCuts.cutPoints;
import static io.cairn.lsm.internal.db.WalSegmentCuts.expectedPrefix;
import static io.cairn.lsm.internal.db.WalSegmentCuts.randomCuts;
import static io.cairn.lsm.internal.db.WalSegmentCuts.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.CairnIoException;
import io.cairn.common.CorruptionException;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.api.WriteOptions;
import io.cairn.lsm.internal.db.WalSegmentCuts.Segment;
import io.cairn.lsm.internal.fs.DbFileNames;
import io.cairn.lsm.internal.fs.InMemoryFileLayer;
import io.cairn.lsm.internal.log.LegacyWal;
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
 * Sealed WAL segments are left unsynced at the memtable switch, so the kernel may write back a
 * newer segment before an older one's tail (a reordered writeback). Each case takes the files of
 * a database with three sealed segments and a live one, cuts segments short anywhere above what
 * was synced (at every record boundary and inside records), and recovers: the database must hold
 * exactly a prefix of the acknowledged writes, the longest the surviving bytes allow (the writes
 * before the first segment cut short, and those wholly in it), and never lose a synced write.
 */
class WalSealedSegmentCrashTest {
  private static final Path DIRECTORY = Path.of("/db");
  /** Small memtables, four of them; nothing is flushed while the images are taken. */
  private static final Options OPTIONS = Options.builder().writeBufferBytes(8 << 10).maxWriteBufferNumber(4)
      .blockCacheBytes(0).build();

  /** The files a crash could start from, the segments oldest first and the writes in order. */
  private record Written(Map<Path, byte[]> files, List<Segment> segments, List<String> keys, int syncedWrites) {}

  @Test
  void aSealedSegmentCutAtEveryRecordBoundaryOrInsideARecordLeavesAPrefix() {
    Written written = write(false);
    assertThat(written.segments()).hasSize(4);
    for (int cutSegment = 0; cutSegment < written.segments().size(); cutSegment++) {
      Segment segment = written.segments().get(cutSegment);
      for (long cut : cutPoints(segment)) {
        long[] cuts = new long[written.segments().size()];
        Arrays.fill(cuts, -1);
        cuts[cutSegment] = cut;
        recoverAndCheck(written, cuts, OPTIONS);
      }
    }
  }

  @Test
  void reorderedWritebackOfEverySegmentLeavesAPrefixAndKeepsSyncedWrites() {
    for (boolean synced : new boolean[] {false, true}) {
      Written written = write(synced);
      Property.of("recovery after a reordered writeback keeps a prefix of the writes", random -> randomCuts(written.segments(), random))
          .shrinkWith(WalSegmentCuts::wholer)
          .describeWith(cuts -> "cuts " + Arrays.toString(cuts) + " of segments " + written.segments())
          .trials(60)
          .check(cuts -> recoverAndCheck(written, cuts, OPTIONS));
    }
  }

  @Test
  void paranoidChecksRefuseToDropSegmentsAfterAHole() {
    Written written = write(false);
    Segment sealed = written.segments().getFirst();
    long[] cuts = {sealed.batchEnds().get(sealed.batchEnds().size() / 2), -1, -1, -1};
    InMemoryFileLayer files = image(written, cuts);
    assertThatThrownBy(() -> DbImpl.open(DIRECTORY, OPTIONS.toBuilder().paranoidChecks(true).build(), files).close())
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining("starts at sequence");
  }

  @Test
  void theFirstSyncedWriteInEachSegmentSyncsTheDirectoryOnce() {
    InMemoryFileLayer files = new InMemoryFileLayer();
    try (DbImpl db = DbImpl.open(DIRECTORY, OPTIONS, files)) {
      db.mutex.lock();
      try {
        db.background.pause();
      } finally {
        db.mutex.unlock();
      }
      long before = files.directorySyncs();
      db.put(bytes("s1"), value(1), WriteOptions.SYNC);
      assertThat(files.directorySyncs()).as("a synced write in a new segment names it").isEqualTo(before + 1);
      db.put(bytes("s2"), value(2), WriteOptions.SYNC);
      assertThat(files.directorySyncs()).as("once per segment").isEqualTo(before + 1);
      int sealed = sealedCount(db);
      for (int i = 0; sealedCount(db) == sealed; i++) {
        db.put(bytes(String.format("u%05d", i)), value(i), WriteOptions.DEFAULT);
      }
      assertThat(files.directorySyncs()).as("unsynced writes and the switch sync no directory").isEqualTo(before + 1);
      db.put(bytes("s3"), value(3), WriteOptions.SYNC);
      assertThat(files.directorySyncs()).as("the next segment is named by its first synced write")
          .isEqualTo(before + 2);
    }
  }

  private static byte[] bytes(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aWalOfVersionOneWrittenBeforeMarkersIsStillReplayed() {
    InMemoryFileLayer files = new InMemoryFileLayer();
    DbImpl.open(DIRECTORY, OPTIONS, files).close();
    long number = files.list(DIRECTORY).stream().map(DbFileNames::parse)
        .filter(parsed -> parsed != null && parsed.kind() == DbFileNames.Kind.LOG).findFirst().orElseThrow().number();
    files.setContents(DbFileNames.log(DIRECTORY, number), LegacyWal.versionOneSegment(number, LegacyWal.batch(1, 2)));
    files.setContents(DbFileNames.log(DIRECTORY, number + 100),
        LegacyWal.versionOneSegment(number + 100, LegacyWal.batch(3, 1)));
    try (DbImpl db = DbImpl.open(DIRECTORY, OPTIONS, files)) {
      assertThat(ModelRun.contents(db, null)).containsOnlyKeys("a", "b");
      assertThat(db.versions.lastSequence()).isEqualTo(3);
      db.put("c".getBytes(StandardCharsets.UTF_8), value(3), WriteOptions.DEFAULT);
    }
    try (DbImpl db = DbImpl.open(DIRECTORY, OPTIONS, files)) {
      assertThat(ModelRun.contents(db, null)).containsOnlyKeys("a", "b", "c");
    }
  }

  /** Runs the writes; with {@code synced}, the last write before the live segment's is synced. */
  private static Written write(boolean synced) {
    InMemoryFileLayer files = new InMemoryFileLayer();
    DbImpl db = WalSegmentCuts.openPaused(DIRECTORY, OPTIONS, files);
    List<String> keys = new ArrayList<>();
    int syncedWrites = 0;
    int liveWrites = 0;
    for (int i = 0; liveWrites < 20; i++) {
      String key = String.format("k%05d", i);
      // The synced write lands in the third segment; the rest of it and the live one stay unsynced.
      boolean sync = synced && sealedCount(db) == 2 && syncedWrites == 0;
      db.put(key.getBytes(StandardCharsets.UTF_8), value(i), sync ? WriteOptions.SYNC : WriteOptions.DEFAULT);
      keys.add(key);
      syncedWrites = sync ? keys.size() : syncedWrites;
      liveWrites += sealedCount(db) == 3 ? 1 : 0;
    }
    assertThat(sealedCount(db)).isEqualTo(3);
    Map<Path, byte[]> images = new TreeMap<>();
    for (String name : files.list(DIRECTORY)) {
      Path path = DIRECTORY.resolve(name);
      images.put(path, files.contents(path));
    }
    List<Segment> segments = WalSegmentCuts.segments(files, DIRECTORY);
    files.crash();
    try {
      db.close();
    } catch (CairnIoException expected) {
      // The machine is down: close cannot sync, and must not have synced anything of the images.
    }
    return new Written(images, segments, List.copyOf(keys), syncedWrites);
  }

  private static int sealedCount(DbImpl db) {
    db.mutex.lock();
    try {
      return db.memtables.immutableCount();
    } finally {
      db.mutex.unlock();
    }
  }

  private static InMemoryFileLayer image(Written written, long[] cuts) {
    InMemoryFileLayer files = new InMemoryFileLayer();
    written.files().forEach(files::setContents);
    for (int i = 0; i < cuts.length; i++) {
      if (cuts[i] >= 0) {
        Path path = written.segments().get(i).path();
        files.setContents(path, Arrays.copyOf(written.files().get(path), (int) cuts[i]));
      }
    }
    return files;
  }

  private static void recoverAndCheck(Written written, long[] cuts, Options options) {
    int prefix = expectedPrefix(written.segments(), cuts, 0);
    assertThat(prefix).as("a synced write survives any writeback order").isGreaterThanOrEqualTo(written.syncedWrites());
    InMemoryFileLayer files = image(written, cuts);
    TreeMap<String, byte[]> found;
    try (DbImpl db = DbImpl.open(DIRECTORY, options, files)) {
      found = ModelRun.contents(db, null);
    }
    TreeMap<String, byte[]> expected = new TreeMap<>();
    for (int i = 0; i < prefix; i++) {
      expected.put(written.keys().get(i), value(i));
    }
    assertThat(found.keySet()).as("recovered writes after cuts %s", Arrays.toString(cuts))
        .containsExactlyElementsOf(expected.keySet());
    assertThat(ModelRun.sameContents(found, expected)).isTrue();
    // The recovered database takes writes and keeps them, with the dropped segments gone.
    try (DbImpl db = DbImpl.open(DIRECTORY, options, files)) {
      db.put("after".getBytes(StandardCharsets.UTF_8), value(-1), WriteOptions.SYNC);
    }
    try (DbImpl db = DbImpl.open(DIRECTORY, options, files)) {
      assertThat(ModelRun.contents(db, null)).hasSize(prefix + 1);
    }
  }
}
