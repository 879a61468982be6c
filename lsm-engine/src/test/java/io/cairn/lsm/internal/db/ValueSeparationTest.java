package io.cairn.lsm.internal.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.CorruptionException;
import io.cairn.common.ErrorCode;
import io.cairn.lsm.internal.iterator.InternalIterator;
import io.cairn.lsm.internal.key.InternalKeyFormat;
import io.cairn.lsm.internal.key.ValueReference;
import java.util.Arrays;
import java.util.List;

import io.cairn.lsm.api.DbIterator;
import io.cairn.lsm.api.L0Mode;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.api.ReadOptions;
import io.cairn.lsm.api.Snapshot;
import io.cairn.lsm.internal.fs.InMemoryFileLayer;
import io.cairn.lsm.internal.version.FileMetaData;
import io.cairn.lsm.internal.version.Version;
import io.cairn.pmem.l0.NvmTable;
import io.cairn.pmem.testing.CrashSimulatingDirectory;
import io.cairn.testing.Property;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Key-value separation on pmem: compactions write value references into SSTables and the values
 * stay in the NVMTables' Containers, which live exactly as long as a live table holds them.
 */
class ValueSeparationTest {
  private static final Path DIRECTORY = Path.of("/db");
  static final Options OPTIONS = Options.builder().l0Mode(L0Mode.PMEM).writeBufferBytes(16 << 10)
      .targetFileBytes(8 << 10).level1MaxBytes(32 << 10).levelSizeMultiplier(2).l0CompactionTrigger(2)
      .l0SlowdownTrigger(6).l0StopTrigger(10).l0SliceBytes(16 << 10).blockCacheBytes(0).maxSubcompactions(2)
      .pmemValueSeparation(true).build();

  @Test
  void compactionsWriteReferencesAndReadsResolveThem() {
    InMemoryFileLayer files = new InMemoryFileLayer();
    CrashSimulatingDirectory pmem = new CrashSimulatingDirectory("kv");
    TreeMap<String, byte[]> model = new TreeMap<>();
    SplittableRandom random = new SplittableRandom(7);
    long valueBytes = 0;
    try (DbImpl db = DbImpl.open(DIRECTORY, OPTIONS, files, pmem)) {
      for (int i = 0; i < 400; i++) {
        byte[] value = value(random, i % 5 == 0 ? 20 : 2000);
        valueBytes += value.length;
        put(db, model, "k" + (i * 7919 % 400), value);
      }
      Snapshot before = db.getSnapshot();
      TreeMap<String, byte[]> atSnapshot = new TreeMap<>(model);
      db.compactRange(null, null);
      assertThat(sstableRefs(db)).as("SSTables reference the NVMTables' Containers").isNotEmpty();
      assertThat(db.stats().compactionBytesWritten()).as("keys and references only, not the %d value bytes", valueBytes)
          .isLessThan(valueBytes / 4);
      io.cairn.lsm.api.DbStats stats = db.stats();
      assertThat(stats.valueContainerBytes()).as("NVMTables kept as Containers").isPositive();
      assertThat(stats.valueContainerReferencedBytes()).isPositive().isLessThanOrEqualTo(valueBytes);
      assertThat(db.property("cairn.stats")).contains("key-value separation on: value Containers");
      for (int i = 0; i < 100; i++) {
        put(db, model, "k" + i, value(random, 3000));
      }
      db.compactRange(null, null);
      checkReads(db, model, ReadOptions.DEFAULT);
      checkReads(db, atSnapshot, new ReadOptions(before, true, true));
      before.close();
    }
    try (DbImpl db = DbImpl.open(DIRECTORY, OPTIONS.toBuilder().pmemValueSeparation(false).build(), files, pmem)) {
      checkReads(db, model, ReadOptions.DEFAULT);
      db.compactRange(null, null);
      checkReads(db, model, ReadOptions.DEFAULT);
    }
  }

