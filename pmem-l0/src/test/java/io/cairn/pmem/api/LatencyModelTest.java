package io.cairn.pmem.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.InvalidArgumentException;
import io.cairn.pmem.testing.CrashSimulatingRegion;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatencyModelTest {
  @Test
  void offIsTheDefaultAndAddsNothing() {
    assertThat(RegionOptions.defaults().latencyModel()).isEqualTo(LatencyModel.OFF);
    assertThat(LatencyModel.OFF.isOff()).isTrue();
    assertThat(LatencyModel.OFF.readCostNanos(0, 1 << 20)).isZero();
  }

  @Test
  void readsPayARandomLineThenSequentialOnes() {
    LatencyModel optane = LatencyModel.OPTANE;
    assertThat(optane.readCostNanos(0, 8)).isEqualTo(220);
    assertThat(optane.readCostNanos(250, 8)).as("crosses into a second XPLine").isEqualTo(220 + 90);
    assertThat(optane.readCostNanos(0, 4096)).isEqualTo(220 + 15 * 90);
    assertThat(optane.readCostNanos(0, 0)).isZero();
  }

  @Test
  void flushesPayPerXpline() {
    assertThat(LatencyModel.OPTANE.flushCostNanos(0, 64)).isEqualTo(110);
    assertThat(LatencyModel.OPTANE.flushCostNanos(200, 100)).isEqualTo(220);
    assertThat(LatencyModel.OPTANE.flushCostNanos(0, 16 * 1024)).isEqualTo(64 * 110);
    assertThat(LatencyModel.OPTANE.fenceNanos()).isZero();
  }

  @Test
  void parsesNamesAndFigures() {
    assertThat(LatencyModel.parse("off")).isEqualTo(LatencyModel.OFF);
    assertThat(LatencyModel.parse(" Optane ")).isEqualTo(LatencyModel.OPTANE);
    assertThat(LatencyModel.parse("read=300,flushLine=500")).isEqualTo(new LatencyModel(300, 0, 500, 0));
    assertThat(LatencyModel.parse(LatencyModel.OPTANE.toString().replaceAll("optane\\((.*)\\)", "$1")))
        .isEqualTo(LatencyModel.OPTANE);
    for (String bad : new String[] {"fast", "read=-1", "read=x", "write=5", "read"}) {
      assertThatThrownBy(() -> LatencyModel.parse(bad)).as(bad).isInstanceOf(InvalidArgumentException.class);
    }
  }

  @Test
  void aModelledRegionIsSlowerByAtLeastTheModel(@TempDir Path dir) {
    LatencyModel model = new LatencyModel(0, 0, 100_000, 200_000);
    try (PmemRegion region = Pmem.create(dir.resolve("slow"), 4096, RegionOptions.defaults().withLatencyModel(model))) {
      long start = System.nanoTime();
      region.persist(0, 1024);
      assertThat(System.nanoTime() - start).as("4 lines at 100 us + a 200 us fence").isGreaterThanOrEqualTo(600_000);
    }
  }

  @Test
  void theModelIsNotAppliedToTheSimulatorUnlessAsked() {
    try (PmemRegion region = CrashSimulatingRegion.create("plain", 64)) {
      assertThat(region.getClass()).isEqualTo(CrashSimulatingRegion.class);
    }
  }
}
