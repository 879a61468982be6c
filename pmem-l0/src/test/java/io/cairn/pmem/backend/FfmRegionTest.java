package io.cairn.pmem.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.pmem.api.DurabilityMode;
import io.cairn.pmem.api.Pmem;
import io.cairn.pmem.api.PmemRegion;
import io.cairn.pmem.api.RegionOptions;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.nio.mapmode.ExtendedMapMode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The FFM backend's MAP_SYNC attempt and its fallback to a shared mapping made durable with msync. */
class FfmRegionTest {
  @TempDir Path dir;

  /** Records the modes asked for; refuses MAP_SYNC with {@code refusal} when it is not null. */
  private static final class FakeMapper implements FfmRegion.Mapper {
    final List<FileChannel.MapMode> modes = new ArrayList<>();
    final Exception refusal;

    FakeMapper(Exception refusal) {
      this.refusal = refusal;
    }

    @Override
    public MemorySegment map(FileChannel.MapMode mode) throws IOException {
      modes.add(mode);
      if (mode == ExtendedMapMode.READ_WRITE_SYNC && refusal instanceof IOException io) {
        throw io;
      }
      if (mode == ExtendedMapMode.READ_WRITE_SYNC && refusal instanceof RuntimeException runtime) {
        throw runtime;
      }
      return Arena.ofAuto().allocate(4096);
    }
  }

  @Test
  void prefaultMapsEveryPageOfAFreshMapping() throws IOException {
    Path smaps = Path.of("/proc/self/smaps");
    Assumptions.assumeTrue(Files.isReadable(smaps), "needs Linux's /proc/self/smaps");
    Path file = dir.resolve("prefault");
    long size = 4L << 20;
    try (PmemRegion written = Pmem.create(file, size, RegionOptions.defaults())) {
      written.fill(0, size, (byte) 1);
      written.persist(0, size);
    }
    try (FfmRegion region = FfmRegion.open(file, RegionOptions.defaults())) {
      long before = residentKib(smaps, file);
      region.prefault();
      long after = residentKib(smaps, file);
      assertThat(before).as("resident KiB of a fresh mapping").isLessThan(size / 1024 / 2);
      assertThat(after).as("resident KiB after prefault").isGreaterThanOrEqualTo(size / 1024);
      assertThat(region.readByte(size - 1)).isEqualTo((byte) 1);
    }
  }

  /** Rss of this process's mappings of {@code file}, in KiB. */
  private static long residentKib(Path smaps, Path file) throws IOException {
    long kib = 0;
    boolean inFile = false;
    for (String line : Files.readAllLines(smaps)) {
      if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
        inFile = line.endsWith(file.toString());
      } else if (inFile && line.startsWith("Rss:")) {
        kib += Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    return kib;
  }

  @Test
  void mapSyncIsUsedWhereTheKernelGrantsIt() throws IOException {
    FakeMapper mapper = new FakeMapper(null);
    FfmRegion.Mapping mapping = FfmRegion.mapPreferringSync(mapper, true, dir);
    assertThat(mapping.sync()).isTrue();
    assertThat(mapper.modes).containsExactly(ExtendedMapMode.READ_WRITE_SYNC);
  }

  @Test
  void aKernelRefusalFallsBackToASharedMapping() throws IOException {
    FakeMapper mapper = new FakeMapper(new IOException("Operation not supported"));
    FfmRegion.Mapping mapping = FfmRegion.mapPreferringSync(mapper, true, dir);
    assertThat(mapping.sync()).isFalse();
    assertThat(mapping.fallbackReason()).contains("MAP_SYNC refused (Operation not supported)");
    assertThat(mapper.modes).containsExactly(ExtendedMapMode.READ_WRITE_SYNC, FileChannel.MapMode.READ_WRITE);
  }

  @Test
  void aJvmWithoutCacheLineWritebackFallsBackToo() throws IOException {
    FakeMapper mapper = new FakeMapper(new UnsupportedOperationException("writeback not enabled"));
    assertThat(FfmRegion.mapPreferringSync(mapper, true, dir).sync()).isFalse();
  }

  @Test
  void mapSyncIsNotTriedWhenTheOptionsSayNot() throws IOException {
    FakeMapper mapper = new FakeMapper(null);
    FfmRegion.Mapping mapping = FfmRegion.mapPreferringSync(mapper, false, dir);
    assertThat(mapping.sync()).isFalse();
    assertThat(mapper.modes).containsExactly(FileChannel.MapMode.READ_WRITE);
  }

  @Test
  void aFailureOfThePlainMappingIsThrown() {
    FfmRegion.Mapper failing = mode -> {
      throw new IOException("Cannot allocate memory");
    };
    assertThatThrownBy(() -> FfmRegion.mapPreferringSync(failing, true, dir)).hasMessage("Cannot allocate memory");
  }

  @Test
  void onThisMachineTheModeMatchesWhatTheKernelSaysOfTheDirectory() {
    boolean dax = DaxProbe.probe(dir).dax();
    try (PmemRegion region = Pmem.create(dir.resolve("real"), 8192, RegionOptions.defaults())) {
      assertThat(region.durabilityMode()).isEqualTo(dax ? DurabilityMode.MAP_SYNC : DurabilityMode.MSYNC);
      region.writeLong(0, 7);
      region.persist(0, 8);
    }
    try (PmemRegion region = Pmem.open(dir.resolve("real"), RegionOptions.defaults().withTryMapSync(false))) {
      assertThat(region.durabilityMode()).isEqualTo(DurabilityMode.MSYNC);
      assertThat(region.readLong(0)).isEqualTo(7);
    }
  }
}
