package io.cairn.pmem.l0;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.CorruptionException;
import io.cairn.pmem.api.Pmem;
import io.cairn.pmem.api.PmemBackend;
import io.cairn.pmem.api.PmemDirectory;
import io.cairn.pmem.api.PmemRegion;
import io.cairn.pmem.api.RegionOptions;
import io.cairn.pmem.backend.RegionFormat;
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
 * Damage of every kind and in every block (bit flips, torn words, truncation, missing files) is a
 * {@link CorruptionException} naming the file and the offset, at open or at the read of a damaged
 * container record; never a wrong answer. Format version 1 (a table region and a Container region),
 * which stored tables may still have; version 2 (one region): {@link OneRegionCorruptionTest}.
 */
class NvmTableCorruptionTest {
  private static final String TABLE = "000001.nvt";
  private static final String CONTAINER = "000001.nvc";
  private CrashSimulatingDirectory directory;
  private TreeMap<byte[], byte[]> contents;
  private long[] blocks;

  @BeforeEach
  void buildASmallTable() {
    directory = new CrashSimulatingDirectory();
    contents = TableFixtures.randomContentsOfSize(new SplittableRandom(21), 60, 200);
    contents.put(new byte[40], new byte[500]);
    TableFixtures.build(directory, 1, NvmTableOptions.defaults().withFormatVersion(1), contents).close();
    try (PmemRegion table = directory.open(TABLE)) {
      blocks = new long[] {
        table.readLong(NvmTableFormat.META_OFFSET_OFFSET), table.readLong(NvmTableFormat.MODEL_OFFSET_OFFSET),
        table.readLong(NvmTableFormat.FILTER_OFFSET_OFFSET), table.size()};
    }
  }

  private void flip(String name, long offset, int bit) {
    try (PmemRegion region = directory.open(name)) {
      region.writeByte(offset, (byte) (region.readByte(offset) ^ (1 << bit)));
    }
  }

  /** Flips a bit of each byte in {@code [from, to)} in turn; opening must fail naming the file. */
  private void everyFlipFailsTheOpen(String name, long from, long to, String expectedFile) {
    SplittableRandom random = new SplittableRandom(from);
    for (long offset = from; offset < to; offset++) {
      int bit = random.nextInt(8);
      flip(name, offset, bit);
      long at = offset;
      assertThatThrownBy(() -> NvmTable.open(directory, 1, KeyOrder.BYTEWISE).close())
          .as("flip at %s offset %d", name, at)
          .isInstanceOf(CorruptionException.class)
          .hasMessageContaining(expectedFile)
          .hasMessageMatching("(?s).*at offset \\d+: .*");
      flip(name, offset, bit);
    }
    NvmTable.open(directory, 1, KeyOrder.BYTEWISE).close();
  }

  @Test
  void aFlippedBitAnywhereInTheSuperBlockIsCorruption() {
    everyFlipFailsTheOpen(TABLE, 0, NvmTableFormat.SUPER_BLOCK_BYTES, TABLE);
  }

  @Test
  void aFlippedBitAnywhereInTheEntryBlocksIsCorruption() {
    everyFlipFailsTheOpen(TABLE, NvmTableFormat.SUPER_BLOCK_BYTES, blocks[0], TABLE);
  }

  @Test
  void aFlippedBitAnywhereInTheMetaBlocksModelOrFilterIsCorruption() {
    everyFlipFailsTheOpen(TABLE, blocks[0], blocks[3], TABLE);
  }

  @Test
  void aFlippedBitInTheContainerHeaderIsCorruption() {
    everyFlipFailsTheOpen(CONTAINER, 0, 256, CONTAINER);
  }

  @Test
  void aFlippedBitInAContainerRecordFailsTheOpenOrIsInPaddingNeverRead() {
    int refused = 0;
    try (PmemRegion container = directory.open(CONTAINER)) {
      for (long offset = 256; offset < container.size(); offset += 97) {
        flip(CONTAINER, offset, 3);
        try (NvmTable table = NvmTable.open(directory, 1, KeyOrder.BYTEWISE)) {
          TableFixtures.assertSameContents(table, contents);
        } catch (CorruptionException e) {
          assertThat(e).hasMessageContaining(CONTAINER).hasMessageContaining("checksum mismatch");
          refused++;
        }
        flip(CONTAINER, offset, 3);
      }
    }
    assertThat(refused).isPositive();
  }

  @Test
  void withChecksOnReadAFlippedBitInAContainerRecordFailsExactlyTheReadOfThatRecord() {
    List<byte[]> keys = new ArrayList<>(contents.keySet());
    int caught = 0;
    try (PmemRegion container = directory.open(CONTAINER)) {
      for (long offset = 256; offset < container.size(); offset += 97) {
        flip(CONTAINER, offset, 3);
        try (NvmTable table = NvmTable.open(directory, 1, KeyOrder.BYTEWISE, ContainerVerification.ON_READ)) {
          int failures = 0;
          for (int position = 0; position < table.entryCount(); position++) {
            try {
              byte[] key = table.keyBytes(position);
              byte[] value = table.valueBytes(position);
              assertThat(key).isEqualTo(keys.get(position));
              assertThat(value).isEqualTo(contents.get(key));
            } catch (CorruptionException e) {
              assertThat(e).hasMessageContaining(CONTAINER).hasMessageContaining("checksum mismatch")
                  .hasMessageContaining("entry " + position);
              failures++;
            }
          }
          // One record holds the flipped byte (or none: padding between records is never read).
          assertThat(failures).as("flip at container offset %d", offset).isLessThanOrEqualTo(1);
          caught += failures;
        }
        flip(CONTAINER, offset, 3);
      }
    }
    assertThat(caught).isPositive();
  }

