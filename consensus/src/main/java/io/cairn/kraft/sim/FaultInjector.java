package io.cairn.kraft.sim;

import io.cairn.kraft.api.BasicStatus;
import io.cairn.kraft.api.ConfChange;
import io.cairn.kraft.api.Configuration;
import io.cairn.kraft.api.Mode;
import io.cairn.kraft.api.NodeId;
import io.cairn.kraft.api.ProposalDroppedException;
import io.cairn.kraft.api.Role;
import io.cairn.kraft.api.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Plays the faults of a run's chaos phase from its seed, then heals everything: links restored,
 * network faults off, crashed members restarted, removed nodes retired.
 *
 * <p>Thread-safety: not thread-safe.
 */
final class FaultInjector {
  private final SimCluster cluster;
  private final SplittableRandom random;
  private final Set<Fault> faults;
  private final int foundingVoters;
  private long chaosEndMicros;
  private boolean healed;

  FaultInjector(SimCluster cluster, SplittableRandom random, int foundingVoters) {
    this.cluster = cluster;
    this.random = random;
    this.faults = cluster.options.faults();
    this.foundingVoters = foundingVoters;
  }

  void schedule(long chaosEnd) {
    chaosEndMicros = chaosEnd;
    cluster.network.setFaults(
        faults.contains(Fault.LOSS) ? 0.05 * random.nextDouble() : 0,
        faults.contains(Fault.DUPLICATION) ? 0.03 * random.nextDouble() : 0,
        faults.contains(Fault.REORDER) ? 0.10 * random.nextDouble() : 0);
    every(Fault.PARTITION, 200, 1200, this::partition);
    every(Fault.CRASH, 200, 1000, () -> crashAndRestart(randomUpNode(5), 10, 800));
    every(Fault.RELAY_KILL, 300, 1000, this::killRelay);
    every(Fault.CHURN, 300, 900, this::churn);
    every(Fault.LEADER_CRASH, 800, 1500, () -> crashAndRestart(leader(), 100, 500));
  }

  private void every(Fault fault, int minMillis, int maxMillis, Runnable action) {
    if (!faults.contains(fault)) {
      return;
    }
    cluster.loop.after(millis(minMillis, maxMillis), () -> {
      if (!healed && cluster.loop.now() < chaosEndMicros) {
        action.run();
        every(fault, minMillis, maxMillis, action);
      }
    });
  }

  private long millis(int min, int max) {
    return 1000L * (min + random.nextInt(max - min + 1));
  }

  /** Ends the chaos: every link and member back, network faults off. */
  void heal() {
    healed = true;
    cluster.network.healAll();
    cluster.network.setFaults(0, 0, 0);
    for (SimNode node : cluster.nodes) {
      if (node.state == SimNode.State.DOWN) {
        cluster.start(node);
      }
    }
    cluster.metrics.forgetPendingCrash();
    cluster.trace("heal");
  }

  // ---------------------------------------------------------------- partitions

  private void partition() {
    List<SimNode> alive = new ArrayList<>();
    for (SimNode node : cluster.nodes) {
      if (node.state != SimNode.State.RETIRED) {
        alive.add(node);
      }
    }
    if (alive.size() < 2) {
      return;
    }
    shuffle(alive);
    int size = 1 + random.nextInt(Math.max(1, alive.size() / 2));
    List<SimNode> side = alive.subList(0, size);
    List<SimNode> rest = alive.subList(size, alive.size());
    int kind = random.nextInt(4);
    switch (kind) {
      case 0 -> cutBetween(side, rest, true, true);
      case 1 -> cutBetween(side, rest, true, false);
      case 2 -> cutBetween(side, rest, false, true);
      default -> {
        // A bridge: one node of the rest still talks to both sides.
        SimNode bridge = rest.getFirst();
        cutBetween(side, rest.subList(1, rest.size()), true, true);
        cluster.trace("bridge through " + bridge);
      }
    }
    cluster.trace("partition kind " + kind + " side " + side.stream().map(SimNode::toString).toList());
    cluster.loop.after(millis(100, 1500), () -> {
      if (!healed) {
        cluster.network.healAll();
        cluster.trace("partition healed");
      }
    });
  }

  private void cutBetween(List<SimNode> side, List<SimNode> rest, boolean outward, boolean inward) {
    for (SimNode a : side) {
      for (SimNode b : rest) {
        if (outward) {
          cluster.network.cut(a.index, b.index);
        }
        if (inward) {
          cluster.network.cut(b.index, a.index);
        }
      }
    }
  }

