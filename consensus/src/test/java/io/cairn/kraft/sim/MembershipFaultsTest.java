package io.cairn.kraft.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.common.InvalidArgumentException;
import io.cairn.kraft.api.ConfChange;
import io.cairn.kraft.api.Configuration;
import io.cairn.kraft.api.MembershipPlan;
import io.cairn.kraft.api.Mode;
import io.cairn.kraft.api.NodeId;
import io.cairn.kraft.api.ProposalDroppedException;
import io.cairn.kraft.api.Status;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * Seed 002's membership changes in the simulator, with the faults the issue names: the leader
 * crashing mid-change, the new node crashing during its catch-up, a partition isolating the new
 * node, and the removal of the current leader. A driver like the replication module's {@code
 * Membership} steps the leader toward a wanted member set with {@link MembershipPlan}; clients
 * work throughout. Every run must pass the invariant checks (0 violations), stay linearizable,
 * answer every client after the heal, and end with exactly the wanted voters.
 */
class MembershipFaultsTest {
  private static final int SEEDS = 8;
  private static final long MS = 1000;

  /** The wanted set and the reconciliation loop of one run. */
  private static final class Driver {
    final SimCluster cluster;
    final Set<NodeId> wanted = new LinkedHashSet<>();

    Driver(SimCluster cluster) {
      this.cluster = cluster;
      cluster.nodes.forEach(node -> wanted.add(node.id));
      cluster.loop.after(10 * MS, this::reconcile);
    }

    SimNode join() {
      SimNode node = cluster.addNode();
      cluster.start(node);
      wanted.add(node.id);
      return node;
    }

    private void reconcile() {
      SimNode leader = cluster.currentLeader();
      if (leader != null && !leader.busy) {
        Status status = leader.raft.status();
        ConfChange next = MembershipPlan.next(status.configuration(), wanted);
        if (next != null && (next.kind() != ConfChange.Kind.PROMOTE_LEARNER || status.promotion() == null)) {
          cluster.input(leader, (Runnable) () -> {
            try {
              if (next.kind() == ConfChange.Kind.PROMOTE_LEARNER) {
                leader.raft.promoteLearner(next.node());
              } else {
                leader.raft.proposeConfChange(next);
              }
            } catch (ProposalDroppedException | InvalidArgumentException notNow) {
              // one change at a time: taken again at the next reconciliation
            }
          });
        }
      }
      cluster.loop.after(10 * MS, this::reconcile);
    }
  }

  private static void runSeeds(String scenario, BiConsumer<Driver, SplittableRandom> script) {
    SimOptions options = SimOptions.builder(Mode.KRAFT, 3).faults(EnumSet.of(Fault.LOSS)).chaosMillis(3000)
        .snapshotEveryEntries(32).build();
    for (long seed = 1; seed <= SEEDS; seed++) {
      Driver[] driver = new Driver[1];
      SplittableRandom random = new SplittableRandom(seed * 7919);
      SimResult result = new Simulation(options, seed, null).script(cluster -> {
        driver[0] = new Driver(cluster);
        script.accept(driver[0], random);
      }).run();
      assertThat(result.violation()).as("%s, seed %d", scenario, seed).isNull();
      assertThat(result.linearizable()).as("%s, seed %d", scenario, seed).isTrue();
      SimNode leader = driver[0].cluster.currentLeader();
      assertThat(leader).as("%s, seed %d: a leader at the end", scenario, seed).isNotNull();
      Configuration config = leader.raft.status().configuration();
      assertThat(Set.copyOf(config.voters())).as("%s, seed %d: voters", scenario, seed)
          .isEqualTo(driver[0].wanted);
      assertThat(config.learners()).isEmpty();
    }
  }

  private static SimNode leaderOrAny(SimCluster cluster) {
    SimNode leader = cluster.currentLeader();
    return leader != null ? leader : cluster.nodes.getFirst();
  }

  private static void crashFor(SimCluster cluster, SimNode node, long downMillis) {
    cluster.crash(node, SimNode.State.DOWN);
    cluster.loop.after(downMillis * MS, () -> {
      if (node.state == SimNode.State.DOWN) {
        cluster.start(node);
      }
    });
  }

  @Test
  void theLeaderCrashesMidChange() {
    runSeeds("leader crash mid-change", (driver, random) -> driver.cluster.loop.after(400 * MS, () -> {
      driver.join();
      driver.cluster.loop.after((1 + random.nextInt(80)) * MS,
          () -> crashFor(driver.cluster, leaderOrAny(driver.cluster), 200 + random.nextInt(400)));
    }));
  }

  @Test
  void theNewNodeCrashesDuringCatchUp() {
    runSeeds("new node crash during catch-up", (driver, random) -> driver.cluster.loop.after(400 * MS, () -> {
      SimNode joining = driver.join();
      driver.cluster.loop.after((5 + random.nextInt(150)) * MS,
          () -> crashFor(driver.cluster, joining, 100 + random.nextInt(600)));
    }));
  }

  @Test
  void aPartitionIsolatesTheNewNode() {
    runSeeds("partition isolating the new node", (driver, random) -> driver.cluster.loop.after(400 * MS, () -> {
      SimNode joining = driver.join();
      driver.cluster.loop.after((1 + random.nextInt(100)) * MS, () -> {
        for (SimNode other : driver.cluster.nodes) {
          if (other != joining) {
            driver.cluster.network.cut(joining.index, other.index);
            driver.cluster.network.cut(other.index, joining.index);
          }
        }
        driver.cluster.loop.after((300 + random.nextInt(900)) * MS, driver.cluster.network::healAll);
      });
    }));
  }

  @Test
  void theCurrentLeaderIsRemovedThenANodeJoins() {
    runSeeds("removal of the current leader", (driver, random) -> driver.cluster.loop.after(400 * MS, () -> {
      driver.wanted.remove(leaderOrAny(driver.cluster).id);
      driver.cluster.loop.after((600 + random.nextInt(600)) * MS, driver::join);
    }));
  }
}
