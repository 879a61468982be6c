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
 * @param responses the responses, each with {@code to} equal to this bundle's {@code to}
 */
public record RelayBundle(NodeId from, NodeId to, List<Message> responses) implements Message {
  /** Checks and copies the components. */
  public RelayBundle {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    responses = List.copyOf(responses);
  }

  /** A bundle is a transport container, not tied to a term; each response carries its own. */
  @Override
  public long term() {
    return 0;
  }
}
