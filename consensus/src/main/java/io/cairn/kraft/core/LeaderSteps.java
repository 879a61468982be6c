package io.cairn.kraft.core;

import io.cairn.kraft.api.AppendResponse;
import io.cairn.kraft.api.Entry;
import io.cairn.kraft.api.HeartbeatResponse;
import io.cairn.kraft.api.NodeId;
import io.cairn.kraft.api.ReadIndexRequest;
import io.cairn.kraft.api.ReadIndexResponse;
import io.cairn.kraft.api.ReadState;
import io.cairn.kraft.api.Role;
import io.cairn.kraft.api.SnapshotResponse;
import io.cairn.kraft.api.TimeoutNow;
import io.cairn.kraft.kademlia.Topology;
import java.util.ArrayList;
import java.util.List;

/**
 * The leader's rules: acknowledgements and commit, heartbeats and CheckQuorum, read index,
 * leadership transfer, relay failure handling and the learner catch-up clock. Sending is in
 * {@link Replicator}; proposals and membership changes in {@link Proposals}.
 *
 * <p>Commit rule (§5.4.2, the "Figure 8" case): the commit index moves to the highest index
 * matched by a majority of voters <em>only if that entry has the leader's current term</em>;
 * earlier entries are committed indirectly by it.
 *
 * <p>Thread-safety: not thread-safe.
 */
final class LeaderSteps {
  private record DeferredRead(byte[] context, NodeId requester) {}

  private final Raft raft;
  final Replicator replicator;
  private final List<DeferredRead> deferredReads = new ArrayList<>();

  LeaderSteps(Raft raft) {
    this.raft = raft;
    this.replicator = new Replicator(raft);
  }

  void ifLeader(Runnable action) {
    if (raft.role == Role.LEADER) {
      action.run();
    }
  }

  void clearDeferredReads() {
    deferredReads.clear();
  }

  // ---------------------------------------------------------------- log

  /**
   * Appends entries of the current term to the leader's own log and counts its own match, unless
   * the leader counts itself only once its log is durable ({@code leaderMatchAtPersist}: then
   * {@link #persisted} does).
   */
  void appendEntries(List<Entry> entries) {
    raft.appendToLog(entries);
    if (!raft.config.leaderMatchAtPersist()) {
      Progress self = raft.tracker.get(raft.id);
      if (self != null) {
        self.maybeUpdate(raft.log.lastIndex(), raft.tickCount);
      }
    }
    maybeCommit();
  }

  /**
   * The driver made this leader's log durable through {@code index}, written in {@code term}: the
   * leader's own copy counts from now on. Ignored unless this node still leads in {@code term} and
   * its entry at {@code index} is of that term (a leader never overwrites its own entries, so the
   * entries up to it are the ones that were synced).
   */
  void persisted(long index, long term) {
    if (raft.role != Role.LEADER || raft.term != term || !raft.log.matchTerm(index, term)) {
      return;
    }
    Progress self = raft.tracker.get(raft.id);
    if (self != null && self.maybeUpdate(index, raft.tickCount)) {
      maybeCommit();
    }
  }

  void broadcastAppend() {
    replicator.broadcastAppend(true);
  }

  /** Advances the commit index by the current-term majority rule; true when it moved. */
  boolean maybeCommit() {
    long candidate = raft.tracker.committedIndex();
    if (candidate <= raft.log.committed() || raft.log.term(candidate) != raft.term) {
      return false;
    }
    raft.log.commitTo(candidate);
    afterCommit();
    return true;
  }

  private void afterCommit() {
    if (!deferredReads.isEmpty() && raft.committedInCurrentTerm()) {
      List<DeferredRead> ready = new ArrayList<>(deferredReads);
      deferredReads.clear();
      for (DeferredRead read : ready) {
        readIndex(read.context(), read.requester());
      }
    }
    // Thesis §4.2.2: a leader removed from the configuration manages the cluster until the
    // configuration without it commits, then steps down.
    if (raft.configs.latestIndex() <= raft.log.committed() && !raft.configs.latest().isVoter(raft.id)) {
      raft.becomeFollower(raft.term, null);
    }
  }

  // ---------------------------------------------------------------- clock

  void tick() {
    raft.heartbeatElapsed++;
    raft.electionElapsed++;
    if (raft.electionElapsed >= raft.config.electionTicks()) {
      raft.electionElapsed = 0;
      if (raft.config.checkQuorum()) {
        if (!raft.tracker.quorumActive(raft.id)) {
          raft.becomeFollower(raft.term, null);
          return;
        }
        raft.tracker.progress().forEach((member, progress) -> progress.recentActive = member.equals(raft.id));
      }
      raft.leadTransferee = null;
    }
    if (raft.heartbeatElapsed >= raft.config.heartbeatTicks()) {
      raft.heartbeatElapsed = 0;
      probeStalledMembers();
      replicator.broadcastHeartbeat();
    }
    for (Topology.Group group : raft.relays.tick(raft.config.relayTimeoutTicks())) {
      replicator.serveDirectly(group);
    }
    retransmitSnapshots();
    if (raft.catchUp.running()) {
      checkCatchUp();
      if (raft.catchUp.onTick(raft.tickCount, raft.config.electionTicks(), raft.config.catchUpRoundsMax())
          == CatchUp.Decision.PROMOTE) {
        raft.proposals.tryPromote();
      }
    }
  }

