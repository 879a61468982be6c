package io.cairn.lsm.internal.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.common.CairnException;
import io.cairn.lsm.api.Compression;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.DbIterator;
import io.cairn.lsm.api.L0Mode;
import io.cairn.lsm.api.MemTableRep;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.api.ReadOptions;
import io.cairn.lsm.api.Snapshot;
import io.cairn.lsm.api.WriteBatch;
import io.cairn.lsm.api.WriteOptions;
import io.cairn.lsm.internal.fs.FileLayer;
import io.cairn.lsm.internal.fs.InMemoryFileLayer;
import io.cairn.pmem.testing.CrashSimulatingDirectory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Runs a sequence of {@link ModelAction}s against a database and a {@link TreeMap} model side by
 * side, checking every read. After a simulated power cut the database must equal the model as of
 * some point between the last durable write and the cut (a prefix: no write lost that was
 * synced, none applied out of order).
 */
final class ModelRun {
  private final FileLayer files;
  private final Path directory;
  private Options options;
  /** Whether every open after the first moves the WAL to the other place (a user switching walOnPmem). */
  private boolean switchWal;
  private int opens;
  /** The pmem L0's directory when it is simulated (in-memory runs in PMEM mode), else null. */
  private CrashSimulatingDirectory pmem;
  private long crashes;
  private Db db;
  private TreeMap<String, byte[]> model = new TreeMap<>();
  private List<TreeMap<String, byte[]>> sinceDurable = new ArrayList<>();
  private final Map<Integer, Snapshot> snapshots = new HashMap<>();
  private final Map<Integer, TreeMap<String, byte[]>> snapshotModels = new HashMap<>();

  ModelRun(FileLayer files, Path directory, Options options) {
    this.files = files;
    this.directory = directory;
    this.options = options;
    if (options.l0Mode() == L0Mode.PMEM && files instanceof InMemoryFileLayer) {
      pmem = new CrashSimulatingDirectory("model-l0");
    }
  }

  /**
   * {@link #randomOptions} with the L0 on pmem, sometimes with a budget small enough to stall
   * writes, half the time with the WAL on pmem too, a third of the time pmem-sized (merges on pmem),
   * half the time with key-value separation (values stay in pmem Containers through compaction),
   * with garbage collection by relocation on (a third of the time relocating every Container held
   * by references alone).
   */
  static Options randomPmemOptions(long seed) {
    SplittableRandom random = new SplittableRandom(~seed);
    return randomOptions(seed).toBuilder().l0Mode(L0Mode.PMEM)
        .pmemBudgetBytes(random.nextBoolean() ? Options.DEFAULT_PMEM_BUDGET_BYTES : random.nextLong(1 << 20, 4 << 20))
        .walOnPmem(random.nextBoolean())
        .l0SliceBytes(random.nextLong(4 << 10, 256 << 10))
        .pmemSizedL0(random.nextInt(3) == 0)
        .pmemValueSeparation(random.nextBoolean())
        .pmemValueGcAgeCutoff(random.nextInt(3) == 0 ? 1.0 : Options.defaults().pmemValueGcAgeCutoff())
        .build();
  }

  /**
   * With the L0 on pmem and {@code switching}: every reopen and every recovery after a power cut
   * opens with the WAL placement the previous open did not have (session 15), so that segments
   * written in one place are replayed by an engine writing to the other.
   */
  ModelRun switchingWalAtEachOpen(boolean switching) {
    switchWal = switching && options.l0Mode() == L0Mode.PMEM;
    return this;
  }

  private Db openDb() {
    if (switchWal && opens > 0) {
      options = options.toBuilder().walOnPmem(!options.walOnPmem()).build();
    }
    opens++;
    return pmem == null ? DbImpl.open(directory, options, files) : DbImpl.open(directory, options, files, pmem);
  }

