package io.cairn.pmem.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cairn.pmem.api.Pmem;
import io.cairn.pmem.api.PmemBackend;
import io.cairn.pmem.api.PmemDirectory;
import io.cairn.pmem.api.PmemRegion;
import io.cairn.pmem.api.RegionOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What is particular to llpl: heaps shared by handles, closed with the last one, views of a heap. */
class LlplRegionTest {
  @TempDir Path dir;

  @BeforeAll
  static void llplIsAvailable() {
    assumeTrue(LlplSupport.availability().available(), () -> "llpl not available: " + LlplSupport.availability().reason());
  }

  private PmemDirectory directory() {
    return Pmem.directory(dir, RegionOptions.defaults().withBackend(PmemBackend.LLPL));
  }

  @Test
  void twoHandlesShareOneHeapAndClosingOneLeavesTheOther() {
    PmemDirectory directory = directory();
    PmemRegion first = directory.create("shared", 4096);
    PmemRegion second = directory.open("shared");
    first.writeLong(16, 5);
    first.close();
    second.writeLong(24, 6);
    assertThat(second.readLong(16)).isEqualTo(5);
    assertThat(second.readLong(24)).isEqualTo(6);
    second.close();
  }

  @Test
  void aNameCanBeReusedAfterItsRegionIsClosedAndDeleted() {
    PmemDirectory directory = directory();
    try (PmemRegion region = directory.create("reused", 4096)) {
      region.writeLong(0, 1);
      region.persist(0, 8);
    }
    directory.delete("reused");
    try (PmemRegion region = directory.create("reused", 8192)) {
      assertThat(region.size()).isEqualTo(8192);
      assertThat(region.readLong(0)).isZero();
    }
  }

  @Test
  void largeSegmentsAreCopiedInChunksAndViewsAreAlignedToXplines() {
    try (PmemRegion region = directory().create("large", 1 << 20)) {
      byte[] data = new byte[300_000];
      new java.util.SplittableRandom(3).nextBytes(data);
      region.write(1000, java.lang.foreign.MemorySegment.ofArray(data));
      byte[] back = new byte[data.length];
      region.read(1000, back, 0, back.length);
      assertThat(back).isEqualTo(data);
      assertThat(region.view(0, 8).address() % PmemRegion.XPLINE_BYTES).isZero();
    }
  }
}
