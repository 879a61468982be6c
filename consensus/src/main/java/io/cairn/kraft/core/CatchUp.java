package io.cairn.kraft.core;

import io.cairn.kraft.api.NodeId;

/**
 * The leader's catch-up rounds for a learner about to be promoted (thesis §4.2.1). Each round
 * ends when the learner has every entry the leader had when the round began; if a round took
 * less than an election timeout the learner is close enough to vote without stalling commits,
 * otherwise another round starts. After {@code roundsMax} rounds, or a round that drags on for
 * {@code roundsMax} election timeouts (a dead learner), the promotion is abandoned.
 *
 * <p>Thread-safety: not thread-safe.
 */
final class CatchUp {
  enum Decision { CONTINUE, PROMOTE, ABORT }

  private NodeId learner;
  private int round;
  private long roundTarget;
  private long roundStartTick;
  private boolean promotable;
  private String lastFailure;

  boolean running() {
    return learner != null;
  }

  NodeId learner() {
    return learner;
  }

  String lastFailure() {
    return lastFailure;
  }

  /** True once a round finished fast enough: the promotion only waits for a free configuration slot. */
  boolean promotable() {
    return promotable;
  }

  void start(NodeId target, long lastIndex, long nowTick) {
    learner = target;
    round = 1;
    roundTarget = lastIndex;
    roundStartTick = nowTick;
    promotable = false;
  }

  /** The learner now matches {@code match}; the leader's log ends at {@code lastIndex}. */
  Decision onMatch(long match, long lastIndex, long nowTick, int electionTicks, int roundsMax) {
    if (learner == null || promotable || match < roundTarget) {
      return promotable ? Decision.PROMOTE : Decision.CONTINUE;
    }
    long duration = nowTick - roundStartTick;
    if (duration < electionTicks) {
      promotable = true;
      return Decision.PROMOTE;
    }
    if (round >= roundsMax) {
      return abort("learner " + learner + " still " + duration + " ticks behind after " + round + " rounds");
    }
    round++;
    roundTarget = lastIndex;
    roundStartTick = nowTick;
    return Decision.CONTINUE;
  }

  /** Abandons a round that has lasted too long. */
  Decision onTick(long nowTick, int electionTicks, int roundsMax) {
    if (learner != null && !promotable && nowTick - roundStartTick > (long) electionTicks * roundsMax) {
      return abort("learner " + learner + " made no progress in round " + round);
    }
    return promotable ? Decision.PROMOTE : Decision.CONTINUE;
  }

  /** Stops the rounds and records why. */
  Decision abort(String reason) {
    lastFailure = reason;
    learner = null;
    promotable = false;
    return Decision.ABORT;
  }

  /** Stops without recording a failure (promotion done, or leadership lost). */
  void clear() {
    learner = null;
    promotable = false;
  }
}
