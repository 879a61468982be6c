package io.cairn.pmem.l0;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.CorruptionException;
import io.cairn.pmem.api.Pmem;
import io.cairn.pmem.api.PmemBackend;
import io.cairn.pmem.api.PmemDirectory;
import io.cairn.pmem.api.RegionOptions;
import io.cairn.pmem.testing.CrashSimulatingDirectory;
import io.cairn.testing.Property;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Positional reads of container values ({@link ContainerScan}, what a compaction uses) return the
 * same bytes as the mapping, over random tables, windows, verification modes and scan starts.
 */
class ContainerScanTest {
  private static final int[] INLINE = {16, 32, 40};

  /** A table, the scan's window, how it is opened, and where a second scan starts. */
  record Case(TreeMap<byte[], byte[]> contents, NvmTableOptions options, int windowBytes,
      ContainerVerification verification, long startSeed) {
    @Override
    public String toString() {
      return contents.size() + " entries, window " + windowBytes + ", " + verification + ", " + options;
    }
  }

  @TempDir
  Path folder;

  private static PmemDirectory files(Path folder) {
    return Pmem.directory(folder, RegionOptions.defaults().withBackend(PmemBackend.FFM));
  }

  @Test
  void positionalReadsEqualTheMapping() {
    int[] trial = {0};
    Property.of("container scan == mapped values", random -> new Case(
            TableFixtures.randomContents(random, 300, 64 * 1024),
            NvmTableOptions.defaults()
                .withInlineKeyBytes(INLINE[random.nextInt(INLINE.length)])
                .withInlineValueBytes(INLINE[random.nextInt(INLINE.length)]),
            64 + random.nextInt(256 * 1024),
            ContainerVerification.values()[random.nextInt(ContainerVerification.values().length)],
            random.nextLong()))
        .trials(25)
        .check(c -> checkCase(c, folder.resolve("t" + trial[0]++)));
  }

  private static void checkCase(Case c, Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    PmemDirectory files = files(dir);
    TableFixtures.build(files, 3, c.options(), c.contents()).close();
    List<Map.Entry<byte[], byte[]>> entries = new ArrayList<>(c.contents().entrySet());
    try (NvmTable table = NvmTable.open(files, 3, KeyOrder.BYTEWISE, c.verification());
        ContainerScan scan = table.containerScan(c.windowBytes()).orElseThrow()) {
      NvmTableIterator iterator = table.iterator();
      iterator.seekToFirst();
      for (Map.Entry<byte[], byte[]> entry : entries) {
        assertScanned(iterator, scan, entry.getValue());
        iterator.next();
      }
      assertThat(iterator.valid()).isFalse();
      // A second pass from a random entry (backwards in the container from where the first ended).
      int start = new SplittableRandom(c.startSeed()).nextInt(entries.size());
      for (iterator.seekToPosition(start); iterator.valid(); iterator.next()) {
        assertScanned(iterator, scan, entries.get(iterator.position()).getValue());
      }
    }
  }

  private static void assertScanned(NvmTableIterator iterator, ContainerScan scan, byte[] expected) {
    assertThat(iterator.valueLength()).isEqualTo(expected.length);
    byte[] read = new byte[expected.length + 2];
    iterator.copyValue(read, 1, scan);
    assertThat(java.util.Arrays.copyOfRange(read, 1, read.length - 1)).isEqualTo(expected);
    byte[] mapped = new byte[expected.length];
    iterator.copyValue(mapped, 0, null);
    assertThat(mapped).isEqualTo(iterator.valueBytes()).isEqualTo(expected);
  }

  @Test
  void aRegionWithoutAFileHasNoScan() {
    TreeMap<byte[], byte[]> contents = TableFixtures.randomContents(new SplittableRandom(5), 20, 4096);
    try (NvmTable table = TableFixtures.build(new CrashSimulatingDirectory(), 1, NvmTableOptions.defaults(), contents)) {
      assertThat(table.containerScan()).isEmpty();
    }
  }

  @Test
  void aDamagedValueReadPositionallyIsCorruptionWhenCheckedOnRead() throws IOException {
    byte[] value = TableFixtures.bytes(new SplittableRandom(9), 4096);
    TreeMap<byte[], byte[]> contents = new TreeMap<>(TableFixtures.BYTEWISE);
    contents.put(new byte[] {1}, value);
    PmemDirectory files = files(folder);
    TableFixtures.build(files, 1, NvmTableOptions.defaults(), contents).close();
    Path container = folder.resolve(NvmTable.tableName(1)); // format version 2: the records are in the table's file
    byte[] bytes = Files.readAllBytes(container);
    int at = indexOf(bytes, value);
    assertThat(at).isPositive();
    bytes[at + 100] ^= 1;
    Files.write(container, bytes);
    try (NvmTable table = NvmTable.open(files, 1, KeyOrder.BYTEWISE, ContainerVerification.ON_READ);
        ContainerScan scan = table.containerScan().orElseThrow()) {
      NvmTableIterator iterator = table.iterator();
      iterator.seekToFirst();
      assertThatThrownBy(() -> iterator.copyValue(new byte[value.length], 0, scan))
          .isInstanceOf(CorruptionException.class).hasMessageContaining("checksum mismatch in the value");
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
