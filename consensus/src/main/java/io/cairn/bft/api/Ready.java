package io.cairn.bft.api;

import java.util.List;

/**
 * What a replica produced since the last {@link BftReplica#ready()}: messages to replicas, replies
 * to clients, and decisions executed in sequence order. The core keeps nothing that must be durable
 * before sending (see docs/bft.md §2), so the driver may handle the three lists in any order.
 */
public record Ready(List<Envelope> messages, List<Reply> replies, List<Decision> decisions) {
  public Ready {
    messages = List.copyOf(messages);
    replies = List.copyOf(replies);
    decisions = List.copyOf(decisions);
  }

  /** Whether all three lists are empty. */
  public boolean isEmpty() {
    return messages.isEmpty() && replies.isEmpty() && decisions.isEmpty();
  }
}
