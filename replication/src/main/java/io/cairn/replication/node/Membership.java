package io.cairn.replication.node;

import io.cairn.common.BusyException;
import io.cairn.common.ClosedException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.kraft.api.ConfChange;
import io.cairn.kraft.api.Configuration;
import io.cairn.kraft.api.MembershipPlan;
import io.cairn.kraft.api.NodeId;
import io.cairn.kraft.api.ProposalDroppedException;
import io.cairn.kraft.api.RawKraft;
import io.cairn.kraft.api.Role;
import io.cairn.kraft.api.Status;
import io.cairn.replication.api.NodeChange;
import io.cairn.replication.ledger.LedgerMachine;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives KRaft's membership from the node list (ledger state). The node list says who should be
 * in the cluster; KRaft's configuration says who is. On the leader, {@link #reconcile} takes one
 * single-server step at a time toward the list: a node in the configuration but not in the list is
 * demoted (a voter) and then dropped (a learner); a listed node missing from the configuration is
 * added as a learner; a listed learner is promoted once KRaft's catch-up rounds succeed. KRaft
 * itself refuses a second change while one is uncommitted, so a step refused now is retried at
 * the next reconciliation. Because the steps follow from committed state, a new leader simply
 * continues where a crashed one stopped.
 *
 * <p>It also keeps the transport's peers and the sources of members' off-chain records (those of
 * verification requests and of the ledger's own verifier) equal to the node list on every node,
 * and completes the
 * futures of node changes submitted here once they are fully done: an added node a voter, a
 * removed node out of the configuration (as applied on this node).
 *
 * <p>Thread-safety: driver thread only.
 */
final class Membership {
  private static final Logger LOG = LoggerFactory.getLogger(Membership.class);
  /** How long a submitted change may take, catch-up of the new node included. */
  static final long TIMEOUT_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(2);

  private record Waiter(NodeChange change, CompletableFuture<Void> future, long deadlineNanos, boolean accepted) {}

  private final RawKraft raft;
  private final LedgerMachine machine;
  private final NodeNetwork network;
  private final MemberRecordSources sources;
  private final List<Waiter> waiters = new ArrayList<>();

  Membership(RawKraft raft, LedgerMachine machine, NodeNetwork network, MemberRecordSources sources) {
    this.raft = raft;
    this.machine = machine;
    this.network = network;
    this.sources = sources;
  }

  /** Whether no node change submitted here waits. */
  boolean isEmpty() {
    return waiters.isEmpty();
  }

  /**
   * Proposes {@code change} when this node leads, else fails {@code future} naming the leader.
   * The future completes once the change is committed, applied here and carried out in KRaft's
   * configuration, or fails when the ledger refuses it or {@code deadlineNanos} passes.
   */
  void submit(NodeChange change, CompletableFuture<Void> future, long deadlineNanos) {
    if (raft.basicStatus().role() != Role.LEADER) {
      NodeId leader = raft.basicStatus().leader();
      int number = leader == null ? 0 : network.memberOf(leader);
      future.completeExceptionally(new BusyException("this node is not the leader"
          + (number == 0 ? " and knows none" : "; the leader is node " + number)));
      return;
    }
    try {
      raft.propose(change.logEntry());
    } catch (ProposalDroppedException e) {
      future.completeExceptionally(new BusyException("the node change was not proposed: " + e.getMessage()));
      return;
    }
    waiters.add(new Waiter(change, future, deadlineNanos, false));
  }

  /** A node change entry was applied here with {@code outcome}. */
  void applied(LedgerMachine.NodeChangeOutcome outcome) {
    if (outcome.change() == null) {
      return;
    }
    for (int i = 0; i < waiters.size(); i++) {
      Waiter waiter = waiters.get(i);
      if (!waiter.accepted() && waiter.change().kind() == outcome.change().kind()
          && waiter.change().sameNode(outcome.change())) {
        if (outcome.refusal() != null) {
          waiter.future().completeExceptionally(new InvalidArgumentException("node change refused: "
              + outcome.refusal()));
          waiters.remove(i--);
        } else {
          waiters.set(i, new Waiter(waiter.change(), waiter.future(), waiter.deadlineNanos(), true));
        }
      }
    }
  }

  /** Periodic work (every few ticks): peers, completed waiters, and on the leader the next step. */
  void reconcile(long nowNanos) {
    Status status = raft.status();
    List<NodeChange> nodes = machine.nodes().nodes();
    network.syncPeers(nodes, status.configuration());
    sources.follow(nodes);
    // The ledger's own verifier reads through the same sources; its object is replaced when a
    // snapshot is installed, so it is told them all each time (a map put each, no work when known).
    io.cairn.chain.api.Ledger ledger = machine.ledger();
    for (io.cairn.chain.api.RecordSource source : sources.all()) {
      ledger.addSource(source);
    }
    completeWaiters(nowNanos);
    if (status.role() == Role.LEADER && !nodes.isEmpty()) {
      step(status, nodes);
    }
  }

  private void step(Status status, List<NodeChange> nodes) {
    List<NodeId> wanted = nodes.stream().map(NodeChange::nodeId).toList();
    ConfChange next = MembershipPlan.next(status.configuration(), wanted);
    if (next == null || next.kind() == ConfChange.Kind.PROMOTE_LEARNER && status.promotion() != null) {
      return;
    }
    try {
      if (next.kind() == ConfChange.Kind.PROMOTE_LEARNER) {
        raft.promoteLearner(next.node());
        LOG.info("membership: catch-up rounds started for node {}", network.memberOf(next.node()));
      } else {
        raft.proposeConfChange(next);
        LOG.info("membership: proposed {} of node {}", next.kind(), network.memberOf(next.node()));
      }
    } catch (ProposalDroppedException | InvalidArgumentException notNow) {
      LOG.debug("membership: {} not possible yet: {}", next, notNow.getMessage());
    }
  }

  private void completeWaiters(long nowNanos) {
    Configuration applied = machine.configuration();
    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
      Waiter waiter = it.next();
      NodeId id = waiter.change().nodeId();
      // A node removing itself may never hear that it was dropped (the leader stops replicating to
      // it): its part is done once it no longer votes.
      boolean self = id.equals(raft.basicStatus().id());
      boolean done = waiter.accepted() && (waiter.change().kind() == NodeChange.Kind.REMOVE
          ? self ? !applied.isVoter(id) : !applied.isMember(id) : applied.isVoter(id));
      if (done) {
        waiter.future().complete(null);
        it.remove();
      } else if (nowNanos - waiter.deadlineNanos() > 0) {
        waiter.future().completeExceptionally(new BusyException("node change " + waiter.change() + " not carried out in time"
            + (waiter.accepted() ? " (committed; KRaft's configuration has not caught up yet)" : "")));
        it.remove();
      }
    }
  }

  /** Fails every waiting change (the node is closing). */
  void closeAll() {
    for (Waiter waiter : waiters) {
      waiter.future().completeExceptionally(new ClosedException("the node is closing"));
    }
    waiters.clear();
  }
}