  /** Feeds the learner's current match to its catch-up rounds (also when it was caught up already). */
  void checkCatchUp() {
    Progress progress = raft.tracker.get(raft.catchUp.learner());
    if (progress != null && raft.catchUp.onMatch(progress.match, raft.log.lastIndex(), raft.tickCount,
        raft.config.electionTicks(), raft.config.catchUpRoundsMax()) == CatchUp.Decision.PROMOTE) {
      raft.proposals.tryPromote();
    }
  }

  /**
   * A replicating member that acknowledged nothing for two heartbeat intervals while appends to
   * it are outstanding has probably lost them (or their relay did): probe it directly from its
   * last known match, which also re-sends what is missing.
   */
  private void probeStalledMembers() {
    long stalledAfter = 2L * raft.config.heartbeatTicks();
    raft.tracker.progress().forEach((member, progress) -> {
      if (!member.equals(raft.id) && progress.state == Progress.State.REPLICATE
          && progress.inflights.count() > 0 && raft.tickCount - progress.lastProgressTick > stalledAfter) {
        progress.becomeProbe();
        progress.lastProgressTick = raft.tickCount;
        replicator.maybeSendAppend(member, true);
      }
    });
  }

  private void retransmitSnapshots() {
    raft.tracker.progress().forEach((member, progress) -> {
      if (raft.config.snapshotSentOutside()) {
        if (progress.state == Progress.State.SNAPSHOT && ++progress.ticksSinceSnapshotAck > raft.config.electionTicks()) {
          replicator.sendSnapshotOffer(member, progress); // the sender resumes (or starts) where the member stands
        }
        return;
      }
      if (progress.state == Progress.State.SNAPSHOT && raft.config.snapshotBytesPerTick() > 0) {
        if (progress.snapshotSent == progress.snapshotOffset) {
          progress.ticksSinceSnapshotAck = 0; // nothing in flight: waiting for credit is no silence
        }
        replicator.refillSnapshotCredit(progress);
        replicator.fillSnapshotWindow(member, progress); // a paced transfer goes on between answers
      }
      boolean creditLeft = raft.config.snapshotBytesPerTick() == 0 || progress.snapshotCredit > 0;
      if (progress.state == Progress.State.SNAPSHOT
          && ++progress.ticksSinceSnapshotAck > raft.config.electionTicks() && creditLeft) {
        // Probe with the first unacknowledged chunk only; its answer reopens the window. A silent
        // member is far more often slow (a loaded machine, a collection pause, a JVM just started
        // and still interpreting its decoder) than behind a lost chunk: the transport is TCP, so a
        // chunk is lost only with its connection. Hence an election timeout, not two heartbeats:
        // at 2 heartbeats (100 ms on a node) a freshly started learner was probed while the window
        // was still in flight, and the chunks behind the probe were sent again (97 chunks for a
        // 51-chunk snapshot on the idle VM, 264-277 at load 40). For the same reason the first
        // probe leaves the chunks in flight counted as such (taking them for lost sent 150-226
        // chunks for 51 at load 30, session 7); only a second silence before the member holds
        // all that was in flight at the first takes them for lost (a lost connection) and sends
        // the window again from the acknowledged offset.
        if (progress.snapshotProbes++ > 0) {
          progress.snapshotSent = progress.snapshotOffset;
        }
        replicator.sendSnapshotProbe(member, progress);
        progress.snapshotProbedSent = progress.snapshotSent;
      }
    });
  }

  // ---------------------------------------------------------------- responses

  void handleAppendResponse(AppendResponse response) {
    Progress progress = raft.tracker.get(response.from());
    if (progress == null) {
      return;
    }
    progress.recentActive = true;
    if (response.reject()) {
      long probe = response.hintTerm() > 0
          ? raft.log.findConflictByTerm(response.rejectHint(), response.hintTerm())
          : response.rejectHint();
      if (progress.maybeDecrTo(response.index(), probe)) {
        if (progress.state == Progress.State.REPLICATE) {
          progress.becomeProbe();
        }
        replicator.maybeSendAppend(response.from(), true);
      }
      return;
    }
    boolean wasPaused = progress.isPaused();
    if (!progress.maybeUpdate(response.index(), raft.tickCount)) {
      return;
    }
    switch (progress.state) {
      case PROBE -> progress.becomeReplicate();
      case SNAPSHOT -> {
        if (progress.match >= progress.pendingSnapshot || progress.match + 1 >= raft.log.firstIndex()) {
          progress.becomeProbe();
          progress.becomeReplicate();
        }
      }
      case REPLICATE -> progress.inflights.freeLe(response.index());
    }
    // A match at or below the commit index cannot raise the majority's index above it (only values
    // above the commit index count towards a new one), so the quorum computation is skipped then.
    boolean committed = progress.match > raft.log.committed() && maybeCommit();
    if (committed && raft.role != Role.LEADER) {
      return;
    }
    if (committed) {
      replicator.broadcastAppend(true);
    }
    if (!replicator.sendThroughGroup(response.from(), !committed && wasPaused)) {
      if (!committed && wasPaused) {
        replicator.maybeSendAppend(response.from(), true);
      }
      while (replicator.maybeSendAppend(response.from(), false)) {
        // Stream what the member still lacks, within its inflight window.
      }
    }
    if (response.from().equals(raft.leadTransferee) && progress.match == raft.log.lastIndex()) {
      raft.send(new TimeoutNow(raft.id, response.from(), raft.term));
    }
    if (response.from().equals(raft.catchUp.learner())) {
      checkCatchUp();
    }
  }

