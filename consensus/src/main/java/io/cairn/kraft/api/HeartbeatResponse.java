package io.cairn.kraft.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * The answer to a {@link HeartbeatRequest}, echoing its read-index context.
 *
 * @param from the follower
 * @param to the leader
 * @param term the follower's term
 * @param context the request's context
 * @param relay the relay to answer through, or null
 */
public record HeartbeatResponse(NodeId from, NodeId to, long term, byte[] context, NodeId relay)
    implements Message {
  /** Checks the components. */
  public HeartbeatResponse {
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
    return other instanceof HeartbeatResponse m
        && from.equals(m.from) && to.equals(m.to) && term == m.term
        && Arrays.equals(context, m.context) && Objects.equals(relay, m.relay);
  }

  @Override
  public int hashCode() {
    return Objects.hash(from, to, term, relay) * 31 + Arrays.hashCode(context);
  }

  @Override
  public String toString() {
    return "HeartbeatResponse[" + from + "->" + to + " t" + term
        + (context.length > 0 ? " ctx " + context.length + "B" : "") + (relay == null ? "" : " via " + relay) + "]";
  }
}
