package io.cairn.kraft.api;

/**
 * A protocol message between two nodes. Messages come out of {@link Ready#messages()} and go into
 * {@link RawKraft#step}; {@link MessageCodec} gives them a canonical binary form for the network.
 *
 * <p>Addressing: {@link #from()} is the node whose protocol state produced the message and {@link
 * #to()} the node whose state it is for. Under KRaft a message may travel through a relay: a
 * request forwarded by a relay keeps its {@code from} and carries the relay in {@link #relay()}; a
 * response to such a request keeps {@code to} = the original sender and goes to the relay first.
 * Transports deliver every message to {@link #destination()}.
 *
 * <p>Thread-safety: every implementation is an immutable record.
 */
public sealed interface Message
    permits RelayableRequest, AppendResponse, HeartbeatResponse, VoteResponse, SnapshotChunk,
        SnapshotResponse, TimeoutNow, ReadIndexRequest, ReadIndexResponse, RelayBundle {
  /** The node whose protocol state produced this message. */
  NodeId from();

  /** The node whose protocol state this message is for. */
  NodeId to();

  /** The sender's term; 0 for messages that are not tied to a term (read-index requests, bundles). */
  long term();

  /** For a relayed request: the relay that forwarded it; for a response: the relay to answer through; else null. */
  default NodeId relay() {
    return null;
  }

  /** True for messages that answer a request. */
  default boolean isResponse() {
    return false;
  }

  /** The node the transport must hand this message to. */
  default NodeId destination() {
    NodeId relay = relay();
    return isResponse() && relay != null ? relay : to();
  }
}
