package io.cairn.kraft.core;

import io.cairn.common.InvalidArgumentException;
import io.cairn.kraft.api.ConfChange;
import io.cairn.kraft.api.Configuration;
import io.cairn.kraft.api.Entry;
import io.cairn.kraft.api.EntryType;
import io.cairn.kraft.api.NodeId;
import io.cairn.kraft.api.Proposal;
import io.cairn.kraft.api.ProposalDroppedException;
import io.cairn.kraft.api.ProposalDroppedException.Reason;
import io.cairn.kraft.api.Role;
import java.util.List;

/**
 * Requests from the application: proposals, single-server membership changes, learner
 * promotion, read index, leadership transfer and forced campaigns.
 *
 * <p>Membership rules (thesis §4.1 and §4.2.1): a change is one node at a time; at most one
 * configuration entry may be uncommitted; a new leader first commits an entry of its own term (its
 * no-op); a learner becomes a voter only after catch-up rounds show it can keep up.
 *
 * <p>Thread-safety: not thread-safe.
 */
final class Proposals {
  private final Raft raft;

  Proposals(Raft raft) {
    this.raft = raft;
  }

  Proposal propose(byte[] data) {
    requireLeader();
    Entry entry = new Entry(raft.log.lastIndex() + 1, raft.term, EntryType.NORMAL, data);
    append(entry);
    return new Proposal(entry.index(), entry.term());
  }

  Proposal proposeConfChange(ConfChange change) {
    if (change.kind() == ConfChange.Kind.PROMOTE_LEARNER) {
      throw new InvalidArgumentException("promote a learner with promoteLearner: it runs catch-up rounds first");
    }
    requireLeader();
    requireConfigurationSlot();
    Configuration next = raft.configs.latest().apply(change);
    if (change.kind() == ConfChange.Kind.REMOVE_NODE && change.node().equals(raft.catchUp.learner())) {
      raft.catchUp.abort("learner " + change.node() + " was removed");
    }
    return appendConfiguration(next);
  }

  void promoteLearner(NodeId learner) {
    requireLeader();
    if (!raft.configs.latest().isLearner(learner)) {
      throw new InvalidArgumentException("node " + learner + " is not a learner");
    }
    if (raft.catchUp.running()) {
      throw new ProposalDroppedException(Reason.PROMOTION_RUNNING,
          "learner " + raft.catchUp.learner() + " is already being promoted");
    }
    raft.catchUp.start(learner, raft.log.lastIndex(), raft.tickCount);
    raft.leader.replicator.maybeSendAppend(learner, true);
    raft.leader.checkCatchUp();
  }

  /** The catch-up rounds succeeded: append the promotion once the configuration slot is free. */
  void tryPromote() {
    NodeId learner = raft.catchUp.learner();
    if (raft.role != Role.LEADER || learner == null || raft.leadTransferee != null
        || raft.pendingConfIndex > raft.log.committed() || !raft.committedInCurrentTerm()) {
      return;
    }
    Configuration next = raft.configs.latest().apply(new ConfChange(ConfChange.Kind.PROMOTE_LEARNER, learner));
    raft.catchUp.clear();
    appendConfiguration(next);
  }

  boolean readIndex(byte[] context) {
    if (raft.role == Role.LEADER) {
      raft.leader.readIndex(context, raft.id);
      return true;
    }
    if (raft.lead == null) {
      return false;
    }
    raft.send(new io.cairn.kraft.api.ReadIndexRequest(raft.id, raft.lead, context));
    return true;
  }

  void transferLeadership(NodeId target) {
    requireLeaderRole();
    if (!raft.configs.latest().isVoter(target)) {
      throw new InvalidArgumentException("node " + target + " is not a voter");
    }
    raft.leader.transferLeadership(target);
  }

  void campaign() {
    if (raft.role != Role.LEADER) {
      raft.election.campaign(raft.config.preVote() ? ElectionSteps.Kind.PRE_VOTE : ElectionSteps.Kind.ELECTION);
    }
  }

  private Proposal appendConfiguration(Configuration next) {
    Entry entry = new Entry(raft.log.lastIndex() + 1, raft.term, EntryType.CONFIG, next.encode());
    raft.pendingConfIndex = entry.index();
    append(entry);
    return new Proposal(entry.index(), entry.term());
  }

  private void append(Entry entry) {
    raft.leader.appendEntries(List.of(entry));
    if (raft.role == Role.LEADER) {
      raft.leader.replicator.broadcastAppend(false);
    }
  }

  private void requireLeaderRole() {
    if (raft.role != Role.LEADER) {
      throw new ProposalDroppedException(Reason.NOT_LEADER,
          raft.id + " is not the leader" + (raft.lead == null ? "" : "; the leader is " + raft.lead));
    }
  }

  private void requireLeader() {
    requireLeaderRole();
    if (raft.leadTransferee != null) {
      throw new ProposalDroppedException(Reason.TRANSFERRING_LEADERSHIP,
          "leadership is being transferred to " + raft.leadTransferee);
    }
  }

  private void requireConfigurationSlot() {
    if (raft.pendingConfIndex > raft.log.committed()) {
      throw new ProposalDroppedException(Reason.CONFIGURATION_CHANGE_PENDING,
          "configuration entry " + raft.pendingConfIndex + " is not committed yet");
    }
    if (!raft.committedInCurrentTerm()) {
      throw new ProposalDroppedException(Reason.NOTHING_COMMITTED_IN_TERM,
          "the leader has not committed an entry of term " + raft.term + " yet");
    }
  }
}
