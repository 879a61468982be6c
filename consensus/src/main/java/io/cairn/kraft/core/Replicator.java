package io.cairn.kraft.core;

import io.cairn.kraft.api.AckPath;
import io.cairn.kraft.api.AppendRequest;
import io.cairn.kraft.api.Entry;
import io.cairn.kraft.api.HeartbeatRequest;
import io.cairn.kraft.api.Mode;
import io.cairn.kraft.api.NodeId;
import io.cairn.kraft.api.Snapshot;
import io.cairn.kraft.api.SnapshotChunk;
import io.cairn.kraft.kademlia.Topology;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How a leader's appends, heartbeats and snapshots leave it. In Raft mode every member gets its
 * own message. In KRaft mode a broadcast sends one message per group to the group's relay, with
 * the other members as fanout; members that cannot take the same message (probing, receiving a
 * snapshot, paused, or at a different next index) and groups whose relay has timed out are
 * served directly. Snapshots always go directly, in chunks.
 *
 * <p>Thread-safety: not thread-safe.
 */
final class Replicator {
  private static final byte[] NO_CONTEXT = new byte[0];

  private final Raft raft;

  Replicator(Raft raft) {
    this.raft = raft;
  }

  private boolean relayed() {
    return raft.config.mode() == Mode.KRAFT;
  }

  private boolean ackDirect() {
    return raft.config.ackPath() == AckPath.DIRECT;
  }

  /** Sends what each member is missing; {@code sendIfEmpty} also sends empty appends (to carry the commit index). */
  void broadcastAppend(boolean sendIfEmpty) {
    if (!relayed()) {
      for (NodeId member : raft.tracker.progress().keySet()) {
        if (!member.equals(raft.id)) {
          maybeSendAppend(member, sendIfEmpty);
        }
      }
      return;
    }
    for (Topology.Group group : raft.topology.groups()) {
      broadcastToGroup(group, sendIfEmpty);
    }
  }

  private void broadcastToGroup(Topology.Group group, boolean sendIfEmpty) {
    List<NodeId> members = others(group);
    List<NodeId> stream = streamable(members);
    if (stream.size() >= 2) {
      long next = raft.tracker.get(stream.getFirst()).next;
      List<Entry> entries = raft.log.entriesFrom(next, raft.config.maxEntriesBytesPerMessage());
      long prevTerm = raft.log.term(next - 1);
      if (entries != null && prevTerm != RaftLog.UNAVAILABLE && (!entries.isEmpty() || sendIfEmpty)) {
        NodeId relay = raft.relays.relayFor(group, stream::contains);
        List<NodeId> fanout = new ArrayList<>(stream);
        fanout.remove(relay);
        raft.send(new AppendRequest(raft.id, relay, raft.term, next - 1, prevTerm, entries,
            raft.log.committed(), fanout, null, ackDirect()));
        raft.relays.sentThrough(relay);
        long last = next - 1 + entries.size();
        for (NodeId member : stream) {
          raft.tracker.get(member).sentEntries(last, !entries.isEmpty(), raft.tickCount);
        }
      }
      members.removeAll(stream);
    }
    for (NodeId member : members) {
      maybeSendAppend(member, sendIfEmpty);
    }
  }

  /**
   * The members that can share one relayed append: replicating, not paused, and at the next index
   * most of them share (ties: the larger one).
   */
  private List<NodeId> streamable(List<NodeId> members) {
    Map<Long, Integer> countByNext = new HashMap<>();
    for (NodeId member : members) {
      Progress p = raft.tracker.get(member);
      if (p.state == Progress.State.REPLICATE && !p.isPaused()) {
        countByNext.merge(p.next, 1, Integer::sum);
      }
    }
    long best = -1;
    int bestCount = 0;
    for (Map.Entry<Long, Integer> entry : countByNext.entrySet()) {
      if (entry.getValue() > bestCount || (entry.getValue() == bestCount && entry.getKey() > best)) {
        best = entry.getKey();
        bestCount = entry.getValue();
      }
    }
    List<NodeId> stream = new ArrayList<>();
    for (NodeId member : members) {
      Progress p = raft.tracker.get(member);
      if (p.state == Progress.State.REPLICATE && !p.isPaused() && p.next == best) {
        stream.add(member);
      }
    }
    return stream;
  }

