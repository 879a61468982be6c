package io.cairn.kraft.sim;

/**
 * Deliberate bugs the simulator can plant in its own driver, so tests can show that the
 * invariant checks and the linearizability checker catch real mistakes (a checker that never
 * fails proves nothing). Never enabled by the command line.
 */
public enum SimBug {
  /** The disk "forgets" the vote on every crash: a node may vote twice in one term. */
  FORGET_VOTE,
  /** Followers answer reads from their own state machine, without read index. */
  STALE_FOLLOWER_READS,
  /** A node acknowledges before its fsync: messages leave before the writes are durable. */
  SEND_BEFORE_SYNC
}
