package io.cairn.lsm.internal.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.CorruptionException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.DbIterator;
import io.cairn.lsm.api.DbStats;
import io.cairn.lsm.api.L0Mode;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.api.ReadOptions;
import io.cairn.lsm.api.Snapshot;
import io.cairn.lsm.internal.table.TableKind;
import io.cairn.lsm.internal.version.FileMetaData;
import io.cairn.pmem.api.Pmem;
import io.cairn.pmem.api.PmemDirectory;
import io.cairn.pmem.api.RegionOptions;
import io.cairn.pmem.l0.KeyOrder;
import io.cairn.pmem.l0.NvmTable;
import io.cairn.pmem.l0.NvmTableBuilder;
import io.cairn.pmem.l0.NvmTableOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine with its L0 on (mapped-file) pmem: flush, reads, slice compaction, recovery, counters. */
class PmemL0Test {
  @TempDir Path directory;
  @TempDir Path pmemDirectory;

  private Options options() {
    return Options.builder().writeBufferBytes(32 << 10).targetFileBytes(16 << 10).level1MaxBytes(128 << 10)
        .l0CompactionTrigger(3).l0SlowdownTrigger(6).l0StopTrigger(8).l0SliceBytes(64 << 10).pmemDirectory(pmemDirectory)
        .build();
  }

  @Test
  void pmemIsTheDefaultModeWhenAPmemDirectoryIsGiven() {
    assertThat(options().l0Mode()).isEqualTo(L0Mode.PMEM);
    assertThat(Options.defaults().l0Mode()).isEqualTo(L0Mode.SSD);
    assertThat(Options.builder().l0Mode(L0Mode.PMEM).build().pmemDirectoryFor(directory))
        .isEqualTo(directory.resolve("pmem"));
    assertThatThrownBy(() -> Options.builder().pmemBudgetBytes(1000).build())
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("pmemBudgetBytes");
  }

  @Test
  void flushesWriteNvmTablesThatReadsFind() {
    try (DbImpl db = (DbImpl) Cairn.open(directory, options())) {
      db.put(key(1), value(1, 100));
      db.writes.flushMemTable();
      List<FileMetaData> level0 = db.versions.peekCurrent().files(0);
      assertThat(level0).hasSize(1);
      assertThat(level0.get(0).kind()).isEqualTo(TableKind.NVMTABLE);
      assertThat(names(pmemDirectory)).contains(NvmTable.tableName(level0.get(0).number()))
          .as("format version 2: one region per table").doesNotContain(NvmTable.containerName(level0.get(0).number()));
      assertThat(names(directory)).noneMatch(name -> name.endsWith(".sst"));
      assertThat(db.get(key(1))).isEqualTo(value(1, 100));
      assertThat(db.get(key(2))).isNull();
      db.delete(key(1));
      db.writes.flushMemTable();
      assertThat(db.get(key(1))).isNull();
      DbStats stats = db.stats();
      assertThat(stats.pmemFlushBytesWritten()).isEqualTo(stats.flushBytesWritten()).isPositive();
      assertThat(stats.ssdWriteAmplification()).isZero();
    }
  }

