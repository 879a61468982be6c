package io.cairn.kraft.api;

import java.util.List;
import java.util.Objects;

/**
 * RequestVote, or its Pre-Vote rehearsal (thesis §9.6): the candidate asks for a vote in {@code
 * term}, showing its last log position so that voters grant only to candidates at least as up to
 * date as themselves (§5.4.1).
 *
 * @param from the candidate
 * @param to the voter
 * @param term the term the vote is for (current term + 1 for a pre-vote)
 * @param preVote true for the non-binding Pre-Vote round
 * @param lastIndex index of the candidate's last entry
 * @param lastTerm term of the candidate's last entry
 * @param transfer true when the campaign follows a leadership transfer: voters skip the "heard
 *     from a leader recently" refusal
 * @param fanout group members a relay forwards this to
 * @param relay the relay this copy came through, or null
 */
public record VoteRequest(
    NodeId from, NodeId to, long term, boolean preVote, long lastIndex, long lastTerm,
    boolean transfer, List<NodeId> fanout, NodeId relay) implements RelayableRequest {
  /** Checks and copies the components. */
  public VoteRequest {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    fanout = List.copyOf(fanout);
  }

  /** Votes always come back through the relay, which bundles them per voter. */
  @Override
  public boolean ackDirect() {
    return false;
  }

  @Override
  public VoteRequest forwardedTo(NodeId member, NodeId via) {
    return new VoteRequest(from, member, term, preVote, lastIndex, lastTerm, transfer, List.of(), via);
  }
}
