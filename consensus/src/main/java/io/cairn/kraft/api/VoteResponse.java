package io.cairn.kraft.api;

import java.util.Objects;

/**
 * A voter's answer to a {@link VoteRequest}. The candidate counts grants per voter identifier,
 * whichever way they travelled.
 *
 * @param from the voter
 * @param to the candidate
 * @param term the request's term when granted, the voter's term when rejected
 * @param preVote answers a Pre-Vote request
 * @param reject true when the vote is refused
 * @param relay the relay to answer through, or null
 */
public record VoteResponse(NodeId from, NodeId to, long term, boolean preVote, boolean reject, NodeId relay)
    implements Message {
  /** Checks the components. */
  public VoteResponse {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
  }

  @Override
  public boolean isResponse() {
    return true;
  }
}
