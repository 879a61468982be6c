package io.cairn.chain.dag;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testing.Property;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Many nodes generating blocks under delay and loss: convergence and stable confirmations. */
class SimulationTest {
  /**
   * Confirmation depth for these networks (up to 7 nodes, delay up to 4 ticks, loss up to 10%):
   * over 2,000 seeded runs the deepest pivot reorganisation seen was 13 pivot blocks, its tail
   * halving with each block (docs/dag.md, "Confirmation"), so 20 leaves a wide margin.
   */
  static final int K = 20;

  private static DagSimulation.Config config(SplittableRandom random) {
    return config(random, 0.1);
  }

  private static DagSimulation.Config lossy(SplittableRandom random) {
    return config(random, 0.4);
  }

  private static DagSimulation.Config config(SplittableRandom random, double lossMax) {
    int nodes = 2 + random.nextInt(6);
    int delayMax = 1 + random.nextInt(4);
    double loss = random.nextInt((int) Math.round(lossMax * 10) + 1) * 0.1;
    return new DagSimulation.Config(nodes, random.nextLong(), 60 + random.nextInt(90),
        0.05 + random.nextDouble() * 0.2, 1 + random.nextInt(10), 1 + random.nextInt(20),
        1, delayMax, loss, 1 + random.nextInt(5), 0.05);
  }

  @Test
  void nodesConvergeOnOneOrderUnderDelayAndLoss() {
    Property.of("simulated nodes converge", SimulationTest::lossy)
        .trials(25)
        .check(cfg -> {
          DagSimulation sim = new DagSimulation(cfg);
          assertThat(sim.run()).as("converged").isTrue();
          ConfluxOrder first = sim.nodes().getFirst().order();
          for (DagNode node : sim.nodes()) {
            assertThat(node.order().blockOrder()).isEqualTo(first.blockOrder());
            assertThat(node.order().txOrder()).isEqualTo(first.txOrder());
            assertThat(node.order().unorderedBlocks()).hasSameElementsAs(first.unorderedBlocks());
            assertThat(node.heldCount()).isZero();
          }
          Set<DagId> ids = new HashSet<>();
          first.txOrder().forEach(tx -> assertThat(ids.add(tx.id())).isTrue());
        });
  }

  @Test
  void confirmedEpochsNeverChangeAsTheDagGrows() {
    Property.of("confirmed epochs are stable", SimulationTest::config)
        .trials(15)
        .check(cfg -> {
          DagSimulation sim = new DagSimulation(cfg);
          List<List<DagEpoch>> confirmed = new ArrayList<>();
          for (DagNode node : sim.nodes()) {
            confirmed.add(List.of());
          }
          for (int t = 0; t < cfg.ticks(); t++) {
            sim.step(true);
            for (DagNode node : sim.nodes()) {
              ConfluxOrder order = node.order();
              List<DagEpoch> before = confirmed.get(node.nodeId());
              int now = order.confirmedEpochs(K);
              assertThat(order.pivotLength()).as("node %d: pivot cut below a confirmed epoch", node.nodeId())
                  .isGreaterThanOrEqualTo(before.size());
              for (int h = 0; h < before.size(); h++) {
                assertThat(order.epoch(h)).as("node %d epoch %d at tick %d", node.nodeId(), h, t).isEqualTo(before.get(h));
              }
              List<DagEpoch> extended = new ArrayList<>(before);
              for (int h = before.size(); h < now; h++) {
                extended.add(order.epoch(h));
              }
              confirmed.set(node.nodeId(), extended);
            }
          }
        });
  }

  @Test
  void sameSeedSameRun() {
    DagSimulation.Config cfg = DagSimulation.Config.defaults(42);
    DagSimulation a = new DagSimulation(cfg);
    DagSimulation b = new DagSimulation(cfg);
    assertThat(a.run()).isTrue();
    assertThat(b.run()).isTrue();
    assertThat(a.nodes().getFirst().order().blockOrder()).isEqualTo(b.nodes().getFirst().order().blockOrder());
    assertThat(a.messagesLost()).isEqualTo(b.messagesLost()).isPositive();
    assertThat(a.nodes().getFirst().order().orderedTxCount()).isPositive();
  }
}
