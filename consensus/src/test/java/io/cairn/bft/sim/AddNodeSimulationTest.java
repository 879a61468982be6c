package io.cairn.bft.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.bft.api.Protocol;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Seed 002 in the simulator: a replica added by a transaction during runs with f Byzantine
 * replicas (mixed attacks, an equivocating primary among them), the new replica on time, slow, or
 * crashing while it synchronizes. Every run must keep agreement, bring every honest replica into
 * the new configuration, make the new replica a member and commit requests afterwards. The long
 * sweeps run through {@code ./cairn sim bft --add-node} (docs/bft.md §10).
 */
class AddNodeSimulationTest {
  /** Runs the seeds and adds each failure, labelled, to {@code failures}. */
  private static void sweep(SimSettings settings, long first, int seeds, String label, List<String> failures) {
    BftSimulator.Report report = BftSimulator.sweep(settings, first, seeds, 2, (seed, passed) -> { });
    report.failures().forEach(f -> failures.add(label + " seed " + f.seed() + ": " + f.description()));
  }

  private static SimSettings adding(Protocol protocol, int nodes, int byzantine, Attack attack, AddNode.Joiner joiner) {
    return new SimSettings(protocol, nodes, byzantine, attack, 4, 6, 1000, 120, 3, false, CostModel.defaults(),
        new AddNode(true, joiner));
  }

  @Test
  void aReplicaIsAddedDespiteByzantineReplicasAndAFaultyJoiner() {
    List<String> failures = new ArrayList<>();
    for (Protocol protocol : Protocol.values()) {
      for (AddNode.Joiner joiner : List.of(AddNode.Joiner.OK, AddNode.Joiner.SLOW, AddNode.Joiner.CRASH)) {
        sweep(adding(protocol, 4, 1, Attack.MIXED, joiner), 1, 10, protocol + " " + joiner, failures);
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void anEquivocatingPrimaryCannotSplitTheAdd() {
    List<String> failures = new ArrayList<>();
    for (Protocol protocol : Protocol.values()) {
      sweep(adding(protocol, 4, 1, Attack.EQUIVOCATE, AddNode.Joiner.MIXED), 100, 10, protocol.name(), failures);
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void growingFromSixToSevenRaisesFAndQuorums() {
    List<String> failures = new ArrayList<>();
    for (Protocol protocol : Protocol.values()) {
      sweep(adding(protocol, 6, 1, Attack.MIXED, AddNode.Joiner.MIXED), 200, 6, protocol.name(), failures);
    }
    assertThat(failures).isEmpty();
  }
}
