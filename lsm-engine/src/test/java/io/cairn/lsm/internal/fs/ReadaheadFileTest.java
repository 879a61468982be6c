package io.cairn.lsm.internal.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testing.Property;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Readahead views: the bytes read are the file's, and device reads follow the documented shape. */
class ReadaheadFileTest {
  /** An in-memory file that records the length of every read it serves. */
  private static final class CountingFile implements RandomReadFile {
    final byte[] bytes;
    final List<Integer> reads = new ArrayList<>();

    CountingFile(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override public Path path() { return Path.of("counting.sst"); }
    @Override public long size() { return bytes.length; }
    @Override public void close() { }

    @Override
    public void read(long position, byte[] target, int offset, int length) {
      reads.add(length);
      System.arraycopy(bytes, (int) position, target, offset, length);
    }
  }

  private static byte[] randomBytes(SplittableRandom random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  @Test
  void aForwardScanReadsDirectlyFirstThenInDoublingWindows() {
    CountingFile file = new CountingFile(randomBytes(new SplittableRandom(1), 1 << 20));
    RandomReadFile scan = ReadaheadFile.growing(file, 8 << 10, 64 << 10);
    byte[] block = new byte[4096];
    for (int at = 0; at + block.length <= 400 << 10; at += block.length) {
      scan.read(at, block, 0, block.length);
      assertThat(block).isEqualTo(Arrays.copyOfRange(file.bytes, at, at + block.length));
    }
    // Two direct block reads, then windows of 8, 16, 32 KiB and 64 KiB from then on.
    assertThat(file.reads.subList(0, 6)).containsExactly(4096, 4096, 8 << 10, 16 << 10, 32 << 10, 64 << 10);
    assertThat(file.reads.subList(5, file.reads.size())).allMatch(length -> length == 64 << 10);
    assertThat(file.reads).hasSizeLessThan(100 / 4);
  }

  @Test
  void aReadBehindTheLastStartsOverWithDirectReads() {
    CountingFile file = new CountingFile(randomBytes(new SplittableRandom(2), 1 << 20));
    RandomReadFile scan = ReadaheadFile.growing(file, 8 << 10, 64 << 10);
    byte[] block = new byte[4096];
    for (int at = 0; at < 64 << 10; at += block.length) {
      scan.read(at, block, 0, block.length);
    }
    int before = file.reads.size();
    scan.read(500_000, block, 0, block.length);
    scan.read(100_000, block, 0, block.length);
    assertThat(block).isEqualTo(Arrays.copyOfRange(file.bytes, 100_000, 100_000 + block.length));
    assertThat(file.reads.subList(before, file.reads.size())).containsExactly(64 << 10, 4096);
  }

  @Test
  void everyReadReturnsTheFilesBytesWhateverTheOrder() {
    Property.of("readahead views read what the file holds", random -> random.nextLong())
        .trials(60)
        .check(seed -> {
          SplittableRandom random = new SplittableRandom(seed);
          CountingFile file = new CountingFile(randomBytes(random, random.nextInt(1, 300_000)));
          int initial = random.nextInt(1, 20_000);
          RandomReadFile view = random.nextBoolean() ? ReadaheadFile.fixed(file, initial)
              : ReadaheadFile.growing(file, initial, initial * random.nextInt(1, 9));
          long at = random.nextInt(file.bytes.length);
          for (int i = 0; i < 200; i++) {
            if (random.nextInt(6) == 0) {
              at = random.nextInt(file.bytes.length);
            }
            int length = (int) Math.min(file.bytes.length - at, random.nextInt(0, 30_000));
            byte[] got = new byte[length + 2];
            view.read(at, got, 1, length);
            assertThat(Arrays.copyOfRange(got, 1, 1 + length)).as("read of %d at %d", length, at)
                .isEqualTo(Arrays.copyOfRange(file.bytes, (int) at, (int) at + length));
            at = at + length >= file.bytes.length ? 0 : at + length;
          }
        });
  }
}