  /**
   * Tiny buffers, files and levels so that a short sequence flushes and compacts into several levels;
   * half the time the memtables as sorted runs (session 16).
   */
  static Options randomOptions(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    return Options.builder().writeBufferBytes(random.nextInt(4 << 10, 64 << 10))
        .targetFileBytes(random.nextInt(4 << 10, 32 << 10)).level1MaxBytes(random.nextInt(4 << 10, 64 << 10))
        .levelSizeMultiplier(random.nextInt(2, 5)).levels(random.nextInt(3, 8))
        .l0CompactionTrigger(random.nextInt(1, 4)).l0SlowdownTrigger(6).l0StopTrigger(10)
        .blockBytes(random.nextInt(256, 4096)).blockRestartInterval(random.nextInt(1, 17))
        .compression(random.nextBoolean() ? Compression.LZ4 : Compression.NONE)
        .bloomBitsPerKey(random.nextInt(3) == 0 ? 0 : 10)
        .blockCacheBytes(random.nextBoolean() ? 0 : 256 << 10).maxOpenFiles(16)
        .useDirectReads(random.nextBoolean()).useDirectIoForFlushAndCompaction(random.nextBoolean())
        .maxWriteBufferNumber(random.nextInt(2, 6)).maxSubcompactions(random.nextInt(1, 5))
        // Intra-L0 merges: off, bounded to a few tiny tables, or the default bound.
        .l0MergeMaxBytes(switch (random.nextInt(3)) {
          case 0 -> 0;
          case 1 -> random.nextLong(8 << 10, 256 << 10);
          default -> Options.DEFAULT_L0_MERGE_MAX_BYTES;
        })
        // Session 16: half the cases hold their memtables as sorted runs (drawn last, so that every
        // other option of an older seed is drawn as before).
        .memTableRep(random.nextBoolean() ? MemTableRep.SORTED_RUNS : MemTableRep.SKIPLIST)
        .build();
  }

  void run(List<ModelAction> actions) {
    db = openDb();
    sinceDurable.add(copy(model));
    try {
      for (ModelAction action : actions) {
        apply(action);
      }
      checkEverything(db, null, model);
    } finally {
      closeDb();
    }
  }

  private void apply(ModelAction action) {
    switch (action) {
      case ModelAction.Put put -> {
        db.put(bytes(put.key()), ModelAction.valueBytes(put.valueSeed(), put.valueLength()), new WriteOptions(put.sync()));
        model.put(put.key(), ModelAction.valueBytes(put.valueSeed(), put.valueLength()));
        wrote(put.sync());
      }
      case ModelAction.Delete delete -> {
        db.delete(bytes(delete.key()), new WriteOptions(delete.sync()));
        model.remove(delete.key());
        wrote(delete.sync());
      }
      case ModelAction.Batch batch -> applyBatch(batch);
      case ModelAction.Get get -> assertThat(db.get(bytes(get.key())))
          .as("get %s", get.key()).isEqualTo(model.get(get.key()));
      case ModelAction.Walk walk -> checkWalk(walk);
      case ModelAction.TakeSnapshot take -> {
        Snapshot previous = snapshots.put(take.id(), db.getSnapshot());
        if (previous != null) {
          previous.close();
        }
        snapshotModels.put(take.id(), copy(model));
      }
      case ModelAction.ReadSnapshot read -> checkSnapshot(read);
      case ModelAction.ReleaseSnapshot release -> {
        Snapshot snapshot = snapshots.remove(release.id());
        if (snapshot != null) {
          snapshot.close();
        }
        snapshotModels.remove(release.id());
      }
      case ModelAction.Reopen reopen -> {
        closeDb();
        db = openDb();
        durable();
      }
      case ModelAction.Crash crash -> crashAndRecover();
      case ModelAction.Compact compact -> {
        db.compactRange(compact.begin() == null ? null : bytes(compact.begin()),
            compact.end() == null ? null : bytes(compact.end()));
        durable();
      }
    }
  }

  private void applyBatch(ModelAction.Batch batch) {
    WriteBatch writes = new WriteBatch();
    for (ModelAction.Put put : batch.puts()) {
      writes.put(bytes(put.key()), ModelAction.valueBytes(put.valueSeed(), put.valueLength()));
      model.put(put.key(), ModelAction.valueBytes(put.valueSeed(), put.valueLength()));
    }
    for (String key : batch.deletes()) {
      writes.delete(bytes(key));
      model.remove(key);
    }
    db.write(writes, new WriteOptions(batch.sync()));
    wrote(batch.sync());
  }

  private void crashAndRecover() {
    InMemoryFileLayer memory = (InMemoryFileLayer) files;
    memory.crash();
    try {
      db.close();
    } catch (CairnException expected) {
      // The disk is "down": the final sync fails, which is what a crash looks like.
    }
    db = null;
    snapshots.clear();
    snapshotModels.clear();
    memory.restart();
    if (pmem != null) {
      // The background threads stopped with the close: the image is the pmem a power cut at the
      // disk's crash leaves (tables committed after it are orphans the manifest never listed).
      pmem = pmem.crash(++crashes);
    }
    db = openDb();
    TreeMap<String, byte[]> recovered = contents(db, null);
    TreeMap<String, byte[]> match = null;
    for (int i = sinceDurable.size() - 1; i >= 0 && match == null; i--) {
      if (sameContents(sinceDurable.get(i), recovered)) {
        match = sinceDurable.get(i);
      }
    }
    assertThat(match).as("state after the crash is one of the %d states since the last durable write; got %s",
        sinceDurable.size(), recovered.keySet()).isNotNull();
    model = copy(match);
    durable();
  }

