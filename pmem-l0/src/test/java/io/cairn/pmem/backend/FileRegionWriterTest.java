package io.cairn.pmem.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cairn.common.InvalidArgumentException;
import io.cairn.pmem.api.Pmem;
import io.cairn.pmem.api.PmemBackend;
import io.cairn.pmem.api.PmemDirectory;
import io.cairn.pmem.api.PmemRegion;
import io.cairn.pmem.api.RegionOptions;
import io.cairn.pmem.api.RegionWriter;
import io.cairn.testing.Property;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The file-backed {@link RegionWriter}: what it publishes equals the same writes applied to a
 * byte array (bytes never written are zero), and an abandoned or unfinished region leaves nothing
 * under its name.
 */
class FileRegionWriterTest {
  @TempDir Path dir;

  private PmemDirectory directory(PmemBackend backend) {
    assumeTrue(Pmem.status(backend).available(), () -> backend + " not available: " + Pmem.status(backend).reason());
    return Pmem.directory(dir, RegionOptions.defaults().withBackend(backend));
  }

  /** One write: an offset and its bytes, or an 8-byte atomic store when {@code bytes} is null. */
  private record Write(long offset, byte[] bytes, long value) {
    @Override
    public String toString() {
      return bytes == null ? "store@" + offset : "write@" + offset + "+" + bytes.length;
    }
  }

  private record Case(int size, List<Write> writes) {}

  private static Case randomCase(java.util.SplittableRandom random) {
    int size = 1 + random.nextInt(random.nextBoolean() ? 4096 : 700_000);
    List<Write> writes = new ArrayList<>();
    long at = 0;
    for (int i = random.nextInt(40); i > 0; i--) {
      boolean sequential = random.nextInt(4) > 0;
      // Sequential writes sometimes leave a gap (a record's padding) that the buffer may skip.
      long offset = sequential ? Math.min(size - 1, at + (random.nextInt(3) == 0 ? random.nextInt(80) : 0))
          : random.nextLong(size);
      if (random.nextInt(8) == 0 && offset + 8 <= size) {
        writes.add(new Write(offset, null, random.nextLong()));
        at = offset + 8;
        continue;
      }
      int max = (int) Math.min(size - offset, random.nextBoolean() ? 300 : 400_000);
      if (max <= 0) {
        continue;
      }
      byte[] bytes = new byte[1 + random.nextInt(max)];
      random.nextBytes(bytes);
      writes.add(new Write(offset, bytes, 0));
      at = offset + bytes.length;
    }
    return new Case(size, writes);
  }

