package io.cairn.kraft.api;

import java.util.List;
import java.util.Objects;

/**
 * A KRaft relay returns the individual responses of its group in one message. The receiver
 * handles each response exactly as if it had come straight from its sender; a relay never merges
 * answers, so votes and acknowledgements are still counted per node.
 *
 * @param from the relay
 * @param to the node the responses are for (leader or candidate)
 * @param responses append, heartbeat or vote responses, each addressed to this bundle's {@code to}
 *     and naming this bundle's {@code from} as its relay
 */
public record RelayBundle(NodeId from, NodeId to, List<Message> responses) implements Message {
  /**
   * Checks and copies the components.
   *
   * @throws IllegalArgumentException for a response of another type, destination or relay
   */
  public RelayBundle {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    responses = List.copyOf(responses);
    for (Message response : responses) {
      boolean bundleable = response instanceof AppendResponse || response instanceof HeartbeatResponse
          || response instanceof VoteResponse;
      if (!bundleable || !to.equals(response.to()) || !from.equals(response.relay())) {
        throw new IllegalArgumentException("a bundle from " + from + " to " + to + " cannot carry " + response);
      }
    }
  }

  /** A bundle is a transport container, not tied to a term; each response carries its own. */
  @Override
  public long term() {
    return 0;
  }
}
