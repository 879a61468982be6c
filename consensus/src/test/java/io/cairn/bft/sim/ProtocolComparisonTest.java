package io.cairn.bft.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.bft.api.Protocol;
import io.cairn.common.InvalidArgumentException;
import io.cairn.kraft.sim.ResourceModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The comparison's BFT rows under the shared resource model (the Raft/KRaft rows search a curve
 * and take minutes; {@code sim bft --compare} runs them, see docs/bft.md §7).
 */
class ProtocolComparisonTest {
  private static final ProtocolComparison.Settings SMALL =
      new ProtocolComparison.Settings(List.of(7), 1, 256, 2, 50, 1);

  @Test
  void saturatedBftRowsKeepTheirMessageShapesAndFillTheBusiestCpu() {
    ProtocolComparison.Row pbft = ProtocolComparison.bft(SMALL, Protocol.PBFT, 7);
    ProtocolComparison.Row sbft = ProtocolComparison.bft(SMALL, Protocol.SBFT, 7);
    assertThat(sbft.messagesPerDecision()).isLessThanOrEqualTo(4.0 * 7);
    assertThat(pbft.messagesPerDecision()).isGreaterThan(6.0 * 6);
    assertThat(pbft.messagesPerRequest()).isLessThan(pbft.messagesPerDecision()).as("batches of several requests");
    for (ProtocolComparison.Row row : List.of(pbft, sbft)) {
      assertThat(row.throughputPerSecond()).isPositive();
      assertThat(row.busiestCpuShare()).as(row.protocol() + " saturated").isGreaterThan(0.5).isLessThanOrEqualTo(1);
    }
  }

  @Test
  void theBftSimulatorChargesTheSharedResourceModel() {
    CostModel model = CostModel.datacenter(1);
    assertThat(model.resources()).isEqualTo(ResourceModel.datacenter(1));
    SimSettings slow = new SimSettings(Protocol.SBFT, 4, 0, Attack.SILENT, 64, 2, 0, 0, 0, false,
        new CostModel(ResourceModel.datacenter(0.01), 50, 25, 1000));
    SimSettings fast = new SimSettings(Protocol.SBFT, 4, 0, Attack.SILENT, 64, 2, 0, 0, 0, false, model);
    RunResult onSlowLinks = new BftSimulation(slow, 1, null).run();
    RunResult onFastLinks = new BftSimulation(fast, 1, null).run();
    assertThat(onSlowLinks.violation()).isNull();
    assertThat(onSlowLinks.virtualMicros()).as("10 Mbit/s NICs slow the same run down")
        .isGreaterThan(onFastLinks.virtualMicros() * 3 / 2);
  }

  @Test
  void badSettingsAreRefused() {
    assertThatThrownBy(() -> new ProtocolComparison.Settings(List.of(3), 1, 1, 1, 50, 1))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> new CostModel(ResourceModel.OFF, 50, 25, 1000)).isInstanceOf(InvalidArgumentException.class);
  }
}
