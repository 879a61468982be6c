package io.cairn.kraft.api;

import java.util.Objects;

/**
 * The answer to an {@link AppendRequest} or a finished snapshot install. On success {@code index}
 * is the last index known to match the leader's log; on rejection it is the rejected {@code
 * prevIndex} and ({@code rejectHint}, {@code hintTerm}) let the leader skip a whole conflicting
 * term at once.
 *
 * @param from the follower
 * @param to the leader
 * @param term the follower's term
 * @param index matched index (success) or rejected prevIndex (rejection)
 * @param reject true when the consistency check failed
 * @param rejectHint largest index at or before the rejected one whose term is at most the
 *     request's prevTerm
 * @param hintTerm the follower's term at {@code rejectHint}
 * @param relay the relay to answer through, or null
 */
public record AppendResponse(
    NodeId from, NodeId to, long term, long index, boolean reject, long rejectHint, long hintTerm,
    NodeId relay) implements Message {
  /** Checks the components. */
  public AppendResponse {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
  }

  @Override
  public boolean isResponse() {
    return true;
  }
}
