package io.cairn.lsm.internal.db;

import static io.cairn.lsm.internal.db.ValueSeparationTest.bytes;
import static io.cairn.lsm.internal.db.ValueSeparationTest.checkReads;
import static io.cairn.lsm.internal.db.ValueSeparationTest.held;
import static io.cairn.lsm.internal.db.ValueSeparationTest.settle;
import static io.cairn.lsm.internal.db.ValueSeparationTest.stored;
import static io.cairn.lsm.internal.db.ValueSeparationTest.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.lsm.api.DbStats;
import io.cairn.lsm.api.L0Mode;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.api.ReadOptions;
import io.cairn.lsm.api.Snapshot;
import io.cairn.lsm.internal.compaction.L0MergePicker;
import io.cairn.lsm.internal.fs.InMemoryFileLayer;
import io.cairn.lsm.internal.version.FileMetaData;
import io.cairn.lsm.internal.version.Version;
import io.cairn.pmem.testing.CrashSimulatingDirectory;
import io.cairn.testing.Property;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The pmem-sized L0's merges with key-value separation (session 11): a merge writes keys and
 * value references, the values stay in the flushed tables' Containers, the merged table's
 * references keep them alive, and the tiers weigh a table by the data it stands for.
 */
class L0ReferenceMergeTest {
  private static final Path DIRECTORY = Path.of("/db");
  private static final Options SIZED = Options.builder().l0Mode(L0Mode.PMEM).writeBufferBytes(16 << 10)
      .targetFileBytes(8 << 10).level1MaxBytes(32 << 10).blockCacheBytes(0).pmemSizedL0(true)
      .pmemValueSeparation(true).build();

  @Test
  void mergesCopyKeysAndReferencesNotValues() {
    InMemoryFileLayer files = new InMemoryFileLayer();
    CrashSimulatingDirectory pmem = new CrashSimulatingDirectory("ref-merge");
    TreeMap<String, byte[]> model = new TreeMap<>();
    SplittableRandom random = new SplittableRandom(11);
    int flushes = L0MergePicker.DEFAULT_FAN_IN * L0MergePicker.DEFAULT_FAN_IN;
    try (DbImpl db = DbImpl.open(DIRECTORY, SIZED, files, pmem)) {
      Snapshot first = null;
      TreeMap<String, byte[]> atFirst = null;
      for (int flush = 0; flush < flushes; flush++) {
        for (int i = 0; i < 12; i++) {
          ValueSeparationTest.put(db, model, "k" + random.nextInt(150), value(random, i % 4 == 0 ? 20 : 1500));
        }
        String deleted = "k" + random.nextInt(150);
        db.delete(bytes(deleted));
        model.remove(deleted);
        db.writes.flushMemTable();
        awaitNoMergeDue(db);
        if (flush == 2) {
          first = db.getSnapshot();
          atFirst = new TreeMap<>(model);
        }
      }
      DbStats stats = db.stats();
      assertThat(stats.l0Merges()).as("tier merges").isGreaterThanOrEqualTo(L0MergePicker.DEFAULT_FAN_IN);
      assertThat(stats.l0MergeValueBytesKept()).as("values left in place").isPositive();
      assertThat(stats.l0MergeBytesWritten()).as("merges write keys and references, not the %d value bytes kept",
          stats.l0MergeValueBytesKept()).isLessThan(stats.l0MergeValueBytesKept() / 4);
      Version version = db.versions.refCurrent();
      try {
        assertThat(version.fileCount(0)).as("tiers by data bytes: fewer than fan-in tables per tier")
            .isLessThan(2 * L0MergePicker.DEFAULT_FAN_IN);
        assertThat(version.files(0).stream().anyMatch(file -> !file.containerRefs().isEmpty())).isTrue();
        long dataBytes = version.files(0).stream().mapToLong(FileMetaData::dataBytes).sum();
        assertThat(version.level0DataBytes()).isEqualTo(dataBytes).isGreaterThan(version.levelBytes(0));
        assertThat(stored(pmem)).as("pmem holds what the version lists or references").containsAll(held(version));
      } finally {
        version.unref();
      }
      checkReads(db, model, ReadOptions.DEFAULT);
      checkReads(db, atFirst, new ReadOptions(first, true, true));
      first.close();
      db.compactRange(null, null);
      checkReads(db, model, ReadOptions.DEFAULT);
      settle(db, pmem);
    }
    try (DbImpl db = DbImpl.open(DIRECTORY, SIZED.toBuilder().pmemValueSeparation(false).build(), files, pmem)) {
      checkReads(db, model, ReadOptions.DEFAULT);
    }
  }

