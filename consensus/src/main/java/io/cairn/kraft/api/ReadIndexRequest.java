package io.cairn.kraft.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * A follower forwards a {@link RawKraft#readIndex} call to its leader (thesis §6.4). Not tied to
 * a term: the leader answers only while it is leader and has committed an entry of its term.
 *
 * @param from the follower
 * @param to the leader
 * @param context the caller's bytes, returned in the {@link ReadState}
 */
public record ReadIndexRequest(NodeId from, NodeId to, byte[] context) implements Message {
  /** Checks the components. */
  public ReadIndexRequest {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(context, "context");
  }

  @Override
  public long term() {
    return 0;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ReadIndexRequest m
        && from.equals(m.from) && to.equals(m.to) && Arrays.equals(context, m.context);
  }

  @Override
  public int hashCode() {
    return Objects.hash(from, to) * 31 + Arrays.hashCode(context);
  }

  @Override
  public String toString() {
    return "ReadIndexRequest[" + from + "->" + to + " ctx " + context.length + "B]";
  }
}
