package io.cairn.kraft.core;

import io.cairn.kraft.api.AppendRequest;
import io.cairn.kraft.api.AppendResponse;
import io.cairn.kraft.api.HeartbeatRequest;
import io.cairn.kraft.api.HeartbeatResponse;
import io.cairn.kraft.api.Message;
import io.cairn.kraft.api.ReadIndexRequest;
import io.cairn.kraft.api.ReadIndexResponse;
import io.cairn.kraft.api.ReadState;
import io.cairn.kraft.api.RelayBundle;
import io.cairn.kraft.api.RelayableRequest;
import io.cairn.kraft.api.Role;
import io.cairn.kraft.api.SnapshotChunk;
import io.cairn.kraft.api.SnapshotResponse;
import io.cairn.kraft.api.TimeoutNow;
import io.cairn.kraft.api.VoteRequest;
import io.cairn.kraft.api.VoteResponse;

/**
 * The entry point of every incoming message: relay duty first (bundles are unpacked, responses
 * for others collected, requests with a fanout forwarded), then Raft's term rules, then the
 * handler of the message's type for this node's role.
 *
 * <p>Thread-safety: not thread-safe.
 */
final class Dispatch {
  private final Raft raft;

  Dispatch(Raft raft) {
    this.raft = raft;
  }

  /** Handles one message from the network. */
  void step(Message message) {
    if (message instanceof RelayBundle bundle) {
      raft.relays.heardFrom(bundle.from());
      for (Message response : bundle.responses()) {
        if (response.to().equals(raft.id)) {
          step(response);
        }
      }
      return;
    }
    if (message.isResponse() && raft.id.equals(message.relay()) && !raft.id.equals(message.to())) {
      if (raft.relayCatchUp.onMemberResponse(message)) {
        raft.relayDuty.absorbed(message.to());
      } else {
        raft.relayDuty.addMember(message);
      }
      return;
    }
    if (message instanceof RelayableRequest request && !request.fanout().isEmpty() && request.term() >= raft.term) {
      raft.relayDuty.forward(request, raft.relayCatchUp::holdsBack);
    }
    if (!acceptTerm(message)) {
      return;
    }
    raft.relays.heardFrom(message.from());
    switch (message) {
      case VoteRequest request -> raft.election.handleVoteRequest(request);
      case VoteResponse response -> raft.election.handleVoteResponse(response);
      case ReadIndexRequest request -> raft.leader.handleReadIndexRequest(request);
      case ReadIndexResponse response -> {
        if (raft.role != Role.LEADER) {
          raft.readStates.add(new ReadState(response.index(), response.context()));
        }
      }
      case AppendRequest request -> followLeader(request, () -> raft.follower.handleAppend(request));
      case HeartbeatRequest request -> followLeader(request, () -> raft.follower.handleHeartbeat(request));
      case SnapshotChunk chunk -> followLeader(chunk, () -> raft.follower.handleSnapshotChunk(chunk));
      case TimeoutNow timeout -> {
        if (raft.role == Role.FOLLOWER && raft.promotable()) {
          raft.election.campaign(ElectionSteps.Kind.TRANSFER);
        }
      }
      case AppendResponse response -> raft.leader.ifLeader(() -> raft.leader.handleAppendResponse(response));
      case HeartbeatResponse response -> raft.leader.ifLeader(() -> raft.leader.handleHeartbeatResponse(response));
      case SnapshotResponse response -> raft.leader.ifLeader(() -> raft.leader.handleSnapshotResponse(response));
      case RelayBundle bundle -> throw new IllegalStateException("handled above");
    }
  }

  /**
   * Raft's term rules, applied before anything else: a higher term makes this node a follower
   * (except for Pre-Vote traffic and for vote requests refused under the leader lease), a lower
   * term is stale. Returns false when the message must not be processed further.
   */
  private boolean acceptTerm(Message message) {
    long messageTerm = message.term();
    if (messageTerm == 0 || messageTerm == raft.term) {
      return true;
    }
    if (messageTerm > raft.term) {
      if (message instanceof VoteRequest request) {
        boolean inLease = raft.config.checkQuorum() && raft.lead != null
            && raft.electionElapsed < raft.config.electionTicks();
        if (inLease && !request.transfer()) {
          // Thesis §4.2.3: a server that heard from a current leader within the minimum election
          // timeout neither raises its term nor grants a vote, so a removed or partitioned node
          // cannot disrupt a working cluster.
          return false;
        }
        if (request.preVote()) {
          return true;
        }
      }
      if (message instanceof VoteResponse response && response.preVote() && !response.reject()) {
        return true;
      }
      boolean fromLeader = message instanceof AppendRequest || message instanceof HeartbeatRequest
          || message instanceof SnapshotChunk;
      raft.becomeFollower(messageTerm, fromLeader ? message.from() : null);
      return true;
    }
    // A stale term.
    if ((raft.config.checkQuorum() || raft.config.preVote())
        && (message instanceof AppendRequest || message instanceof HeartbeatRequest)) {
      // Tell the stale leader our term so that it steps down (it may be cut off by Pre-Vote
      // from ever raising its own term).
      raft.send(new AppendResponse(raft.id, message.from(), raft.term, 0, false, 0, 0, null));
    } else if (message instanceof VoteRequest request && request.preVote()) {
      raft.send(new VoteResponse(raft.id, request.from(), raft.term, true, true, raft.responseRelay(request)));
    }
    return false;
  }

  private void followLeader(Message message, Runnable handler) {
    if (raft.role == Role.LEADER) {
      // Election Safety makes a second leader in our term impossible; never follow one.
      return;
    }
    if (raft.role != Role.FOLLOWER) {
      // Another node won this term: a candidate steps back.
      raft.becomeFollower(raft.term, message.from());
    }
    raft.electionElapsed = 0;
    raft.setLead(message.from());
    handler.run();
  }
}
