package io.cairn.kraft.api;

import java.util.Objects;

/**
 * The last step of a leadership transfer (thesis §3.10): the leader tells an up-to-date follower
 * to start an election at once, without Pre-Vote and past the voters' leader lease.
 *
 * @param from the leader
 * @param to the transfer target
 * @param term the leader's term
 */
public record TimeoutNow(NodeId from, NodeId to, long term) implements Message {
  /** Checks the components. */
  public TimeoutNow {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
  }
}
