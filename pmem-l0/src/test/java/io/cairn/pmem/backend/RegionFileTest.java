package io.cairn.pmem.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cairn.common.CorruptionException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.common.NotSupportedException;
import io.cairn.pmem.api.Pmem;
import io.cairn.pmem.api.PmemBackend;
import io.cairn.pmem.api.PmemDirectory;
import io.cairn.pmem.api.PmemRegion;
import io.cairn.pmem.api.RegionOptions;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Region files that are not what they should be: refused with a clear exception, never mapped blindly. */
class RegionFileTest {
  @TempDir Path dir;

  private static RegionOptions options(PmemBackend backend) {
    assumeTrue(Pmem.status(backend).available(), () -> backend + " not available: " + Pmem.status(backend).reason());
    return RegionOptions.defaults().withBackend(backend);
  }

  private Path regionFile(long size) {
    Path file = dir.resolve("region");
    Pmem.create(file, size, RegionOptions.defaults()).close();
    return file;
  }

  private static void setLength(Path file, long bytes) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(bytes);
    }
  }

  private static void flipByte(Path file, long offset) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(offset);
      int value = raf.read();
      raf.seek(offset);
      raf.write(value ^ 0x01);
    }
  }

  @ParameterizedTest
  @EnumSource(value = PmemBackend.class, names = {"FFM", "LIBPMEM"})
  void aTruncatedFileIsCorruption(PmemBackend backend) throws IOException {
    RegionOptions options = options(backend);
    Path file = regionFile(8192);
    setLength(file, 256 + 4096);
    assertThatThrownBy(() -> Pmem.open(file, options))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining("file is 4352 bytes but its header says 8448");
  }

  @ParameterizedTest
  @EnumSource(value = PmemBackend.class, names = {"FFM", "LIBPMEM"})
  void anExtendedFileIsCorruption(PmemBackend backend) throws IOException {
    RegionOptions options = options(backend);
    Path file = regionFile(8192);
    setLength(file, 256 + 8192 + 1);
    assertThatThrownBy(() -> Pmem.open(file, options)).isInstanceOf(CorruptionException.class);
  }

  @ParameterizedTest
  @EnumSource(value = PmemBackend.class, names = {"FFM", "LIBPMEM"})
  void aDamagedHeaderIsCorruption(PmemBackend backend) throws IOException {
    RegionOptions options = options(backend);
    Path file = regionFile(4096);
    flipByte(file, 17);
    assertThatThrownBy(() -> Pmem.open(file, options))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("checksum mismatch");
  }

  @ParameterizedTest
  @EnumSource(value = PmemBackend.class, names = {"FFM", "LIBPMEM", "LLPL"})
  void filesTooShortForAHeaderOrMissingAreRefused(PmemBackend backend) throws IOException {
    RegionOptions options = options(backend);
    Path empty = dir.resolve("empty");
    Files.write(empty, new byte[10]);
    assertThatThrownBy(() -> Pmem.open(empty, options)).isInstanceOf(CorruptionException.class);
    assertThatThrownBy(() -> Pmem.open(dir.resolve("absent"), options))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("no pmem region file");
  }

  @Test
  void anLlplHeapOpenedAsAPlainRegionSaysSo() {
    RegionOptions llpl = options(PmemBackend.LLPL);
    Pmem.create(dir.resolve("heap"), 4096, llpl).close();
    assertThatThrownBy(() -> Pmem.open(dir.resolve("heap"), RegionOptions.defaults()))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("open it with the llpl backend");
  }

  @Test
  void aPlainRegionOpenedWithLlplIsCorruption() {
    RegionOptions llpl = options(PmemBackend.LLPL);
    Path file = regionFile(4096);
    assertThatThrownBy(() -> Pmem.open(file, llpl))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("not an llpl heap");
  }

  @Test
  void ffmAndLibpmemShareOneFileFormat() {
    RegionOptions libpmem = options(PmemBackend.LIBPMEM);
    try (PmemRegion region = Pmem.create(dir.resolve("shared"), 4096, RegionOptions.defaults())) {
      region.writeLong(8, 99);
      region.persist(8, 8);
    }
    try (PmemRegion region = Pmem.open(dir.resolve("shared"), libpmem)) {
      assertThat(region.readLong(8)).isEqualTo(99);
    }
  }

  @Test
  void anInterruptedCreateLeavesNoRegionAndIsCleanedUp() throws IOException {
    PmemDirectory directory = Pmem.directory(dir, RegionOptions.defaults());
    Files.write(dir.resolve("table" + RegionFiles.CREATING_SUFFIX), new byte[300]);
    assertThat(directory.list()).isEmpty();
    directory.create("table", 4096).close();
    assertThat(directory.list()).containsExactly("table");
    assertThat(dir.resolve("table" + RegionFiles.CREATING_SUFFIX)).doesNotExist();
  }

  @Test
  void theCrashSimulatorHasNoFiles() {
    RegionOptions simulated = RegionOptions.defaults().withBackend(PmemBackend.CRASH_SIMULATION);
    assertThatThrownBy(() -> Pmem.create(dir.resolve("x"), 64, simulated))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("CrashSimulatingDirectory");
  }

  @Test
  void anUnavailableBackendCreatesNothing() {
    PmemBackend missing = Pmem.status(PmemBackend.LIBPMEM).available() ? null : PmemBackend.LIBPMEM;
    assumeTrue(missing != null, "libpmem is installed here; the unavailable path is covered in native/");
    assertThatThrownBy(() -> Pmem.create(dir.resolve("x"), 64, RegionOptions.defaults().withBackend(missing)))
        .isInstanceOf(NotSupportedException.class).hasMessageStartingWith("libpmem not available: ");
    assertThat(dir.resolve("x")).doesNotExist();
  }
}
