package io.cairn.kraft.api;

/** Which protocol variant a node runs; every node of a cluster must use the same. */
public enum Mode {
  /** Plain Raft: randomised election timeouts, the leader talks to every follower directly. */
  RAFT,
  /**
   * Kademlia-Raft (KRaft): a candidate layer of about √N nodes campaigns first with timeouts
   * staggered by XOR rank, and the leader replicates through one relay per group.
   */
  KRAFT
}