  @Test
  void sliceCompactionsMoveL0ToSstablesAndKeepEveryKey() {
    int count = 6000;
    byte[][] values = new byte[count][];
    SplittableRandom random = new SplittableRandom(7);
    // The inline mode: values are copied down, so no NVMTable outlives its compaction.
    Options inline = options().toBuilder().pmemValueSeparation(false).build();
    try (Db db = Cairn.open(directory, inline)) {
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < count; i++) {
          int k = random.nextInt(count);
          values[k] = value(k * 31 + round, 20 + random.nextInt(200));
          db.put(key(k), values[k]);
        }
      }
      DbStats stats = db.stats();
      assertThat(stats.l0Slices()).isPositive();
      assertThat(stats.compactionBytesWritten()).isPositive();
      assertThat(stats.ssdWriteAmplification()).isLessThan(stats.writeAmplification());
      checkAll(db, values);
      try (Snapshot snapshot = db.getSnapshot()) {
        db.put(key(0), value(-1, 5));
        db.compactRange(null, null);
        assertThat(db.property("cairn.num-files-at-level0")).isEqualTo("0");
        assertThat(db.get(key(0), ReadOptions.DEFAULT.withSnapshot(snapshot))).isEqualTo(values[0]);
      }
      values[0] = value(-1, 5);
      checkAll(db, values);
    }
    try (Db db = Cairn.open(directory, inline)) {
      checkAll(db, values);
    }
    assertThat(names(pmemDirectory)).noneMatch(name -> name.endsWith(".nvt") || name.endsWith(".nvc"));
  }

  @Test
  void watermarksSurviveReopen() {
    int count = 20_000;
    byte[][] values = new byte[count][];
    boolean sliced = false;
    try (DbImpl db = (DbImpl) Cairn.open(directory, options())) {
      for (int i = 0; i < count && !sliced; i++) {
        int k = i * 7919 % count;
        values[k] = value(i, 150);
        db.put(key(k), values[k]);
        sliced = db.versions.peekCurrent().files(0).stream().anyMatch(file -> file.compactedThrough() != null);
      }
      assertThat(sliced).as("some L0 table was partly compacted").isTrue();
    }
    for (int reopen = 0; reopen < 3; reopen++) {
      try (Db db = Cairn.open(directory, options())) {
        checkAll(db, values);
      }
    }
  }

  @Test
  void orphanNvmTablesAreDeletedAtOpen() {
    try (Db db = Cairn.open(directory, options())) {
      db.put(key(1), value(1, 10));
    }
    PmemDirectory pmem = Pmem.directory(pmemDirectory, RegionOptions.defaults());
    try (NvmTableBuilder builder = NvmTableBuilder.create(pmem, 999_999, NvmTableOptions.defaults(), KeyOrder.BYTEWISE,
        0)) {
      builder.add(new byte[] {1}, new byte[] {2}, 0, 0);
      builder.finish().close();
    }
    assertThat(names(pmemDirectory)).contains(NvmTable.tableName(999_999));
    try (Db db = Cairn.open(directory, options())) {
      assertThat(db.get(key(1))).isEqualTo(value(1, 10));
    }
    assertThat(names(pmemDirectory)).doesNotContain(NvmTable.tableName(999_999), NvmTable.containerName(999_999));
  }

  @Test
  void aListedNvmTableThatIsMissingIsCorruption() throws IOException {
    long number;
    try (DbImpl db = (DbImpl) Cairn.open(directory, options())) {
      db.put(key(1), value(1, 10));
      db.writes.flushMemTable();
      number = db.versions.peekCurrent().files(0).get(0).number();
    }
    Files.delete(pmemDirectory.resolve(NvmTable.tableName(number)));
    assertThatThrownBy(() -> Cairn.open(directory, options()))
        .isInstanceOf(CorruptionException.class).hasMessageContaining(NvmTable.tableName(number));
  }

  @Test
  void aDatabaseWithPmemTablesRefusesSsdMode() {
    try (DbImpl db = (DbImpl) Cairn.open(directory, options())) {
      db.put(key(1), value(1, 10));
      db.writes.flushMemTable();
    }
    assertThatThrownBy(() -> Cairn.open(directory, options().toBuilder().l0Mode(L0Mode.SSD).build()))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("L0Mode.PMEM");
  }

  @Test
  void aSmallPmemBudgetStallsWritesAndIsCounted() {
    Options tight = options().toBuilder().pmemBudgetBytes(1 << 20).l0CompactionTrigger(8).l0SlowdownTrigger(8)
        .l0StopTrigger(8).build();
    try (Db db = Cairn.open(directory, tight)) {
      for (int i = 0; i < 3000; i++) {
        db.put(key(i), value(i, 1000));
      }
      DbStats stats = db.stats();
      assertThat(stats.writeStalls()).isPositive();
      assertThat(stats.writeStallNanos()).isPositive();
      assertThat(stats.bytesPerLevel().get(0)).isLessThanOrEqualTo(1 << 20);
      for (int i = 0; i < 3000; i++) {
        assertThat(db.get(key(i))).isEqualTo(value(i, 1000));
      }
    }
  }

  @Test
  void iteratorsMergeNvmTablesWithTheOtherLevels() {
    try (DbImpl db = (DbImpl) Cairn.open(directory, options())) {
      for (int i = 0; i < 300; i += 2) {
        db.put(key(i), value(i, 50));
      }
      db.compactRange(null, null);
      for (int i = 1; i < 300; i += 2) {
        db.put(key(i), value(i, 50));
      }
      db.writes.flushMemTable();
      db.delete(key(4));
      assertThat(db.versions.peekCurrent().files(0)).isNotEmpty();
      try (DbIterator iterator = db.newIterator()) {
        int expected = 0;
        for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
          expected = expected == 4 ? 5 : expected;
          assertThat(iterator.key()).isEqualTo(key(expected));
          expected++;
        }
        assertThat(expected).isEqualTo(300);
        int back = 299;
        for (iterator.seekToLast(); iterator.isValid(); iterator.prev()) {
          back = back == 4 ? 3 : back;
          assertThat(iterator.key()).isEqualTo(key(back));
          back--;
        }
        assertThat(back).isEqualTo(-1);
        iterator.seek(key(100));
        assertThat(iterator.value()).isEqualTo(value(100, 50));
      }
    }
  }

  @Test
  void theWalOnPmemHoldsTheWritesAndIsReplayed() {
    Options walOnPmem = options().toBuilder().walOnPmem(true).build();
    try (Db db = Cairn.open(directory, walOnPmem)) {
      for (int i = 0; i < 500; i++) {
        db.put(key(i), value(i, 100));
      }
      assertThat(names(directory)).noneMatch(name -> name.endsWith(".log"));
      assertThat(names(pmemDirectory)).anyMatch(name -> name.endsWith(".log"));
    }
    try (Db db = Cairn.open(directory, walOnPmem)) {
      for (int i = 0; i < 500; i++) {
        assertThat(db.get(key(i))).isEqualTo(value(i, 100));
      }
    }
  }

  @Test
  void walSegmentsOnPmemAreFoundWhateverWalOnPmemSaysAndSsdModeRefusesThem() {
    Options onPmem = Options.builder().l0Mode(L0Mode.PMEM).walOnPmem(true).build();
    try (Db db = Cairn.open(directory, onPmem)) {
      db.put(key(3), value(3, 10));
    }
    assertThat(names(directory.resolve("pmem"))).anyMatch(name -> name.endsWith(".log"));
    assertThatThrownBy(() -> Cairn.open(directory, Options.defaults()))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("WAL segments on persistent memory");
    try (Db db = Cairn.open(directory, onPmem.toBuilder().walOnPmem(false).build())) {
      assertThat(db.get(key(3))).isEqualTo(value(3, 10));
    }
  }

  @Test
  void segmentsLeftOnDiskAreReplayedWhenTheWalMovesToPmem() {
    try (Db db = Cairn.open(directory, options().toBuilder().walOnPmem(false).build())) {
      db.put(key(1), value(1, 10));
    }
    assertThat(names(directory)).anyMatch(name -> name.endsWith(".log"));
    // Session 15: the WAL on pmem is the default with the pmem L0.
    try (Db db = Cairn.open(directory, options())) {
      assertThat(db.get(key(1))).isEqualTo(value(1, 10));
      db.put(key(2), value(2, 10));
    }
    assertThat(names(directory)).noneMatch(name -> name.endsWith(".log"));
    try (Db db = Cairn.open(directory, options().toBuilder().walOnPmem(false).build())) {
      assertThat(db.get(key(2))).isEqualTo(value(2, 10));
    }
  }

  @Test
  void aDamagedWalExtentHeaderIsCorruption() throws IOException {
    Options walOnPmem = options().toBuilder().walOnPmem(true).build();
    try (Db db = Cairn.open(directory, walOnPmem)) {
      db.put(key(1), value(1, 10));
    }
    Path extent;
    try (Stream<Path> files = Files.list(pmemDirectory)) {
      extent = files.filter(file -> file.getFileName().toString().endsWith(".log")).findFirst().orElseThrow();
    }
    PmemDirectory pmem = Pmem.directory(pmemDirectory, RegionOptions.defaults());
    try (var region = pmem.open(extent.getFileName().toString())) {
      region.writeLong(0, 0x0123_4567_89ab_cdefL);
      region.persist(0, 8);
    }
    assertThatThrownBy(() -> Cairn.open(directory, walOnPmem))
        .isInstanceOf(CorruptionException.class).hasMessageContaining(extent.getFileName().toString());
  }

  static void checkAll(Db db, byte[][] values) {
    for (int i = 0; i < values.length; i++) {
      assertThat(db.get(key(i))).as("key %d", i).isEqualTo(values[i]);
    }
    int seen = 0;
    try (DbIterator iterator = db.newIterator()) {
      for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
        seen++;
      }
    }
    long present = Stream.of(values).filter(v -> v != null).count();
    assertThat(seen).isEqualTo(present);
  }

  static byte[] key(int i) {
    return String.format("key%08d", i).getBytes(StandardCharsets.UTF_8);
  }

  static byte[] value(int seed, int length) {
    byte[] value = new byte[length];
    new SplittableRandom(seed).nextBytes(value);
    return value;
  }

  private static List<String> names(Path path) {
    try (Stream<Path> files = Files.list(path)) {
      return files.map(file -> file.getFileName().toString()).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