  @Test
  void aDamagedContainerRecordFailsAGetInsteadOfAnsweringWrongly() {
    byte[] key = new byte[40];
    try (NvmTable table = NvmTable.open(directory, 1, KeyOrder.BYTEWISE)) {
      assertThat(table.getBytes(LookupKey.of(key))).isEqualTo(new byte[500]);
    }
    try (NvmTable table = NvmTable.open(directory, 1, KeyOrder.BYTEWISE, ContainerVerification.ON_READ);
        PmemRegion container = directory.open(CONTAINER)) {
      // Damage every record while the table is open: only the per-read check can see it.
      for (long offset = 260; offset < container.size(); offset += 8) {
        container.writeByte(offset, (byte) (container.readByte(offset) ^ 0x40));
      }
      assertThatThrownBy(() -> table.get(LookupKey.of(key)))
          .isInstanceOf(CorruptionException.class).hasMessageContaining(CONTAINER);
    }
    assertThatThrownBy(() -> NvmTable.open(directory, 1, KeyOrder.BYTEWISE))
        .isInstanceOf(CorruptionException.class).hasMessageContaining(CONTAINER);
  }

  @Test
  void tornWordsInAnyBlockAreCorruption() {
    // A power cut can leave any aligned 8-byte word of an unpersisted line in its old state (zero).
    SplittableRandom random = new SplittableRandom(4);
    for (int i = 0; i < 200; i++) {
      long offset = random.nextLong(blocks[3] / 8) * 8;
      long old;
      try (PmemRegion table = directory.open(TABLE)) {
        old = table.readLong(offset);
        if (old == 0) {
          continue;
        }
        table.writeLong(offset, 0);
      }
      assertThatThrownBy(() -> NvmTable.open(directory, 1, KeyOrder.BYTEWISE))
          .isInstanceOf(CorruptionException.class).hasMessageContaining(TABLE);
      try (PmemRegion table = directory.open(TABLE)) {
        table.writeLong(offset, old);
      }
    }
  }

  @Test
  void anUncommittedTableIsRefusedByName() {
    try (PmemRegion table = directory.open(TABLE)) {
      table.storeLongAtomic(NvmTableFormat.COMMIT_OFFSET, 0);
    }
    assertThatThrownBy(() -> NvmTable.open(directory, 1, KeyOrder.BYTEWISE))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("not committed").hasMessageContaining(TABLE);
  }

  @Test
  void aMissingContainerIsCorruption() {
    directory.delete(CONTAINER);
    assertThatThrownBy(() -> NvmTable.open(directory, 1, KeyOrder.BYTEWISE))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("container 000001.nvc is missing");
  }

  /** Files of the table as a crash image writes them: what the FFM backend opens. */
  private Path writeFiles(Path folder) {
    for (CrashImage image : directory.crashImages(1)) {
      image.writeTo(folder.resolve(image.name()));
    }
    return folder;
  }

  @Test
  void aTruncatedOrExtendedFileIsCorruption(@TempDir Path folder) throws IOException {
    PmemDirectory files = Pmem.directory(writeFiles(folder), RegionOptions.defaults().withBackend(PmemBackend.FFM));
    NvmTable.open(files, 1, KeyOrder.BYTEWISE).close();
    for (String name : new String[] {TABLE, CONTAINER}) {
      Path file = folder.resolve(name);
      byte[] original = Files.readAllBytes(file);
      try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
        raf.setLength(original.length - 64);
      }
      assertThatThrownBy(() -> NvmTable.open(files, 1, KeyOrder.BYTEWISE))
          .isInstanceOf(CorruptionException.class).hasMessageContaining(name).hasMessageContaining("truncated");
      Files.write(file, original);
    }
  }

  @Test
  void aTableWhoseRegionDoesNotMatchItsSuperBlockIsCorruption(@TempDir Path folder) throws IOException {
    writeFiles(folder);
    Path file = folder.resolve(TABLE);
    byte[] original = Files.readAllBytes(file);
    for (int delta : new int[] {-64, 64}) {
      // A region file that is whole as a region but not as a table: cut or grown, header re-signed.
      byte[] changed = java.util.Arrays.copyOf(original, original.length + delta);
      System.arraycopy(RegionFormat.encode(changed.length - RegionFormat.HEADER_BYTES), 0, changed, 0,
          RegionFormat.HEADER_BYTES);
      Files.write(file, changed);
      PmemDirectory files = Pmem.directory(folder, RegionOptions.defaults().withBackend(PmemBackend.FFM));
      assertThatThrownBy(() -> NvmTable.open(files, 1, KeyOrder.BYTEWISE))
          .isInstanceOf(CorruptionException.class).hasMessageContaining(TABLE)
          .hasMessageContaining("truncated or extended");
    }
  }

  @Test
  void aTableFileUnderAnotherIdIsCorruption(@TempDir Path folder) throws IOException {
    writeFiles(folder);
    Files.move(folder.resolve(TABLE), folder.resolve("000002.nvt"));
    PmemDirectory files = Pmem.directory(folder, RegionOptions.defaults());
    assertThatThrownBy(() -> NvmTable.open(files, 2, KeyOrder.BYTEWISE))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("names table 1, not 2");
  }

  @Test
  void theUndamagedTableReadsBack() {
    try (NvmTable table = NvmTable.open(directory, 1, KeyOrder.BYTEWISE)) {
      TableFixtures.assertSameContents(table, contents);
    }
  }
}
