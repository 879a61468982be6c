package io.cairn.kraft.api;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The leader's heartbeat: keeps followers from starting elections, carries the commit index
 * (which a follower applies only up to the index it has verified against this leader), and with
 * a non-empty {@code context} confirms leadership for a batch of read-index requests.
 *
 * @param from the leader
 * @param to the receiver
 * @param term the leader's term
 * @param commit the leader's commit index
 * @param context read-index context echoed in the response (may be empty)
 * @param fanout group members a relay forwards this to
 * @param relay the relay this copy came through, or null
 * @param ackDirect members answer the leader directly instead of through the relay
 */
public record HeartbeatRequest(
    NodeId from, NodeId to, long term, long commit, byte[] context, List<NodeId> fanout,
    NodeId relay, boolean ackDirect) implements RelayableRequest {
  /** Checks and copies the components. */
  public HeartbeatRequest {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(context, "context");
    fanout = List.copyOf(fanout);
  }

  @Override
  public HeartbeatRequest forwardedTo(NodeId member, NodeId via) {
    return new HeartbeatRequest(from, member, term, commit, context, List.of(), via, ackDirect);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof HeartbeatRequest m
        && from.equals(m.from) && to.equals(m.to) && term == m.term && commit == m.commit
        && Arrays.equals(context, m.context) && fanout.equals(m.fanout)
        && Objects.equals(relay, m.relay) && ackDirect == m.ackDirect;
  }

  @Override
  public int hashCode() {
    return Objects.hash(from, to, term, commit, fanout, relay, ackDirect) * 31 + Arrays.hashCode(context);
  }

  @Override
  public String toString() {
    return "HeartbeatRequest[" + from + "->" + to + " t" + term + " commit " + commit
        + (context.length > 0 ? " ctx " + context.length + "B" : "")
        + (fanout.isEmpty() ? "" : " fanout " + fanout) + (relay == null ? "" : " via " + relay) + "]";
  }
}