  private void shuffle(List<SimNode> list) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      SimNode swap = list.get(i);
      list.set(i, list.get(j));
      list.set(j, swap);
    }
  }

  // ---------------------------------------------------------------- crashes

  private void crashAndRestart(SimNode node, int minMillis, int maxMillis) {
    if (node == null || !node.up()) {
      return;
    }
    cluster.crash(node, SimNode.State.DOWN);
    cluster.loop.after(millis(minMillis, maxMillis), () -> {
      if (node.state == SimNode.State.DOWN) {
        cluster.start(node);
      }
    });
  }

  /** A random running node; with probability 1/{@code leaderOdds} the leader. */
  private SimNode randomUpNode(int leaderOdds) {
    if (random.nextInt(leaderOdds) == 0 && leader() != null) {
      return leader();
    }
    List<SimNode> up = new ArrayList<>();
    for (SimNode node : cluster.nodes) {
      if (node.up()) {
        up.add(node);
      }
    }
    return up.isEmpty() ? null : up.get(random.nextInt(up.size()));
  }

  /** The running leader with the highest term, or null. */
  SimNode leader() {
    SimNode best = null;
    long bestTerm = -1;
    for (SimNode node : cluster.nodes) {
      if (node.up()) {
        BasicStatus status = node.raft.basicStatus();
        if (status.role() == Role.LEADER && status.term() > bestTerm) {
          best = node;
          bestTerm = status.term();
        }
      }
    }
    return best;
  }

  private void killRelay() {
    SimNode leader = leader();
    if (leader == null) {
      return;
    }
    List<NodeId> relays = cluster.options.mode() == Mode.KRAFT
        ? leader.raft.status().relays()
        : leader.raft.status().configuration().voters();
    List<SimNode> victims = new ArrayList<>();
    for (NodeId id : relays) {
      SimNode node = cluster.node(id);
      if (node != null && node != leader && node.up()) {
        victims.add(node);
      }
    }
    if (!victims.isEmpty()) {
      SimNode victim = victims.get(random.nextInt(victims.size()));
      cluster.trace("kill relay " + victim);
      crashAndRestart(victim, 100, 800);
    }
  }

  // ---------------------------------------------------------------- membership churn

  private void churn() {
    SimNode leader = leader();
    if (leader == null || leader.busy) {
      return;
    }
    Status status = leader.raft.status();
    Configuration config = status.configuration();
    int dice = random.nextInt(4);
    cluster.input(leader, (Runnable) () -> {
      try {
        if (dice == 3) {
          NodeId target = config.voters().get(random.nextInt(config.voters().size()));
          if (!target.equals(leader.id)) {
            leader.raft.transferLeadership(target);
            cluster.trace("transfer leadership to " + cluster.node(target));
          }
        } else if (!config.learners().isEmpty() && status.promotion() == null && dice != 0) {
          leader.raft.promoteLearner(config.learners().get(random.nextInt(config.learners().size())));
        } else if (config.voters().size() >= foundingVoters && dice == 0) {
          NodeId victim = config.voters().get(random.nextInt(config.voters().size()));
          leader.raft.proposeConfChange(new ConfChange(ConfChange.Kind.REMOVE_NODE, victim));
          cluster.trace("remove " + cluster.node(victim));
          retireWhenRemoved(cluster.node(victim));
        } else if (config.learners().isEmpty() && config.voters().size() <= foundingVoters) {
          SimNode joining = cluster.addNode();
          try {
            leader.raft.proposeConfChange(new ConfChange(ConfChange.Kind.ADD_LEARNER, joining.id));
          } catch (ProposalDroppedException refused) {
            joining.state = SimNode.State.RETIRED;
            throw refused;
          }
          cluster.start(joining);
          cluster.trace("add learner " + joining);
        }
      } catch (ProposalDroppedException | io.cairn.common.InvalidArgumentException refused) {
        cluster.trace("churn refused: " + refused.getMessage());
      }
    });
  }

  /** Stops a removed node for good once its removal is committed (it may linger as a zombie until then). */
  private void retireWhenRemoved(SimNode node) {
    cluster.loop.after(millis(100, 800), () -> {
      if (node.state == SimNode.State.RETIRED) {
        return;
      }
      SimNode furthest = null;
      for (SimNode other : cluster.nodes) {
        if (other.up() && (furthest == null || other.applied > furthest.applied)) {
          furthest = other;
        }
      }
      if (furthest != null && !furthest.appliedConfig.isMember(node.id)) {
        cluster.crash(node, SimNode.State.RETIRED);
      } else if (!healed) {
        retireWhenRemoved(node);
      }
    });
  }
}
