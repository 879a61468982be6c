package io.cairn.kraft.api;

/** The role a node plays in its current term. */
public enum Role {
  /** Follows a leader, or waits for one. */
  FOLLOWER,
  /** Asks whether others would vote for it, without raising its term (Pre-Vote, thesis §9.6). */
  PRE_CANDIDATE,
  /** Raised its term and asks for votes. */
  CANDIDATE,
  /** Won a majority of votes in its term. */
  LEADER
}