  /**
   * Flushes queued behind each other (four memtables, no waiting between writes): tier merges are
   * reserved before a flush and run beside it ({@code CompactionScheduler.beforeFlush}); whatever
   * interleaving the threads take, every read matches the model, the snapshot's too, and L0 ends
   * with fewer than fan-in tables per tier.
   */
  @Test
  void mergesBesideQueuedFlushesKeepEveryRead() {
    Property.of("tier merges beside queued flushes", random -> random.nextLong())
        .trials(4)
        .check(seed -> {
          SplittableRandom random = new SplittableRandom(seed);
          InMemoryFileLayer files = new InMemoryFileLayer();
          CrashSimulatingDirectory pmem = new CrashSimulatingDirectory("queued-" + seed);
          TreeMap<String, byte[]> model = new TreeMap<>();
          Options options = SIZED.toBuilder().maxWriteBufferNumber(4).build();
          try (DbImpl db = DbImpl.open(DIRECTORY, options, files, pmem)) {
            Snapshot snapshot = null;
            TreeMap<String, byte[]> atSnapshot = null;
            for (int i = 0; i < 1500; i++) {
              String key = "k" + random.nextInt(400);
              if (random.nextInt(10) == 0) {
                db.delete(bytes(key));
                model.remove(key);
              } else {
                ValueSeparationTest.put(db, model, key, value(random, random.nextInt(1, 1200)));
              }
              if (i == 700) {
                snapshot = db.getSnapshot();
                atSnapshot = new TreeMap<>(model);
              }
            }
            db.writes.flushMemTable();
            awaitNoMergeDue(db);
            checkReads(db, model, ReadOptions.DEFAULT);
            checkReads(db, atSnapshot, new ReadOptions(snapshot, true, true));
            snapshot.close();
            assertThat(db.stats().l0Merges()).isPositive();
          }
          try (DbImpl db = DbImpl.open(DIRECTORY, options, files, pmem)) {
            checkReads(db, model, ReadOptions.DEFAULT);
          }
        });
  }

  @Test
  void withoutSeparationMergesCopyValues() {
    InMemoryFileLayer files = new InMemoryFileLayer();
    CrashSimulatingDirectory pmem = new CrashSimulatingDirectory("copy-merge");
    SplittableRandom random = new SplittableRandom(5);
    try (DbImpl db = DbImpl.open(DIRECTORY, SIZED.toBuilder().pmemValueSeparation(false).build(), files, pmem)) {
      for (int flush = 0; flush < L0MergePicker.DEFAULT_FAN_IN; flush++) {
        for (int i = 0; i < 10; i++) {
          db.put(bytes("k" + flush + "-" + i), value(random, 1500));
        }
        db.writes.flushMemTable();
        awaitNoMergeDue(db);
      }
      assertThat(db.stats().l0Merges()).isEqualTo(1);
      assertThat(db.stats().l0MergeValueBytesKept()).isZero();
      assertThat(db.stats().l0MergeBytesWritten()).isGreaterThan(40 * 1500);
      assertThat(db.stats().l0MergeEntries()).isEqualTo(40);
    }
  }

  /**
   * Model vs engine, seeded: random puts (inline and Container values), deletes, flushes,
   * snapshots, reopens (with separation drawn: a merge without it must still record the references
   * its inputs hold) and compactRanges; after each step every read and
   * the snapshot's reads match the model, and pmem holds every NVMTable the version lists or
   * references.
   */
  @Test
  void referenceMergesMatchTheModel() {
    Property.of("L0 reference merges against the model", random -> random.nextLong())
        .trials(24)
        .check(L0ReferenceMergeTest::runModel);
  }

  private static void runModel(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    InMemoryFileLayer files = new InMemoryFileLayer();
    CrashSimulatingDirectory pmem = new CrashSimulatingDirectory("ref-model-" + seed);
    TreeMap<String, byte[]> model = new TreeMap<>();
    DbImpl db = DbImpl.open(DIRECTORY, SIZED, files, pmem);
    Snapshot snapshot = null;
    TreeMap<String, byte[]> atSnapshot = null;
    try {
      for (int step = 0; step < 30; step++) {
        int roll = random.nextInt(20);
        if (roll == 0) {
          if (snapshot != null) {
            snapshot.close();
            snapshot = null;
          }
          db.close();
          db = DbImpl.open(DIRECTORY, SIZED.toBuilder().pmemValueSeparation(random.nextInt(4) != 0).build(), files,
              pmem);
        } else if (roll == 1) {
          db.compactRange(null, null);
        } else if (roll == 2 && snapshot == null) {
          snapshot = db.getSnapshot();
          atSnapshot = new TreeMap<>(model);
        }
        for (int i = random.nextInt(4, 16); i > 0; i--) {
          String key = "k" + random.nextInt(60);
          if (random.nextInt(6) == 0) {
            db.delete(bytes(key));
            model.remove(key);
          } else {
            ValueSeparationTest.put(db, model, key, value(random, random.nextBoolean() ? random.nextInt(1, 33)
                : random.nextInt(33, 900)));
          }
        }
        db.writes.flushMemTable();
        awaitNoMergeDue(db);
        checkReads(db, model, ReadOptions.DEFAULT);
        if (snapshot != null) {
          checkReads(db, atSnapshot, new ReadOptions(snapshot, true, true));
        }
        Version version = db.versions.refCurrent();
        try {
          assertThat(stored(pmem)).as("NVMTables held by the current version").containsAll(held(version));
        } finally {
          version.unref();
        }
      }
    } finally {
      if (snapshot != null) {
        snapshot.close();
      }
      db.close();
    }
  }

  /** Waits until the pmem-sized L0 has no tier merge left to run (the picker finds none in L0). */
  private static void awaitNoMergeDue(DbImpl db) {
    L0MergePicker picker = new L0MergePicker(L0MergePicker.DEFAULT_FAN_IN, SIZED.writeBufferBytes(),
        SIZED.pmemBudgetBytes() / 4);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!picker.pick(db.versions.peekCurrent().files(0)).isEmpty()) {
      assertThat(System.nanoTime()).as("L0 merges done in time").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }
}
