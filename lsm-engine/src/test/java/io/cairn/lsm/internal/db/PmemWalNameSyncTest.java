package io.cairn.lsm.internal.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.lsm.api.L0Mode;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.api.WriteOptions;
import io.cairn.lsm.internal.fs.InMemoryFileLayer;
import io.cairn.pmem.testing.CrashSimulatingDirectory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Session 18: a synced write into a new WAL segment on pmem does not {@code fsync} the database's
 * disk directory (the segment's name was durable when its extent was created or claimed), while
 * one on disk still does; and the synced writes of such segments survive a power cut of both the
 * disk (unsynced bytes dropped) and pmem (a crash image), across memtable switches.
 */
class PmemWalNameSyncTest {
  private static final Path DIRECTORY = Path.of("/db");
  private static final Options OPTIONS = Options.builder().l0Mode(L0Mode.PMEM).writeBufferBytes(64 << 10)
      .targetFileBytes(16 << 10).blockCacheBytes(0).pmemValueSeparation(false)
      // no compaction into L1 in these runs (its SSTables' names are synced in the directory, rightly)
      .l0CompactionTrigger(40).l0SlowdownTrigger(44).l0StopTrigger(48).build();

  @Test
  void aSyncedWriteToANewPmemSegmentSyncsNoDiskDirectoryButOneOnDiskDoes() {
    assertThat(directorySyncsOfSyncedWrites(true)).as("WAL on pmem").isZero();
    assertThat(directorySyncsOfSyncedWrites(false)).as("WAL on disk: the first synced write of each segment")
        .isGreaterThanOrEqualTo(2);
  }

  /** Directory syncs made by synced writes spread over several new WAL segments (before close). */
  private static long directorySyncsOfSyncedWrites(boolean walOnPmem) {
    InMemoryFileLayer files = new InMemoryFileLayer();
    Options options = OPTIONS.toBuilder().walOnPmem(walOnPmem).build();
    try (DbImpl db = DbOpener.open(DIRECTORY, options, files, new CrashSimulatingDirectory(), Runnable::run)) {
      long before = files.directorySyncs();
      byte[] value = new byte[1000];
      // about five memtables of synced writes: each switch starts a new segment
      for (int i = 0; i < 300; i++) {
        db.put(key(i), value, WriteOptions.SYNC);
      }
      return files.directorySyncs() - before;
    }
  }

  @Test
  void syncedWritesInPmemSegmentsSurviveAPowerCutOfDiskAndPmem() {
    for (long seed = 1; seed <= 5; seed++) {
      InMemoryFileLayer files = new InMemoryFileLayer();
      CrashSimulatingDirectory pmem = new CrashSimulatingDirectory();
      int synced;
      SplittableRandom random = new SplittableRandom(seed);
      DbImpl db = DbOpener.open(DIRECTORY, OPTIONS, files, pmem, Runnable::run);
      byte[] value = new byte[500 + random.nextInt(1000)];
      synced = 150 + random.nextInt(150); // two to six memtables' worth
      for (int i = 0; i < synced; i++) {
        db.put(key(i), value, WriteOptions.SYNC);
      }
      // The power cut: the disk first (the flush thread's later changes fail), then pmem's image, so
      // no MANIFEST edit on disk can name a table the image does not hold.
      files.crash();
      CrashSimulatingDirectory image = pmem.crash(seed);
      try {
        db.close(); // stops the old instance's threads; on the dead disk its changes fail
      } catch (RuntimeException dead) {
        // expected: the machine is down
      }
      files.restart(); // unsynced disk bytes dropped, locks released
      try (DbImpl reopened = DbOpener.open(DIRECTORY, OPTIONS, files, image, Runnable::run)) {
        for (int i = 0; i < synced; i++) {
          assertThat(reopened.get(key(i))).as("synced write %d of %d after the power cut (seed %d)", i, synced, seed)
              .isEqualTo(value);
        }
      }
    }
  }

  private static byte[] key(int i) {
    return String.format("key%08d", i).getBytes(StandardCharsets.UTF_8);
  }
}
