package io.cairn.kraft.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * The leader's answer to a {@link ReadIndexRequest}: the commit index confirmed by a quorum.
 *
 * @param from the leader
 * @param to the follower that asked
 * @param term the leader's term
 * @param index the read index
 * @param context the request's context
 */
public record ReadIndexResponse(NodeId from, NodeId to, long term, long index, byte[] context)
    implements Message {
  /** Checks the components. */
  public ReadIndexResponse {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(context, "context");
  }

  @Override
  public boolean isResponse() {
    return true;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ReadIndexResponse m
        && from.equals(m.from) && to.equals(m.to) && term == m.term && index == m.index
        && Arrays.equals(context, m.context);
  }

  @Override
  public int hashCode() {
    return Objects.hash(from, to, term, index) * 31 + Arrays.hashCode(context);
  }

  @Override
  public String toString() {
    return "ReadIndexResponse[" + from + "->" + to + " t" + term + " index " + index + "]";
  }
}
