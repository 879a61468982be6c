package io.cairn.kraft.api;

import java.util.List;

/**
 * A request a KRaft relay forwards to its group: the relay handles it like any receiver, then
 * sends the same request, with only the addressing changed, to every node of {@link #fanout()}.
 */
public sealed interface RelayableRequest extends Message permits AppendRequest, HeartbeatRequest, VoteRequest {
  /** Nodes the receiving relay forwards this request to; empty for a plain or already forwarded request. */
  List<NodeId> fanout();

  /** True when receivers of the forwarded copies answer {@link #from()} directly instead of through the relay. */
  boolean ackDirect();

  /** The copy a relay sends to {@code member}: same body, {@code to = member}, {@code relay = relay}, no fanout. */
  RelayableRequest forwardedTo(NodeId member, NodeId relay);
}