  @Test
  void aDamagedReferenceOrRecordIsCorruptionNeverWrongBytes() {
    InMemoryFileLayer files = new InMemoryFileLayer();
    CrashSimulatingDirectory pmem = new CrashSimulatingDirectory("kv-damage");
    SplittableRandom random = new SplittableRandom(3);
    try (DbImpl db = DbImpl.open(DIRECTORY, OPTIONS, files, pmem)) {
      for (int i = 0; i < 100; i++) {
        db.put(bytes("k" + i), value(random, 500));
      }
      db.compactRange(null, null);
      ValueReference reference = anyReference(db);
      assertThat(db.resolveValue(reference.encode(), 0, reference.encodedBytes())).hasSize(500);
      ValueReference badCrc = new ValueReference(reference.container(), reference.offset(), reference.length(),
          reference.crc() ^ 1);
      ValueReference outside = new ValueReference(reference.container(), reference.offset() + (1L << 30),
          reference.length(), reference.crc());
      ValueReference shifted = new ValueReference(reference.container(), reference.offset() + 8, reference.length(),
          reference.crc());
      ValueReference missing = new ValueReference(1L << 40, reference.offset(), reference.length(), reference.crc());
      for (ValueReference bad : List.of(badCrc, outside, shifted, missing)) {
        assertThatThrownBy(() -> db.resolveValue(bad.encode(), 0, bad.encodedBytes()))
            .as("%s", bad).isInstanceOf(CorruptionException.class).hasMessageContaining(".nvt")
            .satisfies(e -> assertThat(((CorruptionException) e).code()).isEqualTo(ErrorCode.CORRUPTION));
      }
      byte[] truncated = Arrays.copyOf(reference.encode(), reference.encodedBytes() - 1);
      assertThatThrownBy(() -> db.resolveValue(truncated, 0, truncated.length))
          .isInstanceOf(CorruptionException.class).hasMessageContaining("value reference");
    }
  }

  /** A value reference some SSTable of the current version holds. */
  static ValueReference anyReference(DbImpl db) {
    SuperVersion view = db.acquireSuperVersion();
    try (InternalIterator entries = db.internalIterator(view, ReadOptions.DEFAULT)) {
      for (entries.seekToFirst(); entries.isValid(); entries.next()) {
        long tag = InternalKeyFormat.tagOf(entries.keyBytes(), entries.keyOffset(), entries.keyLength());
        if (InternalKeyFormat.type(tag) == InternalKeyFormat.TYPE_VALUE_REFERENCE) {
          return ValueReference.decode(entries.valueBytes(), entries.valueOffset(), entries.valueLength(), "test");
        }
      }
    } finally {
      view.unref();
    }
    throw new AssertionError("no value reference in any table");
  }

  @Test
  void aContainerIsNeverDeletedWhileHeldAndAlwaysDeletedOnceNot() {
    long[] outlived = new long[2];
    Property.of("Container lifetime under key-value separation", random -> random.nextLong())
        .trials(12)
        .check(seed -> runLifetime(seed, outlived));
    assertThat(outlived[0]).as("NVMTables kept as Containers after leaving L0").isPositive();
    assertThat(outlived[1]).as("of those, deleted once no SSTable referenced them").isPositive();
  }

  /**
   * Random writes, compactions, reopens and pinned iterators; counts in {@code outlived} the
   * NVMTables seen held by references alone, and how many of them were deleted later.
   */
  private static void runLifetime(long seed, long[] outlived) {
    Set<String> referencedOnly = new HashSet<>();
    SplittableRandom random = new SplittableRandom(seed);
    InMemoryFileLayer files = new InMemoryFileLayer();
    CrashSimulatingDirectory pmem = new CrashSimulatingDirectory("kv-" + seed);
    TreeMap<String, byte[]> model = new TreeMap<>();
    DbImpl db = DbImpl.open(DIRECTORY, OPTIONS, files, pmem);
    try {
      DbIterator pinned = null;
      TreeMap<String, byte[]> pinnedModel = null;
      for (int step = 0; step < 40; step++) {
        int roll = random.nextInt(20);
        if (roll == 0) {
          db.close();
          db = DbImpl.open(DIRECTORY, OPTIONS, files, pmem);
          pinned = null;
          settle(db, pmem);
        } else if (roll == 1) {
          db.compactRange(null, null);
        } else if (roll == 2 && pinned == null) {
          pinned = db.newIterator();
          pinnedModel = new TreeMap<>(model);
        } else if (roll == 3 && pinned != null) {
          checkIterator(pinned, pinnedModel);
          pinned.close();
          pinned = null;
          settle(db, pmem);
        } else {
          for (int i = 0; i < 60; i++) {
            String key = "k" + random.nextInt(150);
            if (random.nextInt(10) == 0) {
              db.delete(bytes(key));
              model.remove(key);
            } else {
              put(db, model, key, value(random, random.nextBoolean() ? random.nextInt(1, 32) : random.nextInt(33, 1500)));
            }
          }
        }
        checkHeldContainersExist(db, pmem);
        referencedOnly.addAll(heldByReferencesOnly(db));
      }
      if (pinned != null) {
        checkIterator(pinned, pinnedModel);
        pinned.close();
      }
      db.compactRange(null, null);
      settle(db, pmem);
      checkReads(db, model, ReadOptions.DEFAULT);
      outlived[0] += referencedOnly.size();
      outlived[1] += referencedOnly.stream().filter(name -> !stored(pmem).contains(name)).count();
    } finally {
      db.close();
    }
  }

