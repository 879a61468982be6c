package io.cairn.pmem.l0;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.CorruptionException;
import io.cairn.pmem.api.Pmem;
import io.cairn.pmem.api.PmemBackend;
import io.cairn.pmem.api.PmemDirectory;
import io.cairn.pmem.api.PmemRegion;
import io.cairn.pmem.api.RegionOptions;
import io.cairn.pmem.l0.internal.NvmTableFormat;
import io.cairn.pmem.testing.CrashImage;
import io.cairn.pmem.testing.CrashSimulatingDirectory;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Format version 2, one region per table: damage in its super block, its container records, the
 * padding after them, its entry, meta, model and filter blocks, torn words and a cut file are each
 * a {@link CorruptionException} naming the table's file and an offset, at open or at the read of
 * the damaged record; never a wrong answer.
 */
class OneRegionCorruptionTest {
  private static final String TABLE = "000001.nvt";
  private CrashSimulatingDirectory directory;
  private TreeMap<byte[], byte[]> contents;
  /** Container bytes in use C, entries offset E, meta offset M, region size. */
  private long recordsEnd;
  private long entries;
  private long meta;
  private long size;

  @BeforeEach
  void buildASmallTable() {
    directory = new CrashSimulatingDirectory();
    contents = TableFixtures.randomContentsOfSize(new SplittableRandom(31), 60, 200);
    contents.put(new byte[40], new byte[500]);
    contents.put(new byte[] {1, 2, 3}, new byte[37]);
    TableFixtures.build(directory, 1, NvmTableOptions.defaults(), contents).close();
    try (PmemRegion table = directory.open(TABLE)) {
      recordsEnd = table.readLong(NvmTableFormat.CONTAINER_BYTES_OFFSET);
      entries = table.readLong(NvmTableFormat.ENTRIES_OFFSET_OFFSET);
      meta = table.readLong(NvmTableFormat.META_OFFSET_OFFSET);
      size = table.size();
    }
    assertThat(directory.list()).containsExactly(TABLE);
    assertThat(entries).isEqualTo(NvmTableFormat.align64(recordsEnd)).isGreaterThan(NvmTableFormat.SUPER_BLOCK_BYTES);
  }

  private void flip(long offset, int bit) {
    try (PmemRegion region = directory.open(TABLE)) {
      region.writeByte(offset, (byte) (region.readByte(offset) ^ (1 << bit)));
    }
  }

  private void everyFlipFailsTheOpen(long from, long to) {
    SplittableRandom random = new SplittableRandom(from);
    for (long offset = from; offset < to; offset++) {
      int bit = random.nextInt(8);
      flip(offset, bit);
      long at = offset;
      assertThatThrownBy(() -> NvmTable.open(directory, 1, KeyOrder.BYTEWISE).close())
          .as("flip at offset %d", at)
          .isInstanceOf(CorruptionException.class)
          .hasMessageContaining(TABLE)
          .hasMessageMatching("(?s).*at offset \\d+: .*");
      flip(offset, bit);
    }
    NvmTable.open(directory, 1, KeyOrder.BYTEWISE).close();
  }

  @Test
  void aFlippedBitAnywhereInTheSuperBlockIsCorruption() {
    everyFlipFailsTheOpen(0, NvmTableFormat.SUPER_BLOCK_BYTES);
  }

  @Test
  void aFlippedBitInThePaddingAfterTheRecordsOrAnyLaterBlockIsCorruption() {
    everyFlipFailsTheOpen(recordsEnd, entries);
    everyFlipFailsTheOpen(entries, size);
  }

  @Test
  void aFlippedBitInARecordFailsTheOpenOrIsInPaddingNeverRead() {
    int refused = 0;
    for (long offset = NvmTableFormat.SUPER_BLOCK_BYTES; offset < recordsEnd; offset += 37) {
      flip(offset, 5);
      try (NvmTable table = NvmTable.open(directory, 1, KeyOrder.BYTEWISE)) {
        TableFixtures.assertSameContents(table, contents);
      } catch (CorruptionException e) {
        assertThat(e).hasMessageContaining(TABLE).hasMessageContaining("checksum mismatch");
        refused++;
      }
      flip(offset, 5);
    }
    assertThat(refused).isPositive();
  }

  @Test
  void withChecksOnReadAFlippedBitInARecordFailsExactlyTheReadOfThatRecord() {
    List<byte[]> keys = new ArrayList<>(contents.keySet());
    int caught = 0;
    for (long offset = NvmTableFormat.SUPER_BLOCK_BYTES; offset < recordsEnd; offset += 41) {
      flip(offset, 2);
      try (NvmTable table = NvmTable.open(directory, 1, KeyOrder.BYTEWISE, ContainerVerification.ON_READ)) {
        int failures = 0;
        for (int position = 0; position < table.entryCount(); position++) {
          try {
            byte[] key = table.keyBytes(position);
            assertThat(key).isEqualTo(keys.get(position));
            assertThat(table.valueBytes(position)).isEqualTo(contents.get(key));
          } catch (CorruptionException e) {
            assertThat(e).hasMessageContaining(TABLE).hasMessageContaining("checksum mismatch");
            failures++;
          }
        }
        assertThat(failures).as("flip at offset %d", offset).isLessThanOrEqualTo(1);
        caught += failures;
      }
      flip(offset, 2);
    }
    assertThat(caught).isPositive();
  }

  @Test
  void tornWordsInAnyBlockAreCorruptionOrPaddingNeverRead() {
    SplittableRandom random = new SplittableRandom(5);
    int refused = 0;
    for (int i = 0; i < 200; i++) {
      long offset = random.nextLong(size / 8) * 8;
      long old;
      try (PmemRegion table = directory.open(TABLE)) {
        old = table.readLong(offset);
        if (old == 0) {
          continue;
        }
        table.writeLong(offset, 0);
      }
      try (NvmTable table = NvmTable.open(directory, 1, KeyOrder.BYTEWISE)) {
        // Only a word inside a record's alignment padding is never read; that holds no bytes of the table.
        assertThat(offset).isBetween((long) NvmTableFormat.SUPER_BLOCK_BYTES, recordsEnd);
        TableFixtures.assertSameContents(table, contents);
      } catch (CorruptionException e) {
        assertThat(e).hasMessageContaining(TABLE);
        refused++;
      }
      try (PmemRegion table = directory.open(TABLE)) {
        table.writeLong(offset, old);
      }
    }
    assertThat(refused).isPositive();
  }

  @Test
  void aTruncatedFileIsCorruption(@TempDir Path folder) throws IOException {
    for (CrashImage image : directory.crashImages(1)) {
      image.writeTo(folder.resolve(image.name()));
    }
    PmemDirectory files = Pmem.directory(folder, RegionOptions.defaults().withBackend(PmemBackend.FFM));
    try (NvmTable table = NvmTable.open(files, 1, KeyOrder.BYTEWISE)) {
      TableFixtures.assertSameContents(table, contents);
      assertThat(table.containerScan()).isPresent();
    }
    Path file = folder.resolve(TABLE);
    byte[] original = Files.readAllBytes(file);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(original.length - 64);
    }
    assertThatThrownBy(() -> NvmTable.open(files, 1, KeyOrder.BYTEWISE))
        .isInstanceOf(CorruptionException.class).hasMessageContaining(TABLE).hasMessageContaining("truncated");
  }
}