  void handleHeartbeatResponse(HeartbeatResponse response) {
    Progress progress = raft.tracker.get(response.from());
    if (progress == null) {
      return;
    }
    progress.recentActive = true;
    progress.probeSent = false;
    if (!replicator.sendThroughGroup(response.from(), false)) {
      replicator.maybeSendAppend(response.from(), progress.state == Progress.State.PROBE);
    }
    if (response.context().length == 0) {
      return;
    }
    ReadOnlyQueue.Pending pending = raft.readOnly.ack(response.from(), response.context());
    if (pending != null && raft.tracker.isQuorum(pending.acks)) {
      for (ReadOnlyQueue.Pending released : raft.readOnly.releaseThrough(response.context())) {
        answerRead(released.requester, released.index, released.context);
      }
    }
  }

  void handleSnapshotResponse(SnapshotResponse response) {
    Progress progress = raft.tracker.get(response.from());
    if (progress == null || progress.state != Progress.State.SNAPSHOT
        || response.snapshotIndex() != progress.pendingSnapshot) {
      return;
    }
    progress.recentActive = true;
    long length = progress.snapshotInFlight.data().length;
    long asked = response.nextOffset() < length ? response.nextOffset() : 0;
    if (raft.config.snapshotSentOutside()) {
      // The sender outside streams the chunks; the protocol only keeps track of where the member stands.
      progress.snapshotOffset = asked;
      progress.snapshotSent = Math.max(progress.snapshotSent, asked);
      progress.ticksSinceSnapshotAck = 0;
      return;
    }
    if (asked < progress.snapshotOffset || asked > progress.snapshotSent) {
      // The member started over (or resumes a transfer it had begun): send from where it asks.
      progress.snapshotSent = asked;
    }
    // An answer that repeats the acknowledged offset is not taken for a loss: it may answer a
    // chunk past a gap, or a chunk the member already held (a probe); only silence tells, below.
    if (asked >= progress.snapshotProbedSent) {
      progress.snapshotProbes = 0; // all that was in flight at the probe arrived: nothing was lost
    }
    progress.snapshotOffset = asked;
    replicator.sendSnapshotChunks(response.from(), progress);
  }

  // ---------------------------------------------------------------- reads and transfer

  void handleReadIndexRequest(ReadIndexRequest request) {
    if (raft.role == Role.LEADER) {
      readIndex(request.context(), request.from());
    }
  }

  /**
   * Thesis §6.4: record the commit index, confirm leadership with a heartbeat round acknowledged
   * by a quorum, then release. Requests wait until the leader has committed an entry of its own
   * term, because only then is its commit index at least as high as any earlier leader's.
   */
  void readIndex(byte[] context, NodeId requester) {
    if (raft.tracker.config().voters().size() == 1 && raft.tracker.config().isVoter(raft.id)) {
      answerRead(requester, raft.log.committed(), context);
      return;
    }
    if (!raft.committedInCurrentTerm()) {
      deferredReads.add(new DeferredRead(context, requester));
      return;
    }
    if (raft.readOnly.add(raft.log.committed(), context, requester)) {
      raft.readOnly.ack(raft.id, context);
      replicator.broadcastHeartbeat(context);
    }
  }

  private void answerRead(NodeId requester, long index, byte[] context) {
    if (requester.equals(raft.id)) {
      raft.readStates.add(new ReadState(index, context));
    } else {
      raft.send(new ReadIndexResponse(raft.id, requester, raft.term, index, context));
    }
  }

  /** Thesis §3.10: bring {@code target} up to date, then tell it to campaign at once. */
  void transferLeadership(NodeId target) {
    if (target.equals(raft.id) || target.equals(raft.leadTransferee)) {
      return;
    }
    raft.leadTransferee = target;
    raft.electionElapsed = 0;
    Progress progress = raft.tracker.get(target);
    if (progress.match == raft.log.lastIndex()) {
      raft.send(new TimeoutNow(raft.id, target, raft.term));
    } else {
      replicator.maybeSendAppend(target, true);
    }
  }
}
