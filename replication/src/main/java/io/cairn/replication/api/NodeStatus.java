package io.cairn.replication.api;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;

/**
 * What one node knows about itself and the cluster, as cheap to read as a few volatile fields.
 *
 * <p>Thread-safety: immutable.
 *
 * @param id this node's member number
 * @param role {@code leader}, {@code follower}, {@code candidate}, {@code pre-candidate} or {@code learner}
 * @param term the current term
 * @param commitIndex highest log index known committed
 * @param appliedIndex highest log index applied to the ledger
 * @param leaderId the leader's member number, 0 when none is known
 * @param blockCount blocks on this node's ledger (the next block's height)
 * @param members every member as this node sees it, sorted by id
 * @param peerBytesSent frame bytes this node's transport has written to its peers since it started
 *     (0 for a node without a transport)
 * @param snapshotBytesReceived size of the last ledger snapshot this node received from a leader
 *     and installed (0 when none since it started)
 * @param snapshotReceiveMillis that snapshot's transfer time, from its first chunk arriving to its
 *     installation in the ledger (0 when none)
 * @param snapshotReceived the steps of that snapshot's intake (null when none)
 * @param snapshotsSent on a leader: the steps of the last snapshot transfer to each member it sent
 *     one to since it started, by member number
 */
public record NodeStatus(int id, String role, long term, long commitIndex, long appliedIndex, int leaderId,
    long blockCount, List<MemberStatus> members, long peerBytesSent, long snapshotBytesReceived,
    long snapshotReceiveMillis, SnapshotTimeline snapshotReceived, List<SnapshotTimeline> snapshotsSent) {
  /** Copies the lists. */
  public NodeStatus {
    members = List.copyOf(members);
    snapshotsSent = List.copyOf(snapshotsSent);
  }

  /** A status without snapshot counters. */
  public NodeStatus(int id, String role, long term, long commitIndex, long appliedIndex, int leaderId,
      long blockCount, List<MemberStatus> members, long peerBytesSent) {
    this(id, role, term, commitIndex, appliedIndex, leaderId, blockCount, members, peerBytesSent, 0, 0, null,
        List.of());
  }

  /** This status with the last received snapshot's size and transfer time. */
  public NodeStatus withSnapshotReceived(long bytes, long millis) {
    return new NodeStatus(id, role, term, commitIndex, appliedIndex, leaderId, blockCount, members, peerBytesSent,
        bytes, millis, snapshotReceived, snapshotsSent);
  }

  /** This status with the steps of the last snapshot received ({@code received}, may be null) and of those sent. */
  public NodeStatus withSnapshotTimelines(SnapshotTimeline received, List<SnapshotTimeline> sent) {
    return new NodeStatus(id, role, term, commitIndex, appliedIndex, leaderId, blockCount, members, peerBytesSent,
        snapshotBytesReceived, snapshotReceiveMillis, received, sent);
  }

  /** A status without transport counters (a node that has no peers). */
  public NodeStatus(int id, String role, long term, long commitIndex, long appliedIndex, int leaderId,
      long blockCount, List<MemberStatus> members) {
    this(id, role, term, commitIndex, appliedIndex, leaderId, blockCount, members, 0);
  }

  /**
   * One member as seen from this node.
   *
   * @param id its member number
   * @param peer its transport address
   * @param http its client API base URL
   * @param self true for this node
   * @param alive this node itself, or a peer with an authenticated connection that has carried a
   *     frame within the last few election timeouts
   * @param matchIndex on the leader: the highest log index known replicated to it (-1 elsewhere)
   * @param lagging on the leader: its log is more than {@link #LAG_ENTRIES} entries behind (false elsewhere)
   */
  public record MemberStatus(int id, InetSocketAddress peer, URI http, boolean self, boolean alive,
      long matchIndex, boolean lagging) {}

  /** Entries behind the leader's last index above which a follower counts as lagging. */
  public static final long LAG_ENTRIES = 1000;
}
