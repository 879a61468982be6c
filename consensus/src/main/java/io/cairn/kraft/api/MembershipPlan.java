package io.cairn.kraft.api;

import java.util.Collection;
import java.util.Set;

/**
 * The next single-server step from a configuration toward a wanted set of members, all voters
 * (Raft thesis §4.1): the rule an application uses to drive membership from its own state (a node
 * list), one change at a time. Removals come first, a voter being demoted to learner before it is
 * dropped; then missing members join as learners; then learners are promoted.
 *
 * <p>Contract: applying the returned changes one after another (each to the configuration the
 * previous one produced) reaches a configuration whose voters are exactly {@code wanted} with no
 * learner, in at most {@code 2 * |members \ wanted| + 2 * |wanted \ members| + |learners|} steps,
 * and each step moves exactly one node. The one exception is the last voter, which is never
 * demoted: when {@code wanted} is empty the plan stops at a single voter.
 *
 * <p>Thread-safety: stateless.
 */
public final class MembershipPlan {
  private MembershipPlan() {}

  /**
   * The next change, or null when {@code current} already is {@code wanted}, all voters (or only
   * the last voter would have to go). A {@link ConfChange.Kind#PROMOTE_LEARNER} is carried out
   * with {@code RawKraft.promoteLearner}, which runs the catch-up rounds first; every other kind
   * with {@code proposeConfChange}.
   */
  public static ConfChange next(Configuration current, Collection<NodeId> wanted) {
    Set<NodeId> target = Set.copyOf(wanted);
    for (NodeId member : current.members()) {
      if (!target.contains(member)) {
        if (current.isLearner(member)) {
          return new ConfChange(ConfChange.Kind.REMOVE_NODE, member);
        }
        if (current.voters().size() > 1) {
          return new ConfChange(ConfChange.Kind.DEMOTE_VOTER, member);
        }
      }
    }
    for (NodeId node : target.stream().sorted().toList()) {
      if (!current.isMember(node)) {
        return new ConfChange(ConfChange.Kind.ADD_LEARNER, node);
      }
    }
    return current.learners().isEmpty() ? null
        : new ConfChange(ConfChange.Kind.PROMOTE_LEARNER, current.learners().getFirst());
  }
}
