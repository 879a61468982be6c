package io.cairn.lsm.internal.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.lsm.api.DbIterator;
import io.cairn.lsm.api.L0Mode;
import io.cairn.lsm.api.MemTableRep;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.api.WriteOptions;
import io.cairn.lsm.internal.fs.DbFileNames;
import io.cairn.lsm.internal.fs.FileLayer;
import io.cairn.lsm.internal.fs.ForwardingFileLayer;
import io.cairn.lsm.internal.fs.InMemoryFileLayer;
import io.cairn.lsm.internal.version.FileMetaData;
import io.cairn.lsm.internal.version.Version;
import io.cairn.pmem.api.PmemDirectory;
import io.cairn.pmem.l0.L0TableSet;
import io.cairn.pmem.l0.NvmTable;
import io.cairn.pmem.testing.CrashSimulatingDirectory;
import io.cairn.pmem.testing.CrashSweep;
import io.cairn.pmem.testing.PersistPoint;
import io.cairn.pmem.testing.PowerCutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Power cuts at every persist point of the pmem L0's minor compaction (memtable to NVMTable) and
 * of its L0→L1 handover (slice compactions, then the NVMTables' removal), with the disk crashed at
 * the same moment (unsynced bytes dropped): after recovery the database holds exactly the
 * writes up to the last synced one, plus at most a prefix of those after it, nothing lost and
 * nothing extra, and the pmem directory holds exactly the NVMTables the MANIFEST lists.
 *
 * <p>Session 15: every sweep runs with the WAL on disk and on pmem ({@link Wal}; on pmem is the
 * engine's default with the L0 on pmem), and every open prepares the pmem WAL's extents on the
 * opening thread ({@code Runnable::run}), so that each run reaches the same persist points.
 */
class PmemL0CrashSweepTest {
  /** Where a sweep keeps the WAL. */
  enum Wal {
    DISK,
    PMEM,
    /** On pmem, with the memtables as sorted runs ({@code MemTableRep.SORTED_RUNS}, session 16). */
    PMEM_SORTED_RUNS;

    /** {@code options} with the WAL here (and the memtable it names). */
    Options on(Options options) {
      return options.toBuilder().walOnPmem(this != DISK)
          .memTableRep(this == PMEM_SORTED_RUNS ? MemTableRep.SORTED_RUNS : MemTableRep.SKIPLIST).build();
    }
  }

  private static final Path DIRECTORY = Path.of("/db");
  /** The sweeps' options, with the WAL where the engine puts it by default (on pmem since session 15). */
  private static final Options OPTIONS = Options.builder().l0Mode(L0Mode.PMEM).writeBufferBytes(1 << 20)
      .targetFileBytes(4 << 10).level1MaxBytes(10 << 20).l0CompactionTrigger(8).l0SlowdownTrigger(8)
      .l0StopTrigger(12).l0SliceBytes(16 << 10).blockCacheBytes(0).pmemValueSeparation(false).build();

  private static final Options WAL_ON_PMEM = Wal.PMEM.on(OPTIONS);
  /** The pmem-sized L0: four flushed tables are merged into one on pmem. */
  private static final Options PMEM_SIZED = OPTIONS.toBuilder().pmemSizedL0(true).build();
  /**
   * The pmem-sized L0 with key-value separation: the merge writes keys and value references, and
   * the four flushed tables stay on pmem as the Containers of the merged table's values.
   */
  private static final Options PMEM_SIZED_KV = PMEM_SIZED.toBuilder().pmemValueSeparation(true).build();

  /**
   * The paper's L0 (a table limit) with intra-L0 merges: at the third table L0 is at the slowdown
   * trigger, and the newest tables are merged into one NVMTable before any L0→L1 compaction.
   */
  private static final Options INTRA_L0 = OPTIONS.toBuilder().l0CompactionTrigger(3).l0SlowdownTrigger(3).build();

  /** Key-value separation: the handover writes value references, and the NVMTables stay as Containers. */
  private static final Options KV_SEPARATION = OPTIONS.toBuilder().pmemValueSeparation(true).build();

  /**
   * Key-value separation with every Container held by references alone picked for relocation:
   * the second handover copies the surviving values of the first flush into value Containers.
   */
  private static final Options RELOCATING = KV_SEPARATION.toBuilder().pmemValueGcAgeCutoff(1.0).build();

  /** The disk of the case being run, and every write that returned on it (synced or not). */
  private InMemoryFileLayer files;
  private TreeMap<String, byte[]> acknowledged;
  /**
   * The contents once the last synced write returned: what a power cut may not lose. Session 15:
   * with the WAL on pmem a cut can fall inside a sync (its flushes and fence are persist points),
   * so the writes since then survive as any prefix of {@link #sinceSync}, the last one possibly in
   * flight. (With the WAL on disk a sync is no pmem persist point, and the list is empty at every cut.)
   */
  private TreeMap<String, byte[]> durable;
  /** The writes since {@link #durable}, in order (a null value: a delete); the last may be in flight. */
  private List<Write> sinceSync;

  /** One write of a workload: a put, or with a null value a delete. */
  private record Write(String key, byte[] value) {}

  /** Starts a workload's model: nothing written. */
  private void startModel() {
    acknowledged = new TreeMap<>();
    durable = new TreeMap<>();
    sinceSync = new ArrayList<>();
  }

  /** Records a write about to be made (not yet synced). */
  private void writing(String key, byte[] value) {
    sinceSync.add(new Write(key, value));
  }

  /** Records that the writes recorded so far returned, the last one synced: all of them are durable. */
  private void synced() {
    durable = new TreeMap<>(acknowledged);
    sinceSync.clear();
  }

  @ParameterizedTest(name = "WAL on {0}")
  @EnumSource(Wal.class)
  void powerCutAtEveryPersistPointOfAFlushLosesNoAcknowledgedWrite(Wal wal) {
    Options options = wal.on(OPTIONS);
    CrashSweep.Result result = CrashSweep.of(pmem -> runWorkload(pmem, false, options)).seedsPerPoint(16)
        .run((crash, recovered) -> checkRecovery(recovered, options));
    // One NVMTable (format 2, one region) is 8 persist points, then the MANIFEST edit.
    assertThat(result.persistPoints()).isGreaterThanOrEqualTo(8);
  }

  @ParameterizedTest(name = "WAL on {0}")
  @EnumSource(Wal.class)
  void powerCutAtEveryPersistPointOfTheL0ToL1HandoverLosesNoAcknowledgedWrite(Wal wal) {
    Options options = wal.on(OPTIONS);
    CrashSweep.Result result = CrashSweep.of(pmem -> runWorkload(pmem, true, options)).seedsPerPoint(6)
        .run((crash, recovered) -> checkRecovery(recovered, options));
    // Format 2: a table's build is 8 persist points and its removal one delete (9 and 2 in format 1).
    assertThat(result.persistPoints()).isGreaterThan(25);
  }

  @ParameterizedTest(name = "WAL on {0}")
  @EnumSource(Wal.class)
  void powerCutAtEveryPersistPointOfAHandoverWritingValueReferencesLosesNoAcknowledgedWrite(Wal wal) {
    Options options = wal.on(KV_SEPARATION);
    CrashSweep.Result result = CrashSweep.of(pmem -> runWorkload(pmem, true, options)).seedsPerPoint(4)
        .run((crash, recovered) -> checkRecovery(recovered, options));
    // Three table builds of 8 persist points; the Containers stay (referenced), so no deletes.
    assertThat(result.persistPoints()).isGreaterThanOrEqualTo(24);
  }

  @ParameterizedTest(name = "WAL on {0}")
  @EnumSource(Wal.class)
  void powerCutAtEveryPersistPointOfARelocatingCompactionLosesNoAcknowledgedWrite(Wal wal) {
    Options options = wal.on(RELOCATING);
    CrashSweep.Result result = CrashSweep.of(pmem -> runRelocatingWorkload(pmem, options)).seedsPerPoint(2)
        .run((crash, recovered) -> checkRecovery(recovered, options));
    // Two flushes and at least two value Containers (the handover's, the rewrite pass's), 8 points each.
    assertThat(result.persistPoints()).isGreaterThanOrEqualTo(32);
  }

  /**
   * A flush compacted into L1 (values referenced in its Container), then half its keys
   * overwritten or deleted, flushed and compacted: the merge and compactRange's rewrite pass move
   * the surviving values into value Containers, and the emptied Containers are deleted.
   */
  private void runRelocatingWorkload(PmemDirectory pmem, Options relocating) {
    onFreshDatabase(pmem, relocating, db -> {
      write(db, 0, 1, 300);
      flush(db, pmem);
      db.compactRange(null, null);
      awaitCompacted(db, pmem, relocating);
      Set<String> flushed = heldNvmTables(db);
      write(db, 1, 2, 300);
      flush(db, pmem);
      db.compactRange(null, null);
      awaitCompacted(db, pmem, relocating);
      assertThat(heldNvmTables(db)).as("the first flush's Container emptied by relocation").doesNotContainAnyElementsOf(flushed);
    });
  }

  @ParameterizedTest(name = "WAL on {0}")
  @EnumSource(Wal.class)
  void powerCutAtEveryPersistPointOfAnL0MergeLosesNoAcknowledgedWrite(Wal wal) {
    // Recovery opens without merging, so that no merge races the check of pmem against the MANIFEST.
    CrashSweep.Result result = CrashSweep.of(pmem -> runMergeWorkload(pmem, wal.on(PMEM_SIZED),
        io.cairn.lsm.internal.compaction.L0MergePicker.DEFAULT_FAN_IN)).seedsPerPoint(2)
        .run((crash, recovered) -> checkRecovery(recovered, wal.on(OPTIONS)));
    assertThat(result.persistPoints()).isGreaterThan(40);
  }

  @ParameterizedTest(name = "WAL on {0}")
  @EnumSource(Wal.class)
  void powerCutAtEveryPersistPointOfAnL0MergeWritingValueReferencesLosesNoAcknowledgedWrite(Wal wal) {
    int flushes = io.cairn.lsm.internal.compaction.L0MergePicker.DEFAULT_FAN_IN;
    CrashSweep.Result result = CrashSweep.of(pmem -> runMergeWorkload(pmem, wal.on(PMEM_SIZED_KV), flushes, flushes + 1))
        .seedsPerPoint(2).run((crash, recovered) -> checkRecovery(recovered, wal.on(OPTIONS)));
    // Four flushes and the merge; no input is deleted (they stay as the merged values' Containers).
    assertThat(result.persistPoints()).isGreaterThan(30);
  }

  @ParameterizedTest(name = "WAL on {0}")
  @EnumSource(Wal.class)
  void powerCutAtEveryPersistPointOfAnIntraL0MergeLosesNoAcknowledgedWrite(Wal wal) {
    CrashSweep.Result result = CrashSweep.of(pmem -> runMergeWorkload(pmem, wal.on(INTRA_L0), 3)).seedsPerPoint(2)
        .run((crash, recovered) -> checkRecovery(recovered, wal.on(OPTIONS)));
    assertThat(result.persistPoints()).isGreaterThan(30);
  }

  /**
   * {@code flushes} flushes of overlapping keys with options that merge them into one NVMTable on
   * pmem (the pmem-sized L0's tier merge, or an intra-L0 merge); the writer waits until the merge is in the MANIFEST and its inputs are gone, so
   * that every run reaches the same persist points.
   */
  private void runMergeWorkload(PmemDirectory pmem, Options options, int flushes) {
    runMergeWorkload(pmem, options, flushes, 1);
  }

  /**
   * As above; {@code nvmTables}: the NVMTables pmem holds once the merge is done (1, or with value
   * references the merged table and its inputs, which stay as its values' Containers).
   */
  private void runMergeWorkload(PmemDirectory pmem, Options options, int flushes, int nvmTables) {
    onFreshDatabase(pmem, options, db -> {
      for (int round = 0; round < flushes; round++) {
        write(db, round, 3, 120);
        flush(db, pmem);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (db.versions.peekCurrent().fileCount(0) != 1
          || pmem.list().stream().filter(name -> name.endsWith(".nvt")).count() != nvmTables) {
        RuntimeException failure = backgroundFailure(db);
        if (failure != null) {
          throw failure;
        }
        assertThat(System.nanoTime()).as("the NVMTables merged in time").isLessThan(deadline);
        Thread.onSpinWait();
      }
      assertThat(db.stats().l0Merges()).isEqualTo(1);
      assertThat(db.stats().l0MergeValueBytesKept() > 0).as("values kept in place").isEqualTo(nvmTables > 1);
    });
  }

  @Test
  void powerCutAtEveryPersistPointWithTheWalOnPmemLosesNoAcknowledgedWrite() {
    List<PersistPoint> points = new ArrayList<>();
    CrashSweep.Result result = sweepRecording(this::runWalWorkload, points).seedsPerPoint(4)
        .run((crash, recovered) -> checkWalRecovery(recovered));
    assertThat(result.persistPoints()).isGreaterThan(40);
    // Session 13: every segment's extent is prepared (created under a walprep name) and claimed
    // (header persisted, renamed); the sweep cut the power at each of those steps. Session 14: a
    // retired segment's extent is recycled (renamed back to a walprep name) and the next claim
    // takes it. The open's segment and the first switch claim created extents (three created:
    // two claimed, one left ready); the first switch's old segment is recycled once its flush is
    // done, and the second switch claims it; its old segment is recycled in turn.
    assertThat(points).filteredOn(point -> point.kind() == PersistPoint.Kind.CREATE
        && point.region().startsWith("walprep-")).hasSize(3);
    assertThat(points).filteredOn(point -> point.kind() == PersistPoint.Kind.RENAME).hasSize(5);
    assertThat(points).filteredOn(point -> point.kind() == PersistPoint.Kind.RENAME
        && point.region().endsWith(".log")).as("recycled segments").hasSize(2);
  }

  /**
   * Recovery after a cut with the WAL on pmem: the acknowledged writes are there, a prepared but
   * unclaimed extent the crash left was deleted (the open holds its own preparer's ready extent
   * and at most maxWriteBufferNumber recycled ones: segments the open retired), and closing
   * deletes them too.
   */
  private void checkWalRecovery(CrashSimulatingDirectory recovered) {
    checkRecovery(recovered, WAL_ON_PMEM, db -> assertThat(recovered.list().stream().filter(WALPREP_TEST).count())
        .as("prepared WAL extents after recovery: the new preparer's and those it recycled")
        .isBetween(1L, 1L + WAL_ON_PMEM.maxWriteBufferNumber()));
    assertThat(recovered.list()).as("prepared WAL extents after close").noneMatch(WALPREP_TEST::test);
  }

  private static final java.util.regex.Pattern WALPREP_PATTERN = java.util.regex.Pattern.compile("walprep-[0-9]+\\.extent");
  private static final java.util.function.Predicate<String> WALPREP_TEST = name -> WALPREP_PATTERN.matcher(name).matches();

  /**
   * Synced writes with the WAL on pmem (each a persist of the record and of the length word),
   * with a memtable switch and a flush half-way and at the end; a write cut short by the power is
   * not acknowledged, and may or may not survive.
   */
  private void runWalWorkload(PmemDirectory pmem) {
    onFreshDatabase(pmem, WAL_ON_PMEM, db -> {
      for (int i = 0; i < 24; i++) {
        String key = String.format("w%03d", i * 7 % 24);
        byte[] value = new byte[400 + i];
        new SplittableRandom(i).nextBytes(value);
        putSynced(db, key, value);
        if (i == 11) {
          // A memtable switch (new segment) and a flush half-way; the writer waits for it, so
          // the persist points come in the same order every run.
          db.writes.flushMemTable();
        }
      }
      db.writes.flushMemTable();
      rethrowBackgroundPowerCut(db, (CrashSimulatingDirectory) pmem);
    });
  }

  /**
   * Session 14: the WAL on pmem with recycled extents. Three rounds of synced writes of the same
   * keys and sizes (so every segment's records lie at the same offsets), a flush after each of
   * the first two: the third segment is written on the first one's recycled extent. A power cut
   * at every persist point (8 images each): the acknowledged writes survive, and no batch that
   * recovery reads from a pmem segment is older than the segment's start marker (a recycled
   * extent's stale records are never replayed).
   */
  @Test
  void powerCutAtEveryPersistPointOfARecycledWalExtentReplaysNoStaleRecord() {
    List<PersistPoint> points = new ArrayList<>();
    CrashSweep.Result result = sweepRecording(this::runRecyclingWalWorkload, points).seedsPerPoint(8)
        .run((crash, recovered) -> {
          checkNoStaleBatch(recovered);
          checkWalRecovery(recovered);
        });
    assertThat(result.persistPoints()).isGreaterThan(60);
    assertThat(points).filteredOn(point -> point.kind() == PersistPoint.Kind.RENAME
        && point.region().endsWith(".log")).as("segments recycled").hasSizeGreaterThanOrEqualTo(2);
    assertThat(points).filteredOn(point -> point.kind() == PersistPoint.Kind.CREATE
        && point.region().startsWith("walprep-")).as("extents created: the first two segments' and one ready").hasSize(3);
  }

  private void runRecyclingWalWorkload(PmemDirectory pmem) {
    onFreshDatabase(pmem, WAL_ON_PMEM, db -> {
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 8; i++) {
          String key = String.format("r%03d", i);
          byte[] value = new byte[300];
          new SplittableRandom(round * 100 + i).nextBytes(value);
          putSynced(db, key, value);
        }
        if (round < 2) {
          db.writes.flushMemTable();
        }
      }
      rethrowBackgroundPowerCut(db, (CrashSimulatingDirectory) pmem);
    });
  }

  /** A sweep of {@code workload} that leaves each run's persist points in {@code points}. */
  private static CrashSweep sweepRecording(CrashSweep.Workload workload, List<PersistPoint> points) {
    return CrashSweep.of(pmem -> {
      try {
        workload.run(pmem);
      } finally {
        points.clear();
        points.addAll(((CrashSimulatingDirectory) pmem).persistPoints());
      }
    });
  }

  /** A synced put, acknowledged once it returns; while it runs, its value may or may not survive a cut. */
  private void putSynced(DbImpl db, String key, byte[] value) {
    writing(key, value);
    db.put(key.getBytes(StandardCharsets.UTF_8), value, WriteOptions.SYNC);
    acknowledged.put(key, value);
    synced();
  }

  /** Every batch a recovery would read from a pmem WAL segment is at or after its start marker. */
  private void checkNoStaleBatch(CrashSimulatingDirectory recovered) {
    io.cairn.lsm.internal.pmem.PmemWalFileLayer layer = new io.cairn.lsm.internal.pmem.PmemWalFileLayer(
        files, recovered, DIRECTORY, io.cairn.lsm.internal.pmem.PmemL0.walExtentBytes(WAL_ON_PMEM), false);
    try {
      for (String name : recovered.list()) {
        DbFileNames.Parsed parsed = DbFileNames.parse(name);
        if (parsed == null || parsed.kind() != DbFileNames.Kind.LOG) {
          continue;
        }
        try (io.cairn.lsm.internal.fs.SequentialReadFile file = layer.openSequential(DIRECTORY.resolve(name))) {
          io.cairn.lsm.internal.log.WalSegmentReader reader = io.cairn.lsm.internal.log.WalSegmentReader.open(file,
              parsed.number(), io.cairn.lsm.internal.log.TailPolicy.DROP_TORN_TAIL);
          for (byte[] batch = reader.nextBatch(); batch != null; batch = reader.nextBatch()) {
            assertThat(io.cairn.lsm.internal.log.BatchFormat.firstSequence(batch, 0))
                .as("first sequence of a batch in %s (its marker says %d)", name, reader.startSequence())
                .isGreaterThanOrEqualTo(reader.startSequence());
          }
        }
      }
    } finally {
      layer.close();
    }
  }

  @Test
  void aWalSegmentIsDeletedOnlyAfterItsTableAndTheManifestEditAreDurable() {
    CrashSimulatingDirectory pmem = new CrashSimulatingDirectory("wal-order");
    List<String> checked = new ArrayList<>();
    DbImpl[] opened = new DbImpl[1];
    FileLayer watching = new ForwardingFileLayer(new InMemoryFileLayer()) {
      @Override
      public boolean delete(Path path) {
        DbFileNames.Parsed parsed = DbFileNames.parse(path.getFileName().toString());
        DbImpl db = opened[0];
        if (db != null && parsed != null && parsed.kind() == DbFileNames.Kind.LOG) {
          // What a power cut now would leave on pmem: every L0 table listed must be committed.
          // The version is read (and pinned, so its tables stay) BEFORE the pmem image is taken:
          // an intra-L0 merge may install a new table in between, and it is durable before its
          // version is, but not necessarily before an image taken earlier.
          Version listed = db.versions.refCurrent();
          try {
            List<Long> durable = L0TableSet.scan(pmem.crash(parsed.number())).committed();
            for (FileMetaData table : listed.files(0)) {
              assertThat(durable).as("table %d durable before WAL %d goes", table.number(), parsed.number())
                  .contains(table.number());
            }
          } finally {
            listed.unref();
          }
          assertThat(db.versions.logNumber()).as("the MANIFEST edit past WAL %d is synced", parsed.number())
              .isGreaterThan(parsed.number());
          checked.add(path.getFileName().toString());
        }
        return super.delete(path);
      }
    };
    // The WAL on disk: its segments are deleted through the file layer watched here (a pmem
    // segment is recycled on pmem instead, which the recycled-extent sweep above covers).
    Options options = Wal.DISK.on(OPTIONS.toBuilder().writeBufferBytes(8 << 10).build());
    try (DbImpl db = DbImpl.open(DIRECTORY, options, watching, pmem)) {
      opened[0] = db;
      for (int i = 0; i < 2000; i++) {
        db.put(String.format("k%05d", i).getBytes(StandardCharsets.UTF_8), new byte[64], WriteOptions.DEFAULT);
      }
      db.writes.flushMemTable();
    }
    assertThat(checked).as("WAL segments deleted while the engine ran").hasSizeGreaterThan(3);
  }

  @ParameterizedTest(name = "WAL on {0}")
  @EnumSource(Wal.class)
  @Tag("slow")
  void manyCrashImagesAtEveryPersistPointOfTheHandover(Wal wal) {
    Options options = wal.on(OPTIONS);
    CrashSweep.of(pmem -> runWorkload(pmem, true, options)).seedsPerPoint(64)
        .run((crash, recovered) -> checkRecovery(recovered, options));
  }

  /**
   * One flush of 300 writes; with {@code handover}, that flush compacted into L1, then two more
   * flushes over the same keys compacted in slices, waiting each time until the compacted
   * NVMTables are gone, so that every run reaches the same persist points. With key-value
   * separation the handover waits until L0 is empty and pmem holds exactly the Containers SSTables
   * reference (the freed ones deleted).
   */
  private void runWorkload(PmemDirectory pmem, boolean handover, Options options) {
    onFreshDatabase(pmem, options, db -> {
      write(db, 0, 1, 300);
      flush(db, pmem);
      if (handover) {
        db.compactRange(null, null);
        awaitCompacted(db, pmem, options);
        write(db, 1, 2, 300);
        flush(db, pmem);
        write(db, 2, 3, 300);
        flush(db, pmem);
        db.compactRange(null, null);
        awaitCompacted(db, pmem, options);
      }
    });
  }

  private void write(DbImpl db, long round, int step, int count) {
    SplittableRandom random = new SplittableRandom(round);
    for (int i = 0; i < count; i += step) {
      String key = String.format("k%05d", i * 37 % 1000);
      if (round > 0 && random.nextInt(8) == 0) {
        writing(key, null);
        db.delete(key.getBytes(StandardCharsets.UTF_8), WriteOptions.DEFAULT);
        acknowledged.remove(key);
        continue;
      }
      byte[] value = new byte[random.nextInt(10, 120)];
      random.nextBytes(value);
      writing(key, value);
      db.put(key.getBytes(StandardCharsets.UTF_8), value, WriteOptions.DEFAULT);
      acknowledged.put(key, value);
    }
    putSynced(db, "sync", new byte[] {(byte) round});
  }

  /**
   * Flushes the memtable and waits until its WAL segment is retired (recycled on pmem or deleted),
   * which the flush thread does after the flush returns: otherwise the retirement's persist points
   * would race with the workload's next ones (or with its close, which deletes instead).
   */
  private void flush(DbImpl db, PmemDirectory pmem) {
    db.writes.flushMemTable();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (holdsRetiredSegment(pmem.list(), db) || holdsRetiredSegment(files.list(DIRECTORY), db)) {
      RuntimeException failure = backgroundFailure(db);
      if (failure != null) {
        throw failure;
      }
      assertThat(System.nanoTime()).as("the flushed memtable's WAL segment retired in time").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  /** Whether {@code names} hold a WAL segment older than the MANIFEST's log number (flushed, not yet retired). */
  private static boolean holdsRetiredSegment(List<String> names, DbImpl db) {
    long logNumber = db.versions.logNumber();
    return names.stream().map(DbFileNames::parse)
        .anyMatch(parsed -> parsed != null && parsed.kind() == DbFileNames.Kind.LOG && parsed.number() < logNumber);
  }

  private static void awaitCompacted(DbImpl db, PmemDirectory pmem, Options options) {
    if (!options.pmemValueSeparation()) {
      awaitNoNvmTables(db, pmem);
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (db.versions.peekCurrent().fileCount(0) != 0 || !storedNvmTables(pmem).equals(heldNvmTables(db))) {
      RuntimeException failure = backgroundFailure(db);
      if (failure != null) {
        throw failure;
      }
      assertThat(System.nanoTime()).as("compacted, unreferenced NVMTables deleted in time").isLessThan(deadline);
      Thread.onSpinWait();
    }
    assertThat(heldNvmTables(db)).as("the compaction wrote value references into its Containers").isNotEmpty();
  }

  private static Set<String> storedNvmTables(PmemDirectory pmem) {
    return new HashSet<>(pmem.list().stream().filter(name -> name.endsWith(".nvt")).toList());
  }

  /** The NVMTables the current version holds: L0's, and the Containers its SSTables reference. */
  private static Set<String> heldNvmTables(DbImpl db) {
    Set<String> held = new HashSet<>();
    for (int level = 0; level < db.versions.peekCurrent().levelCount(); level++) {
      for (FileMetaData file : db.versions.peekCurrent().files(level)) {
        if (level == 0) {
          held.add(NvmTable.tableName(file.number()));
        }
        for (int i = 0; i < file.containerRefs().size(); i++) {
          held.add(NvmTable.tableName(file.containerRefs().container(i)));
        }
      }
    }
    return held;
  }

  /** Waits until the compaction thread has deleted every compacted NVMTable (or the power went). */
  private static void awaitNoNvmTables(DbImpl db, PmemDirectory pmem) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (pmem.list().stream().anyMatch(name -> name.endsWith(".nvt"))) {
      RuntimeException failure = backgroundFailure(db);
      if (failure != null) {
        throw failure;
      }
      assertThat(System.nanoTime()).as("compacted NVMTables deleted in time").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  private static RuntimeException backgroundFailure(DbImpl db) {
    db.mutex.lock();
    try {
      return db.errors.fatal();
    } finally {
      db.mutex.unlock();
    }
  }

  /**
   * Rethrows the power cut the flush thread met after the writer stopped waiting for it (the old
   * WAL segment is deleted after the flush has published its table).
   */
  private static void rethrowBackgroundPowerCut(DbImpl db, CrashSimulatingDirectory pmem) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (pmem.isPowerOff()) {
      RuntimeException failure = backgroundFailure(db);
      if (failure != null) {
        throw powerCutBehind(failure);
      }
      assertThat(System.nanoTime()).as("the flush thread reported the power cut").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  /** The power cut a background thread met, when that is why {@code e} was thrown. */
  private static RuntimeException powerCutBehind(RuntimeException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof PowerCutException cut) {
        throw cut;
      }
    }
    return e;
  }

  /**
   * The contents a power cut may leave that equal {@code found}, else the longest one (for the
   * failure message): the durable contents plus any prefix of the writes since the last sync.
   */
  private TreeMap<String, byte[]> survivable(TreeMap<String, byte[]> found) {
    TreeMap<String, byte[]> state = new TreeMap<>(durable);
    if (sameContents(found, state)) {
      return state;
    }
    for (Write write : sinceSync) {
      if (write.value() == null) {
        state.remove(write.key());
      } else {
        state.put(write.key(), write.value());
      }
      if (sameContents(found, state)) {
        return state;
      }
    }
    return state;
  }

  private static boolean sameContents(TreeMap<String, byte[]> left, TreeMap<String, byte[]> right) {
    return left.keySet().equals(right.keySet())
        && left.entrySet().stream().allMatch(entry -> Arrays.equals(entry.getValue(), right.get(entry.getKey())));
  }

  /**
   * Closes the database. After a power cut closing may fail, which is ignored (the crash image is
   * taken from the directory anyway); a power cut that falls inside the close (its WAL sync) is
   * the workload's and is thrown.
   */
  private static void closeAfterPossibleCut(DbImpl db, PmemDirectory pmem) {
    boolean offBefore = ((CrashSimulatingDirectory) pmem).isPowerOff();
    try {
      db.close();
    } catch (PowerCutException cut) {
      if (!offBefore) {
        throw cut;
      }
    } catch (RuntimeException failed) {
      if (!offBefore) {
        throw powerCutBehind(failed);
      }
    }
  }

  /**
   * Runs {@code body} on a fresh database over {@code pmem} opened with {@code options} (extents
   * prepared on the calling thread): a power cut met by a background thread is thrown as that cut,
   * and the database is closed as a cut allows.
   */
  private void onFreshDatabase(PmemDirectory pmem, Options options, java.util.function.Consumer<DbImpl> body) {
    files = new InMemoryFileLayer();
    startModel();
    DbImpl db = open(options, pmem);
    try {
      body.accept(db);
    } catch (RuntimeException e) {
      throw powerCutBehind(e);
    } finally {
      closeAfterPossibleCut(db, pmem);
    }
  }

  /**
   * Opens the workload's database with the pmem WAL's extents prepared and recycled on the calling
   * thread ({@code Runnable::run}) instead of the preparer's own: the same persist points in every run.
   */
  private DbImpl open(Options options, PmemDirectory pmem) {
    return DbOpener.open(DIRECTORY, options, files, pmem, Runnable::run);
  }

  private void checkRecovery(CrashSimulatingDirectory recovered, Options options) {
    checkRecovery(recovered, options, db -> { });
  }

  /** As above, with {@code more} checks of the open database (extents prepared on the opener's thread). */
  private void checkRecovery(CrashSimulatingDirectory recovered, Options options, java.util.function.Consumer<DbImpl> more) {
    files.crash();
    files.restart();
    DbImpl db = open(options, recovered);
    try {
      more.accept(db);
      TreeMap<String, byte[]> found = new TreeMap<>();
      try (DbIterator iterator = db.newIterator()) {
        for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
          found.put(new String(iterator.key(), StandardCharsets.UTF_8), iterator.value());
        }
      }
      TreeMap<String, byte[]> expected = survivable(found);
      assertThat(found.keySet()).as("keys after recovery (the synced writes, plus a prefix of those since: %d of them)",
              sinceSync.size())
          .isEqualTo(expected.keySet());
      for (Map.Entry<String, byte[]> entry : expected.entrySet()) {
        assertThat(Arrays.equals(found.get(entry.getKey()), entry.getValue())).as("value of %s", entry.getKey()).isTrue();
        assertThat(db.get(entry.getKey().getBytes(StandardCharsets.UTF_8))).isEqualTo(entry.getValue());
      }
      assertThat(storedNvmTables(recovered)).as("NVMTables on pmem are exactly those the MANIFEST lists or references")
          .isEqualTo(heldNvmTables(db));
    } finally {
      db.close();
    }
  }
}
