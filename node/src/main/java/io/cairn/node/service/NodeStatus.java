package io.cairn.node.service;

import java.util.List;
import java.util.Objects;

/**
 * One node's view of itself and its cluster, as {@code GET /status} reports it.
 *
 * @param id this node's id (its number in the cluster's member list)
 * @param role {@code leader}, {@code follower}, {@code candidate} or {@code learner}
 * @param term the consensus term this node is in (0 for a single node without consensus)
 * @param commitIndex the highest log index this node knows committed
 * @param appliedIndex the highest log index applied to its ledger
 * @param leaderId the leader's id as this node knows it, 0 when none is known
 * @param blockCount blocks in this node's ledger
 * @param headHash the hash of the newest block, or of genesis when there are no blocks (hex)
 * @param members every member as this node sees it, this node included
 */
public record NodeStatus(int id, String role, long term, long commitIndex, long appliedIndex, int leaderId,
    long blockCount, String headHash, List<Member> members) {
  public NodeStatus {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(headHash, "headHash");
    members = List.copyOf(members);
  }

  /**
   * A member as one node sees it.
   *
   * @param id the member's id
   * @param url its client API base URL
   * @param alive whether this node hears from it (itself: always)
   */
  public record Member(int id, String url, boolean alive) {}
}