  /** Group members other than the leader that have progress (still in the configuration). */
  private List<NodeId> others(Topology.Group group) {
    List<NodeId> members = new ArrayList<>(group.members().size());
    for (NodeId member : group.members()) {
      if (!member.equals(raft.id) && raft.tracker.get(member) != null) {
        members.add(member);
      }
    }
    return members;
  }

  /** Sends {@code to} the entries it is missing, directly; a snapshot if they are compacted. */
  boolean maybeSendAppend(NodeId to, boolean sendIfEmpty) {
    Progress progress = raft.tracker.get(to);
    if (progress == null || progress.isPaused()) {
      return false;
    }
    long prevIndex = progress.next - 1;
    long prevTerm = raft.log.term(prevIndex);
    List<Entry> entries = prevTerm == RaftLog.UNAVAILABLE
        ? null : raft.log.entriesFrom(progress.next, raft.config.maxEntriesBytesPerMessage());
    if (entries == null) {
      return startSnapshot(to, progress);
    }
    if (entries.isEmpty() && !sendIfEmpty) {
      return false;
    }
    raft.send(new AppendRequest(raft.id, to, raft.term, prevIndex, prevTerm, entries, raft.log.committed(),
        List.of(), null, false));
    progress.sentEntries(prevIndex + entries.size(), !entries.isEmpty(), raft.tickCount);
    return true;
  }

  /** Heartbeats every member, through relays in KRaft mode; {@code context} tags a read-index round. */
  void broadcastHeartbeat(byte[] context) {
    if (!relayed()) {
      for (NodeId member : raft.tracker.progress().keySet()) {
        if (!member.equals(raft.id)) {
          sendHeartbeat(member, context);
        }
      }
      return;
    }
    for (Topology.Group group : raft.topology.groups()) {
      List<NodeId> members = others(group);
      if (members.size() <= 1) {
        members.forEach(member -> sendHeartbeat(member, context));
        continue;
      }
      NodeId relay = raft.relays.relayFor(group, members::contains);
      List<NodeId> fanout = new ArrayList<>(members);
      fanout.remove(relay);
      raft.send(new HeartbeatRequest(raft.id, relay, raft.term, raft.log.committed(), context, fanout, null,
          ackDirect()));
      raft.relays.sentThrough(relay);
    }
  }

  void broadcastHeartbeat() {
    broadcastHeartbeat(NO_CONTEXT);
  }

  void sendHeartbeat(NodeId to, byte[] context) {
    raft.send(new HeartbeatRequest(raft.id, to, raft.term, raft.log.committed(), context, List.of(), null, false));
  }

  /**
   * A group's relay went silent: every member of it is served directly now (replicating members
   * go back to probing so that lost relayed appends are re-sent), and the rotated relay takes
   * over from the next round.
   */
  void serveDirectly(Topology.Group group) {
    for (NodeId member : others(group)) {
      Progress progress = raft.tracker.get(member);
      if (progress.state == Progress.State.REPLICATE) {
        progress.becomeProbe();
      }
      if (!maybeSendAppend(member, true)) {
        sendHeartbeat(member, NO_CONTEXT);
      }
    }
  }

  private boolean startSnapshot(NodeId to, Progress progress) {
    if (!progress.recentActive) {
      // Not worth shipping a snapshot to a member that may be down.
      return false;
    }
    Snapshot snapshot = raft.log.snapshot();
    if (snapshot.index() == 0) {
      return false;
    }
    progress.becomeSnapshot(snapshot);
    sendSnapshotChunk(to, progress);
    return true;
  }

  /** Sends the chunk at the member's current snapshot offset. */
  void sendSnapshotChunk(NodeId to, Progress progress) {
    Snapshot snapshot = progress.snapshotInFlight;
    byte[] data = snapshot.data();
    int offset = (int) Math.min(progress.snapshotOffset, data.length);
    int length = Math.min(raft.config.snapshotChunkBytes(), data.length - offset);
    raft.send(new SnapshotChunk(raft.id, to, raft.term, snapshot.metadata(), data.length, offset,
        Arrays.copyOfRange(data, offset, offset + length), offset + length == data.length));
    progress.ticksSinceSnapshotAck = 0;
  }
}
