package io.cairn.kraft.core;

import io.cairn.kraft.api.Mode;
import io.cairn.kraft.api.NodeId;
import io.cairn.kraft.api.Role;
import io.cairn.kraft.api.VoteRequest;
import io.cairn.kraft.api.VoteResponse;
import io.cairn.kraft.kademlia.Topology;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Elections: the election timer of followers and candidates, Pre-Vote and real campaigns, the
 * voter's rules, and KRaft's vote routing.
 *
 * <p>Vote rules are Raft's, untouched by KRaft: one vote per term, recorded in the hard state
 * (and therefore on stable storage before the reply leaves, see {@code Ready}); granted only to a
 * candidate whose log is at least as up to date (§5.4.1); a majority of the configuration's
 * voters, counted per voter id, wins. KRaft changes only <em>when</em> nodes campaign (see {@link
 * Raft#resetRandomizedElectionTimeout()}) and <em>how</em> requests travel: through one relay per
 * group, which returns every voter's individual answer. A relay that has not answered within the
 * relay timeout is bypassed: the candidate asks that group's silent voters directly.
 *
 * <p>Thread-safety: not thread-safe.
 */
final class ElectionSteps {
  enum Kind { PRE_VOTE, ELECTION, TRANSFER }

  private record Routed(NodeId relay, List<NodeId> voters) {}

  private final Raft raft;
  private final Map<NodeId, Routed> routedByRelay = new HashMap<>();
  private VoteRequest lastRequest;
  private int ticksSinceRequest;

  ElectionSteps(Raft raft) {
    this.raft = raft;
  }

  void resetRouting() {
    routedByRelay.clear();
    lastRequest = null;
    ticksSinceRequest = 0;
  }

  /**
   * The follower / candidate clock: relay fallback, KRaft's Pre-Vote retries, then the election
   * timeout.
   *
   * <p>KRaft's first-ranked candidate starts alone, right when the voters' leases run out; a
   * voter whose lease has a tick left ignores the Pre-Vote, and waiting a whole election timeout
   * for that would waste the head start. So during the first half of its rank slot ({@code
   * rankStaggerTicks / 2} ticks) a KRaft pre-candidate asks its silent voters again, directly,
   * every tick; after that it waits for its timer like any node, leaving the next rank's slot
   * free. Pre-Vote changes no state anywhere, so repeating it is harmless.
   */
  void tick() {
    if (lastRequest != null && (raft.role == Role.PRE_CANDIDATE || raft.role == Role.CANDIDATE)) {
      ticksSinceRequest++;
      if (ticksSinceRequest == raft.config.relayTimeoutTicks()) {
        askSilentVotersDirectly();
      }
      if (raft.config.mode() == Mode.KRAFT && raft.role == Role.PRE_CANDIDATE
          && ticksSinceRequest <= raft.config.rankStaggerTicks() / 2) {
        for (NodeId voter : raft.configs.latest().voters()) {
          if (!raft.tracker.hasVoted(voter)) {
            sendDirect(lastRequest, voter);
          }
        }
      }
    }
    raft.electionElapsed++;
    if (raft.promotable() && raft.electionElapsed >= raft.randomizedElectionTimeout) {
      raft.electionElapsed = 0;
      campaign(raft.config.preVote() ? Kind.PRE_VOTE : Kind.ELECTION);
    }
  }

  /** Starts a Pre-Vote round, an election, or an election that follows a leadership transfer. */
  void campaign(Kind kind) {
    if (!raft.promotable()) {
      return;
    }
    long voteTerm;
    if (kind == Kind.PRE_VOTE) {
      raft.becomePreCandidate();
      voteTerm = raft.term + 1;
    } else {
      raft.becomeCandidate();
      voteTerm = raft.term;
    }
    raft.tracker.recordVote(raft.id, true);
    if (afterTally()) {
      return;
    }
    VoteRequest template = new VoteRequest(raft.id, raft.id, voteTerm, kind == Kind.PRE_VOTE,
        raft.log.lastIndex(), raft.log.lastTerm(), kind == Kind.TRANSFER, List.of(), null);
    sendRequests(template);
  }

  private void sendRequests(VoteRequest template) {
    lastRequest = template;
    ticksSinceRequest = 0;
    routedByRelay.clear();
    List<NodeId> voters = raft.configs.latest().voters();
    boolean relayed = raft.config.mode() == Mode.KRAFT && raft.config.relayVotes();
    if (!relayed) {
      for (NodeId voter : voters) {
        sendDirect(template, voter);
      }
      return;
    }
    for (Topology.Group group : raft.topology.groups()) {
      List<NodeId> targets = new ArrayList<>();
      for (NodeId member : group.members()) {
        if (!member.equals(raft.id) && raft.configs.latest().isVoter(member)) {
          targets.add(member);
        }
      }
      if (targets.size() <= 1) {
        targets.forEach(voter -> sendDirect(template, voter));
        continue;
      }
      NodeId relay = raft.relays.relayFor(group, targets::contains);
      List<NodeId> fanout = new ArrayList<>(targets);
      fanout.remove(relay);
      raft.send(new VoteRequest(raft.id, relay, template.term(), template.preVote(), template.lastIndex(),
          template.lastTerm(), template.transfer(), fanout, null));
      raft.relays.sentThrough(relay);
      routedByRelay.put(relay, new Routed(relay, targets));
    }
  }

  private void sendDirect(VoteRequest template, NodeId voter) {
    if (!voter.equals(raft.id)) {
      raft.send(new VoteRequest(raft.id, voter, template.term(), template.preVote(), template.lastIndex(),
          template.lastTerm(), template.transfer(), List.of(), null));
    }
  }

  /** The relay timeout passed: voters that have not answered yet are asked directly. */
  private void askSilentVotersDirectly() {
    for (Routed routed : routedByRelay.values()) {
      for (NodeId voter : routed.voters()) {
        if (!raft.tracker.hasVoted(voter)) {
          sendDirect(lastRequest, voter);
        }
      }
    }
    routedByRelay.clear();
  }

  /** The voter's side of RequestVote and Pre-Vote. */
  void handleVoteRequest(VoteRequest request) {
    boolean canVote = request.from().equals(raft.vote)
        || (raft.vote == null && raft.lead == null)
        || (request.preVote() && request.term() > raft.term);
    NodeId via = raft.responseRelay(request);
    if (canVote && raft.log.isUpToDate(request.lastIndex(), request.lastTerm())) {
      raft.send(new VoteResponse(raft.id, request.from(), request.term(), request.preVote(), false, via));
      if (!request.preVote()) {
        raft.electionElapsed = 0;
        raft.vote = request.from();
      }
    } else {
      raft.send(new VoteResponse(raft.id, request.from(), raft.term, request.preVote(), true, via));
    }
  }

  /** The candidate's side: count the answer for the voter that gave it. */
  void handleVoteResponse(VoteResponse response) {
    boolean current = (raft.role == Role.PRE_CANDIDATE && response.preVote()
            && (response.reject() ? response.term() == raft.term : response.term() == raft.term + 1))
        || (raft.role == Role.CANDIDATE && !response.preVote() && response.term() == raft.term);
    if (!current) {
      return;
    }
    raft.tracker.recordVote(response.from(), !response.reject());
    afterTally();
  }

  /** Acts on the current tally; returns true when the round is decided. */
  private boolean afterTally() {
    switch (raft.tracker.tally()) {
      case WON -> {
        if (raft.role == Role.PRE_CANDIDATE) {
          campaign(Kind.ELECTION);
        } else {
          raft.becomeLeader();
          raft.leader.broadcastAppend();
        }
        return true;
      }
      case LOST -> {
        raft.becomeFollower(raft.term, null);
        return true;
      }
      default -> {
        return false;
      }
    }
  }
}
