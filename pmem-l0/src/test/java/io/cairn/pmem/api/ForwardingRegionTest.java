package io.cairn.pmem.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.pmem.testing.CrashSimulatingDirectory;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardingRegionTest {
  /** Records every hook call as a short string. */
  private static final class Recording extends ForwardingRegion {
    final List<String> calls = new ArrayList<>();

    Recording(PmemRegion region) {
      super(region);
    }

    @Override
    protected void beforeRead(long offset, long length) {
      calls.add("read " + offset + "+" + length);
    }

    @Override
    protected void afterFlush(long offset, long length) {
      calls.add("flush " + offset + "+" + length);
    }

    @Override
    protected void afterFence() {
      calls.add("fence");
    }
  }

  @Test
  void readsAreObservedWithTheirRangeAndWritesPassThrough() {
    try (Recording region = new Recording(new CrashSimulatingDirectory("forwarding").create("r", 4096))) {
      region.writeLong(64, 42L);
      region.write(128, new byte[] {1, 2, 3}, 0, 3);
      assertThat(region.calls).isEmpty();

      assertThat(region.readLong(64)).isEqualTo(42L);
      assertThat(region.readByte(129)).isEqualTo((byte) 2);
      byte[] target = new byte[3];
      region.read(128, target, 0, 3);
      MemorySegment view = region.view(0, 256);
      assertThat(view.byteSize()).isEqualTo(256);
      assertThat(region.calls).containsExactly("read 64+8", "read 129+1", "read 128+3", "read 0+256");
      assertThat(target).containsExactly(1, 2, 3);
    }
  }

  @Test
  void persistsReportTheirFlushAndFenceAndReachTheRegion() {
    CrashSimulatingDirectory directory = new CrashSimulatingDirectory("forwarding");
    try (Recording region = new Recording(directory.create("r", 4096))) {
      region.writeLong(0, 7L);
      region.persist(0, 8);
      region.writeAndPersist(256, MemorySegment.ofArray(new byte[] {9, 9}));
      region.flush(512, 64);
      region.fence();
      assertThat(region.calls).containsExactly(
          "flush 0+8", "fence", "flush 256+2", "fence", "flush 512+64", "fence");
    }
    // What was persisted through the wrapper survives a crash of the simulated machine.
    try (PmemRegion after = directory.crash(1).open("r")) {
      assertThat(after.readLong(0)).isEqualTo(7L);
      assertThat(after.readByte(257)).isEqualTo((byte) 9);
    }
  }
}
