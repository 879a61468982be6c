package io.cairn.bft.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.bft.api.Protocol;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Seeded sweeps with Byzantine replicas (a few hundred seeds in all; the 10,000-seed targets run
 * through {@code ./cairn sim bft}, see docs/bft.md), the sanity check that f+1 colluders do break
 * safety, and seed replay.
 */
class BftSimulationTest {
  private static BftSimulator.Report sweep(SimSettings settings, int seeds) {
    return BftSimulator.sweep(settings, 1, seeds, 2, (seed, passed) -> { });
  }

  private static SimSettings with(Protocol protocol, int nodes, int byzantine, Attack attack) {
    return new SimSettings(protocol, nodes, byzantine, attack, 4, 6, 1000, 120, 3, false, CostModel.defaults());
  }

  @Test
  void fByzantineReplicasWithMixedAttacksBreakNeitherSafetyNorLiveness() {
    for (Protocol protocol : Protocol.values()) {
      BftSimulator.Report small = sweep(SimSettings.sweep(protocol, 4, 1), 60);
      assertThat(small.failures()).as(protocol + " n=4 f=1").isEmpty();
      assertThat(small.requests()).isEqualTo(60L * 4 * 6);
      BftSimulator.Report larger = sweep(SimSettings.sweep(protocol, 7, 2), 12);
      assertThat(larger.failures()).as(protocol + " n=7 f=2").isEmpty();
    }
  }

  @Test
  void everyAttackAloneIsSurvived() {
    List<String> failures = new ArrayList<>();
    for (Protocol protocol : Protocol.values()) {
      for (Attack attack : Attack.values()) {
        BftSimulator.Report report = sweep(with(protocol, 4, 1, attack), 6);
        report.failures().forEach(f -> failures.add(protocol + " " + attack + " " + f));
        if (attack == Attack.FORGE) {
          assertThat(report.rejected()).as("forged messages are seen and rejected").isPositive();
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void fPlusOneColludersCanBreakSafetyAndTheCheckerSeesIt() {
    for (Protocol protocol : Protocol.values()) {
      BftSimulator.Report report = sweep(with(protocol, 4, 2, Attack.EQUIVOCATE), 20);
      assertThat(report.failures()).as(protocol.name()).isNotEmpty()
          .anySatisfy(f -> assertThat(f.description()).containsAnyOf("safety:", "committed twice with different"));
    }
  }

  @Test
  void aSeedReplaysExactly() {
    SimSettings settings = SimSettings.sweep(Protocol.SBFT, 4, 1);
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    RunResult a = new BftSimulation(settings, 77, first::add).run();
    RunResult b = new BftSimulation(settings, 77, second::add).run();
    assertThat(b).isEqualTo(a);
    assertThat(second).isEqualTo(first).isNotEmpty();
  }

  @Test
  void aReplicaThatCommittedInAnEarlierViewStillHelpsTheNewViewCommit() {
    // Seed 873: r1 committed s2 in view 2; in view 8 the collector of s2 is the silent Byzantine r3,
    // and without r1's fallback share the primary never gathered 2f+1 (liveness failure).
    RunResult result = new BftSimulation(SimSettings.sweep(Protocol.SBFT, 4, 1), 873, null).run();
    assertThat(result.violation()).isNull();
  }

  @Test
  void realEd25519SignaturesWork() {
    SimSettings settings = new SimSettings(Protocol.PBFT, 4, 1, Attack.FORGE, 2, 3, 200, 50, 3, true,
        CostModel.defaults());
    RunResult result = new BftSimulation(settings, 3, null).run();
    assertThat(result.violation()).isNull();
    assertThat(result.requests()).isEqualTo(6);
  }

  @Test
  void sbftCommonCaseIsLinearAndPbftQuadratic() {
    int n = 16;
    RunResult sbft = new BftSimulation(new SimSettings(Protocol.SBFT, n, 0, Attack.SILENT, 8, 10, 0, 0, 0, false,
        CostModel.defaults()), 1, null).run();
    RunResult pbft = new BftSimulation(new SimSettings(Protocol.PBFT, n, 0, Attack.SILENT, 8, 10, 0, 0, 0, false,
        CostModel.defaults()), 1, null).run();
    assertThat(sbft.violation()).isNull();
    assertThat(pbft.violation()).isNull();
    assertThat((double) sbft.messages() / sbft.decisions()).isLessThanOrEqualTo(4.0 * n);
    assertThat((double) pbft.messages() / pbft.decisions()).isGreaterThan(2.0 * (n - 1) * (n - 1));
    assertThat(sbft.slowCertificates()).as("every replica answers in time: fast path only").isZero();
  }
}