  /** Every Container the current version holds is on pmem (checked while holding that version). */
  private static void checkHeldContainersExist(DbImpl db, CrashSimulatingDirectory pmem) {
    Version version = db.versions.refCurrent();
    try {
      assertThat(stored(pmem)).as("Containers held by the current version").containsAll(held(version));
    } finally {
      version.unref();
    }
  }

  /**
   * Waits until pmem holds exactly the NVMTables the current version holds (no iterator pins an
   * older one): every Container no live table references is deleted.
   */
  static void settle(DbImpl db, CrashSimulatingDirectory pmem) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      Version version = db.versions.refCurrent();
      try {
        if (stored(pmem).equals(held(version)) && db.versions.liveContainers().live().size() == held(version).size()) {
          return;
        }
      } finally {
        version.unref();
      }
      assertThat(System.nanoTime()).as("unreferenced Containers deleted in time: stored %s, live %s", stored(pmem),
          db.versions.liveContainers().live()).isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  private static Set<String> heldByReferencesOnly(DbImpl db) {
    Version version = db.versions.refCurrent();
    try {
      Set<String> held = held(version);
      version.files(0).forEach(file -> held.remove(NvmTable.tableName(file.number())));
      return held;
    } finally {
      version.unref();
    }
  }

  static Set<String> stored(CrashSimulatingDirectory pmem) {
    return new HashSet<>(pmem.list().stream().filter(name -> name.endsWith(".nvt")).toList());
  }

  /** The NVMTables {@code version} holds: its L0 tables and the Containers its SSTables reference. */
  static Set<String> held(Version version) {
    Set<String> held = new HashSet<>();
    for (int level = 0; level < version.levelCount(); level++) {
      for (FileMetaData file : version.files(level)) {
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

  private static Set<Long> sstableRefs(DbImpl db) {
    Set<Long> refs = new HashSet<>();
    Version version = db.versions.peekCurrent();
    for (int level = 1; level < version.levelCount(); level++) {
      for (FileMetaData file : version.files(level)) {
        for (int i = 0; i < file.containerRefs().size(); i++) {
          refs.add(file.containerRefs().container(i));
        }
      }
    }
    return refs;
  }

  static void checkReads(DbImpl db, TreeMap<String, byte[]> model, ReadOptions options) {
    for (Map.Entry<String, byte[]> entry : model.entrySet()) {
      assertThat(db.get(bytes(entry.getKey()), options)).as("get %s", entry.getKey()).isEqualTo(entry.getValue());
    }
    try (DbIterator iterator = db.newIterator(options)) {
      checkIterator(iterator, model);
      TreeMap<String, byte[]> backwards = new TreeMap<>();
      for (iterator.seekToLast(); iterator.isValid(); iterator.prev()) {
        backwards.put(new String(iterator.key(), StandardCharsets.UTF_8), iterator.value());
      }
      assertThat(backwards.keySet()).isEqualTo(model.keySet());
      backwards.forEach((key, value) -> assertThat(value).as("backwards %s", key).isEqualTo(model.get(key)));
    }
  }

  private static void checkIterator(DbIterator iterator, TreeMap<String, byte[]> model) {
    TreeMap<String, byte[]> found = new TreeMap<>();
    for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
      found.put(new String(iterator.key(), StandardCharsets.UTF_8), iterator.value());
    }
    assertThat(found.keySet()).isEqualTo(model.keySet());
    found.forEach((key, value) -> assertThat(value).as("value of %s", key).isEqualTo(model.get(key)));
  }

  static void put(DbImpl db, TreeMap<String, byte[]> model, String key, byte[] value) {
    db.put(bytes(key), value);
    model.put(key, value);
  }

  static byte[] value(SplittableRandom random, int length) {
    byte[] value = new byte[length];
    random.nextBytes(value);
    return value;
  }

  static byte[] bytes(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }
}
