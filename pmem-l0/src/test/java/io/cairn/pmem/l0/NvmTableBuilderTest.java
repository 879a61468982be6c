package io.cairn.pmem.l0;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.BloomFilter;
import io.cairn.common.ClosedException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.pmem.api.Pmem;
import io.cairn.pmem.api.PmemBackend;
import io.cairn.pmem.api.PmemDirectory;
import io.cairn.pmem.api.RegionOptions;
import io.cairn.pmem.testing.CrashSimulatingDirectory;
import io.cairn.pmem.testing.PersistPoint;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NvmTableBuilderTest {
  private final CrashSimulatingDirectory directory = new CrashSimulatingDirectory();
  private final NvmTableOptions options = NvmTableOptions.defaults();
  private final NvmTableOptions version1 = options.withFormatVersion(1);

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private NvmTableBuilder builder(long id, long capacity) {
    return NvmTableBuilder.create(directory, id, options, KeyOrder.BYTEWISE, capacity);
  }

  private NvmTableBuilder version1Builder(long id, long capacity) {
    return NvmTableBuilder.create(directory, id, version1, KeyOrder.BYTEWISE, capacity);
  }

  @Test
  void keysOutOfOrderAreRefusedAndTheBuilderGoesOn() {
    try (NvmTableBuilder builder = builder(1, 0)) {
      builder.add(ascii("b"), 1, ascii("1"));
      assertThatThrownBy(() -> builder.add(ascii("a"), 1, ascii("2")))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("strictly increasing").hasMessageContaining("entry 1");
      assertThatThrownBy(() -> builder.add(ascii("b"), 1, ascii("2")))
          .isInstanceOf(InvalidArgumentException.class);
      builder.add(ascii("c"), 1, ascii("3"));
      try (NvmTable table = builder.finish()) {
        assertThat(table.entryCount()).isEqualTo(2);
        assertThat(table.getBytes(LookupKey.of(ascii("c")))).isEqualTo(ascii("3"));
      }
    }
  }

  @Test
  void aPrefaultedTableReadsAsBeforeAndAClosedOneRefusesToPrefault() {
    NvmTable closed;
    try (NvmTableBuilder builder = builder(1, options.containerBytesFor(1, 100) + options.containerBytesFor(1, 1))) {
      builder.add(ascii("a"), 1, new byte[100]);
      builder.add(ascii("b"), 1, ascii("2"));
      try (NvmTable table = builder.finish()) {
        table.prefault();
        assertThat(table.getBytes(LookupKey.of(ascii("a")))).isEqualTo(new byte[100]);
        assertThat(table.getBytes(LookupKey.of(ascii("b")))).isEqualTo(ascii("2"));
        closed = table;
      }
    }
    assertThatThrownBy(closed::prefault).isInstanceOf(ClosedException.class);
  }

  @Test
  void aModelKeyBelowItsPredecessorIsRefused() {
    try (NvmTableBuilder builder = builder(1, 0)) {
      builder.add(ascii("a"), ascii("1"), 10, 0);
      assertThatThrownBy(() -> builder.add(ascii("b"), ascii("2"), 9, 0))
          .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("model keys must not decrease");
      builder.add(ascii("b"), ascii("2"), 10, 0);
      assertThat(builder.entryCount()).isEqualTo(2);
    }
  }

  @Test
  void version1RefusesAnEntryBeyondTheContainerCapacityBeforeAnythingIsWritten() {
    long capacity = options.containerBytesFor(40, 5);
    try (NvmTableBuilder builder = version1Builder(1, capacity)) {
      builder.add(new byte[40], 40, ascii("v"));
      long used = builder.containerBytesUsed();
      assertThatThrownBy(() -> builder.add(new byte[41], 41, ascii("v")))
          .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("container bytes");
      assertThat(builder.containerBytesUsed()).isEqualTo(used);
      builder.add(new byte[] {1}, 1, new byte[32]);
      try (NvmTable table = builder.finish()) {
        assertThat(table.entryCount()).isEqualTo(2);
      }
    }
  }

  @Test
  void tooLongKeysAndBadArgumentsAreRefused() {
    try (NvmTableBuilder builder = builder(1, 0)) {
      MemorySegment huge = MemorySegment.ofArray(new byte[(1 << 24) + 1]);
      assertThatThrownBy(() -> builder.add(huge, MemorySegment.ofArray(new byte[0]), 0, 0))
          .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("key of");
      assertThatThrownBy(() -> builder.add(new byte[3], 4, new byte[0]))
          .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("user key length");
      assertThatThrownBy(builder::finish)
          .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("at least one entry");
    }
    assertThatThrownBy(() -> builder(-1, 0)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> builder(2, -1)).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void anExistingTableIdIsRefused() {
    TreeMap<byte[], byte[]> contents = new TreeMap<>(TableFixtures.BYTEWISE);
    contents.put(ascii("k"), ascii("v"));
    TableFixtures.build(directory, 5, options, contents).close();
    assertThatThrownBy(() -> builder(5, 0))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("000005.nvt already exists");
  }

  /** Version 2: the capacity is where the region starts; long values past it grow the one region. */
  @Test
  void version2GrowsPastTheCapacityHintIntoOneRegion() {
    SplittableRandom random = new SplittableRandom(21);
    TreeMap<byte[], byte[]> contents = TableFixtures.randomContentsOfSize(random, 300, 1000);
    try (NvmTableBuilder builder = builder(4, 64)) {
      for (var entry : contents.entrySet()) {
        builder.add(entry.getKey(), entry.getKey().length, entry.getValue());
      }
      try (NvmTable table = builder.finish()) {
        assertThat(table.formatVersion()).isEqualTo(2);
        assertThat(directory.list()).containsExactly("000004.nvt");
        assertThat(builder.containerBytesUsed()).as("far past the 64-byte hint").isGreaterThan(10_000L);
        TableFixtures.assertSameContents(table, contents);
      }
    }
    try (NvmTable reopened = NvmTable.open(directory, 4, KeyOrder.BYTEWISE)) {
      TableFixtures.assertSameContents(reopened, contents);
    }
  }

  /** Version 2 in place: nothing exists before the first persist point, nothing is left after close. */
  @Test
  void closingAnUnfinishedVersion2BuilderLeavesNothing() {
    NvmTableBuilder builder = builder(3, 100);
    builder.add(ascii("k"), 1, new byte[50]);
    assertThat(directory.list()).isEmpty();
    builder.close();
    assertThat(directory.list()).isEmpty();
    assertThat(directory.persistPoints()).isEmpty();
    assertThatThrownBy(builder::finish).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closingAnUnfinishedBuilderDeletesItsFiles() {
    NvmTableBuilder builder = version1Builder(3, 100);
    builder.add(ascii("k"), 1, new byte[50]);
    // In place, the container region is created at its first persist point (the commit's step 1).
    assertThat(directory.list()).isEmpty();
    builder.close();
    assertThat(directory.list()).isEmpty();
    assertThatThrownBy(() -> builder.add(ascii("l"), 1, ascii("v"))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(builder::finish).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aFinishedBuilderIsDoneAndClosingItKeepsTheTable() {
    NvmTableBuilder builder = builder(3, 0);
    builder.add(ascii("k"), 1, ascii("v"));
    NvmTable table = builder.finish();
    builder.close();
    assertThat(directory.list()).containsExactly("000003.nvt");
    assertThatThrownBy(() -> builder.add(ascii("l"), 1, ascii("v"))).isInstanceOf(IllegalStateException.class);
    table.close();
    assertThat(directory.list()).containsExactly("000003.nvt");
  }

  /**
   * Version 2, the design's order in one region: created once (at its final size), then records,
   * entries, meta, model, filter, super block, commit word; nothing flushed twice or left unflushed.
   */
  @Test
  void aBuildPersistsEachStepOnceInTheDesignOrder() {
    SplittableRandom random = new SplittableRandom(3);
    TreeMap<byte[], byte[]> contents = TableFixtures.randomContentsOfSize(random, 2500, 2000);
    TableFixtures.build(directory, 9, options, contents).close();
    List<PersistPoint> points = directory.persistPoints();
    assertThat(points).extracting(PersistPoint::kind).containsExactly(PersistPoint.Kind.CREATE,
        PersistPoint.Kind.FENCE, PersistPoint.Kind.FENCE, PersistPoint.Kind.FENCE, PersistPoint.Kind.FENCE,
        PersistPoint.Kind.FENCE, PersistPoint.Kind.FENCE, PersistPoint.Kind.FENCE);
    assertThat(points).extracting(PersistPoint::region).containsOnly("000009.nvt");
    assertCommitWordLastAndEveryLineFlushedOnce(points);
  }

  private void assertCommitWordLastAndEveryLineFlushedOnce(List<PersistPoint> points) {
    assertThat(points.getLast().linesFlushed()).isEqualTo(1);
    assertThat(points.getLast().linesUnflushed()).isZero();
    assertThat(directory.counters().redundantFlushLines()).isZero();
    assertThat(directory.counters().emptyFences()).isZero();
  }

  /** Version 1: the container region first, then the table region, one persist point per step. */
  @Test
  void aVersion1BuildPersistsEachStepOnceInTheDesignOrder() {
    SplittableRandom random = new SplittableRandom(3);
    TreeMap<byte[], byte[]> contents = TableFixtures.randomContentsOfSize(random, 2500, 2000);
    TableFixtures.build(directory, 9, version1, contents).close();
    List<PersistPoint> points = directory.persistPoints();
    assertThat(points).extracting(PersistPoint::kind).containsExactly(PersistPoint.Kind.CREATE,
        PersistPoint.Kind.FENCE, PersistPoint.Kind.CREATE, PersistPoint.Kind.FENCE, PersistPoint.Kind.FENCE,
        PersistPoint.Kind.FENCE, PersistPoint.Kind.FENCE, PersistPoint.Kind.FENCE, PersistPoint.Kind.FENCE);
    assertThat(points).extracting(PersistPoint::region).containsExactly("000009.nvc", "000009.nvc", "000009.nvt",
        "000009.nvt", "000009.nvt", "000009.nvt", "000009.nvt", "000009.nvt", "000009.nvt");
    assertCommitWordLastAndEveryLineFlushedOnce(points);
  }

  @Test
  void theBloomFilterKeepsMostAbsentKeysAwayAndNeverAPresentOne() {
    TreeMap<byte[], byte[]> contents = TableFixtures.randomContents(new SplittableRandom(5), 2000, 10);
    try (NvmTable table = TableFixtures.build(directory, 1, options, contents)) {
      for (byte[] key : contents.keySet()) {
        assertThat(table.mayContain(BloomFilter.hash(key))).isTrue();
      }
      SplittableRandom random = new SplittableRandom(6);
      int passed = 0;
      for (int i = 0; i < 5000; i++) {
        byte[] absent = TableFixtures.bytes(random, 20);
        if (table.mayContain(BloomFilter.hash(absent))) {
          passed++;
        }
        assertThat(table.get(LookupKey.of(absent))).isNull();
      }
      assertThat(passed).isLessThan(100);
    }
    try (NvmTable unfiltered = TableFixtures.build(directory, 2, options.withBloomBitsPerKey(0), contents)) {
      assertThat(unfiltered.mayContain(12345)).isTrue();
    }
  }

  @Test
  void aTableReopensFromAMappedFileAndReadsInPlace(@TempDir Path folder) {
    PmemDirectory files = Pmem.directory(folder, RegionOptions.defaults().withBackend(PmemBackend.FFM));
    TreeMap<byte[], byte[]> contents = TableFixtures.randomContents(new SplittableRandom(8), 500, 5000);
    TableFixtures.build(files, 12, options, contents).close();
    assertThat(files.list()).containsExactly("000012.nvt");
    try (NvmTable table = NvmTable.open(files, 12, KeyOrder.BYTEWISE)) {
      TableFixtures.assertSameContents(table, contents);
      MemorySegment value = table.value(0);
      assertThat(value.isNative()).as("a view of the mapping, not a copy").isTrue();
      assertThat(value.isReadOnly()).isTrue();
      try (var tableRegion = files.open("000012.nvt")) {
        assertThat(table.sizeBytes()).isEqualTo(tableRegion.size());
      }
    }
    TableFixtures.build(files, 13, version1, contents).close();
    assertThat(files.list()).containsExactly("000012.nvt", "000013.nvc", "000013.nvt");
    try (NvmTable old = NvmTable.open(files, 13, KeyOrder.BYTEWISE);
        var tableRegion = files.open("000013.nvt"); var containerRegion = files.open("000013.nvc")) {
      assertThat(old.formatVersion()).isEqualTo(1);
      TableFixtures.assertSameContents(old, contents);
      assertThat(old.sizeBytes()).isEqualTo(tableRegion.size() + containerRegion.size());
    }
  }

  @Test
  void theArrayRangePathWritesTheSameTableAsTheSegmentPath(@TempDir Path folder) throws Exception {
    SplittableRandom random = new SplittableRandom(21);
    TreeMap<byte[], byte[]> contents = TableFixtures.randomContentsOfSize(random, 3000, 3000);
    for (NvmTableOptions format : List.of(options, version1)) {
      PmemDirectory bySegments = Pmem.directory(folder.resolve("segments-" + format.formatVersion()),
          RegionOptions.defaults().withBackend(PmemBackend.FFM));
      PmemDirectory byArrays = Pmem.directory(folder.resolve("arrays-" + format.formatVersion()),
          RegionOptions.defaults().withBackend(PmemBackend.FFM));
      long capacity = TableFixtures.capacity(format, contents);
      try (NvmTableBuilder segments = NvmTableBuilder.create(bySegments, 4, format, KeyOrder.BYTEWISE, capacity);
          NvmTableBuilder arrays = NvmTableBuilder.create(byArrays, 4, format, KeyOrder.BYTEWISE, capacity)) {
        for (var entry : contents.entrySet()) {
          byte[] key = entry.getKey();
          byte[] value = entry.getValue();
          long modelKey = io.cairn.common.UnsignedBytes.prefix64(key, 0, key.length);
          int hash = BloomFilter.hash(key, 0, key.length);
          segments.add(MemorySegment.ofArray(key), MemorySegment.ofArray(value), modelKey, hash);
          // Key and value inside one larger array, as a memtable entry keeps them.
          int keyAt = random.nextInt(5);
          byte[] entryBytes = new byte[keyAt + key.length + value.length + random.nextInt(5)];
          System.arraycopy(key, 0, entryBytes, keyAt, key.length);
          System.arraycopy(value, 0, entryBytes, keyAt + key.length, value.length);
          arrays.add(entryBytes, keyAt, key.length, entryBytes, keyAt + key.length, value.length, modelKey, hash);
        }
        segments.finish().close();
        try (NvmTable table = arrays.finish()) {
          TableFixtures.assertSameContents(table, contents);
        }
      }
      for (String name : bySegments.list()) {
        assertThat(java.nio.file.Files.readAllBytes(folder.resolve("arrays-" + format.formatVersion()).resolve(name)))
            .as(name + ", format " + format.formatVersion())
            .isEqualTo(java.nio.file.Files.readAllBytes(folder.resolve("segments-" + format.formatVersion()).resolve(name)));
      }
      assertThat(byArrays.list()).containsExactlyElementsOf(bySegments.list());
    }
  }

  @Test
  void theArrayRangePathRefusesWhatTheSegmentPathRefuses() {
    try (NvmTableBuilder builder = builder(1, 0)) {
      byte[] entry = ascii("xbay");
      builder.add(entry, 1, 1, entry, 3, 1, prefix(entry, 1), BloomFilter.hash(entry, 1, 1));
      assertThatThrownBy(() -> builder.add(entry, 2, 1, entry, 3, 1, prefix(entry, 2), 0))
          .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("strictly increasing");
      assertThatThrownBy(() -> builder.add(entry, 1, 1, entry, 3, 1, prefix(entry, 1), 0))
          .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("strictly increasing");
      assertThatThrownBy(() -> builder.add(entry, 3, 2, entry, 0, 1, prefix(entry, 3), 0))
          .isInstanceOf(IndexOutOfBoundsException.class);
      builder.add(entry, 3, 1, entry, 0, 1, prefix(entry, 3), BloomFilter.hash(entry, 3, 1));
      try (NvmTable table = builder.finish()) {
        assertThat(table.entryCount()).isEqualTo(2);
        assertThat(table.getBytes(LookupKey.of(ascii("y")))).isEqualTo(ascii("x"));
      }
    }
  }

  /** The model key of the one-byte key {@code entry[at]}. */
  private static long prefix(byte[] entry, int at) {
    return io.cairn.common.UnsignedBytes.prefix64(entry, at, 1);
  }
}