  private static byte[] expected(Case c) {
    byte[] image = new byte[c.size()];
    for (Write w : c.writes()) {
      if (w.bytes() == null) {
        ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN).putLong((int) w.offset(), w.value());
      } else {
        System.arraycopy(w.bytes(), 0, image, (int) w.offset(), w.bytes().length);
      }
    }
    return image;
  }

  @Test
  void publishedRegionHoldsExactlyTheWrites() {
    PmemDirectory directory = directory(PmemBackend.FFM);
    int[] number = {0};
    Property.of("file region writer == byte array", FileRegionWriterTest::randomCase)
        .trials(40)
        .check(c -> {
          String name = "r" + number[0]++;
          try (RegionWriter writer = directory.createWriter(name, c.size())) {
            assertThat(writer).isInstanceOf(FileRegionWriter.class);
            for (Write w : c.writes()) {
              if (w.bytes() == null) {
                writer.storeLongAtomic(w.offset(), w.value());
              } else {
                writer.write(w.offset(), w.bytes());
              }
              writer.persist(w.offset(), 1);
            }
            assertThat(directory.list()).doesNotContain(name);
            try (PmemRegion region = writer.finish()) {
              byte[] read = new byte[c.size()];
              region.read(0, read, 0, read.length);
              assertThat(Arrays.equals(read, expected(c))).as("region bytes equal the writes").isTrue();
            }
          }
          assertThat(directory.list()).contains(name);
          try (PmemRegion reopened = directory.open(name)) {
            assertThat(reopened.size()).isEqualTo(c.size());
          }
        });
  }

  /**
   * Records of a length that is not a multiple of 8, each at the next 8-byte boundary (a flush's
   * container records), go to the file in buffer-sized writes, not one write per record; the
   * padding between them reads as zeros.
   */
  @Test
  void paddedRecordsAreCombinedIntoFewFileWrites() {
    PmemDirectory directory = directory(PmemBackend.FFM);
    int records = 1_000;
    int length = 1_092;
    int stride = (length + 7) & -8;
    byte[] record = new byte[length];
    Arrays.fill(record, (byte) 0x5A);
    try (RegionWriter writer = directory.createWriter("padded", (long) records * stride)) {
      for (int i = 0; i < records; i++) {
        writer.write((long) i * stride, record);
      }
      writer.finish().close();
      long bytes = (long) records * stride;
      assertThat(((FileRegionWriter) writer).fileWrites()).as("file writes for %d records", records)
          .isLessThanOrEqualTo(bytes / (256 << 10) + 2);
    }
    try (PmemRegion region = directory.open("padded")) {
      byte[] read = new byte[2 * stride];
      region.read(0, read, 0, read.length);
      for (int i = 0; i < read.length; i++) {
        assertThat(read[i]).as("byte %d", i).isEqualTo(i % stride < length ? (byte) 0x5A : 0);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = PmemBackend.class, names = {"FFM", "LIBPMEM"})
  void anAbandonedRegionLeavesNothing(PmemBackend backend) throws IOException {
    PmemDirectory directory = directory(backend);
    try (RegionWriter writer = directory.createWriter("gone", 10_000)) {
      writer.write(0, new byte[] {1, 2, 3});
    }
    assertThat(directory.exists("gone")).isFalse();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.toList()).isEmpty();
    }
  }

  @Test
  void refusesAnExistingNameAndWritesOutsideTheRegion() {
    PmemDirectory directory = directory(PmemBackend.FFM);
    directory.create("taken", 64).close();
    assertThatThrownBy(() -> directory.createWriter("taken", 64)).isInstanceOf(InvalidArgumentException.class);
    try (RegionWriter writer = directory.createWriter("small", 64)) {
      assertThatThrownBy(() -> writer.write(60, new byte[8])).isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("outside region small");
      writer.finish().close();
      assertThatThrownBy(() -> writer.write(0, new byte[1])).isInstanceOf(IllegalStateException.class);
    }
  }

  /** A region that learns its size late: grown for writes, then cut to its end; the header says the final size. */
  @ParameterizedTest
  @EnumSource(value = PmemBackend.class, names = {"FFM", "LIBPMEM", "CRASH_SIMULATION"})
  void aResizedRegionIsPublishedAtItsFinalSize(PmemBackend backend) {
    PmemDirectory directory = backend == PmemBackend.CRASH_SIMULATION
        ? new io.cairn.pmem.testing.CrashSimulatingDirectory() : directory(backend);
    byte[] head = {1, 2, 3, 4};
    byte[] tail = {9, 8, 7};
    try (RegionWriter writer = directory.createWriter("grown", 64)) {
      writer.write(0, head);
      writer.resize(100_000);
      writer.write(70_000, tail);
      assertThatThrownBy(() -> writer.resize(70_002)).isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("cannot shrink");
      writer.resize(70_003);
      writer.persist(0, 70_003);
      if (backend == PmemBackend.CRASH_SIMULATION) {
        assertThatThrownBy(() -> writer.resize(80_000)).as("in place, the region exists from the first persist point")
            .isInstanceOf(IllegalStateException.class);
      }
      writer.finish().close();
    }
    try (PmemRegion region = directory.open("grown")) {
      assertThat(region.size()).isEqualTo(70_003);
      byte[] read = new byte[4];
      region.read(0, read, 0, 4);
      assertThat(read).isEqualTo(head);
      region.read(70_000, read, 0, 3);
      assertThat(Arrays.copyOf(read, 3)).isEqualTo(tail);
      assertThat(region.readByte(35_000)).isZero();
    }
  }
}