  private void checkWalk(ModelAction.Walk walk) {
    checkWalk(db, null, model, walk);
  }

  private void checkSnapshot(ModelAction.ReadSnapshot read) {
    Snapshot snapshot = snapshots.get(read.id());
    if (snapshot == null) {
      return;
    }
    TreeMap<String, byte[]> expected = snapshotModels.get(read.id());
    ReadOptions at = ReadOptions.DEFAULT.withSnapshot(snapshot);
    assertThat(db.get(bytes(read.key()), at)).as("snapshot %d get %s", read.id(), read.key())
        .isEqualTo(expected.get(read.key()));
    assertThat(sameContents(expected, contents(db, snapshot))).as("snapshot %d contents", read.id()).isTrue();
  }

  private static void checkWalk(Db db, Snapshot snapshot, TreeMap<String, byte[]> expected, ModelAction.Walk walk) {
    try (DbIterator iterator = db.newIterator(ReadOptions.DEFAULT.withSnapshot(snapshot))) {
      String at;
      if (walk.start() == null) {
        if (walk.fromLast()) {
          iterator.seekToLast();
          at = expected.isEmpty() ? null : expected.lastKey();
        } else {
          iterator.seekToFirst();
          at = expected.isEmpty() ? null : expected.firstKey();
        }
      } else {
        iterator.seek(bytes(walk.start()));
        at = expected.ceilingKey(walk.start());
      }
      checkPosition(iterator, expected, at, walk);
      for (boolean forward : walk.moves()) {
        if (at == null) {
          return;
        }
        if (forward) {
          iterator.next();
          at = expected.higherKey(at);
        } else {
          iterator.prev();
          at = expected.lowerKey(at);
        }
        checkPosition(iterator, expected, at, walk);
      }
    }
  }

  private static void checkPosition(DbIterator iterator, TreeMap<String, byte[]> expected, String at, ModelAction.Walk walk) {
    if (at == null) {
      assertThat(iterator.isValid()).as("iterator exhausted in %s", walk).isFalse();
      return;
    }
    assertThat(iterator.isValid()).as("iterator valid at %s in %s", at, walk).isTrue();
    assertThat(new String(iterator.key(), StandardCharsets.UTF_8)).as("key in %s", walk).isEqualTo(at);
    assertThat(iterator.value()).as("value of %s", at).isEqualTo(expected.get(at));
  }

  private static void checkEverything(Db db, Snapshot snapshot, TreeMap<String, byte[]> expected) {
    assertThat(sameContents(expected, contents(db, snapshot))).as("full contents").isTrue();
  }

  static TreeMap<String, byte[]> contents(Db db, Snapshot snapshot) {
    TreeMap<String, byte[]> found = new TreeMap<>();
    try (DbIterator iterator = db.newIterator(ReadOptions.DEFAULT.withSnapshot(snapshot))) {
      for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
        found.put(new String(iterator.key(), StandardCharsets.UTF_8), iterator.value());
      }
    }
    TreeMap<String, byte[]> backward = new TreeMap<>();
    try (DbIterator iterator = db.newIterator(ReadOptions.DEFAULT.withSnapshot(snapshot))) {
      for (iterator.seekToLast(); iterator.isValid(); iterator.prev()) {
        backward.put(new String(iterator.key(), StandardCharsets.UTF_8), iterator.value());
      }
    }
    assertThat(sameContents(found, backward)).as("forward and backward scans agree").isTrue();
    return found;
  }

  static boolean sameContents(TreeMap<String, byte[]> left, TreeMap<String, byte[]> right) {
    if (!left.keySet().equals(right.keySet())) {
      return false;
    }
    for (Map.Entry<String, byte[]> entry : left.entrySet()) {
      if (!java.util.Arrays.equals(entry.getValue(), right.get(entry.getKey()))) {
        return false;
      }
    }
    return true;
  }

  private void wrote(boolean sync) {
    if (sync) {
      durable();
    } else {
      sinceDurable.add(copy(model));
    }
  }

  private void durable() {
    sinceDurable = new ArrayList<>();
    sinceDurable.add(copy(model));
  }

  private void closeDb() {
    for (Snapshot snapshot : snapshots.values()) {
      snapshot.close();
    }
    snapshots.clear();
    snapshotModels.clear();
    if (db != null) {
      db.close();
      db = null;
    }
  }

  private static TreeMap<String, byte[]> copy(TreeMap<String, byte[]> map) {
    return new TreeMap<>(map);
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
