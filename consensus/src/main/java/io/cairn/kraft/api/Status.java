package io.cairn.kraft.api;

import java.util.List;
import java.util.Map;

/**
 * A snapshot of one node's protocol state, for drivers, tests and tools.
 *
 * <p>Thread-safety: immutable.
 *
 * @param id this node
 * @param role its role
 * @param term its current term
 * @param vote whom it voted for in {@code term}, or null
 * @param leader the leader it follows (itself when leader), or null
 * @param commit its commit index
 * @param applied index of the last entry handed out for applying
 * @param lastIndex index of its last log entry
 * @param configuration the configuration in effect (latest in its log)
 * @param match leader only: each member's highest index known to match (empty otherwise)
 * @param relays leader in KRaft mode: the relay currently serving each group (empty otherwise)
 * @param promotion the learner whose catch-up rounds are running, or null
 * @param lastPromotionFailure why the last promotion was abandoned, or null
 */
public record Status(
    NodeId id, Role role, long term, NodeId vote, NodeId leader, long commit, long applied,
    long lastIndex, Configuration configuration, Map<NodeId, Long> match, List<NodeId> relays,
    NodeId promotion, String lastPromotionFailure) {
  /** Copies the collections. */
  public Status {
    match = Map.copyOf(match);
    relays = List.copyOf(relays);
  }
}
