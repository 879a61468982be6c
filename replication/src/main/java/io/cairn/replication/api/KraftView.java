package io.cairn.replication.api;

import java.util.List;

/**
 * The KRaft structure one node currently runs on, in member numbers: the candidate layer and the
 * relay groups of its configuration (consensus's Kademlia {@code Topology}, which every node
 * derives from the same configuration), and, on the leader, the member relaying to each group.
 *
 * <p>Thread-safety: immutable.
 *
 * @param mode {@code kraft} or {@code raft}; in Raft mode both lists are empty
 * @param candidates the candidate layer, by KRaft id order
 * @param groups one group per candidate
 */
public record KraftView(String mode, List<Integer> candidates, List<Group> groups) {
  /** Copies the lists. */
  public KraftView {
    candidates = List.copyOf(candidates);
    groups = List.copyOf(groups);
  }

  /**
   * One relay group.
   *
   * @param head the candidate heading it
   * @param members its members in relay rotation order, the head first
   * @param relay on the leader: the member that relays to this group now; 0 when unknown (on a
   *     follower, or before the leader sent through one)
   */
  public record Group(int head, List<Integer> members, int relay) {
    /** Copies the members. */
    public Group {
      members = List.copyOf(members);
    }
  }
}
