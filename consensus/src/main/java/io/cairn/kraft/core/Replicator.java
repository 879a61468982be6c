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
import java.util.Comparator;
import java.util.List;

/**
 * How a leader's appends, heartbeats and snapshots leave it. In Raft mode every member gets its
 * own message. In KRaft mode a broadcast sends one message per group to the group's relay, with
 * the other members as fanout, starting at the lowest next index among them; members that cannot
 * take it (probing, receiving a snapshot, paused) and groups whose relay has timed out are served
 * directly. Snapshots always go directly, in chunks.
 *
 * <p>Thread-safety: not thread-safe.
 */
final class Replicator {
  private static final byte[] NO_CONTEXT = new byte[0];

  private final Raft raft;
  /**
   * The last snapshot sent and its data's CRC32C: a leader computes it once per snapshot, not once
   * per member it sends it to (a pass over the whole snapshot on the thread that serves clients).
   */
  private Snapshot checksummed;
  private int checksum;

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

  /**
   * KRaft: sends {@code member} what it still lacks (after it acknowledged or was unpaused; {@code
   * sendIfEmpty}: even an empty append) through its group's relay, together with every group
   * member ready for the same entries, repeated within the inflight windows. Under load
   * acknowledgements arrive all the time, and answering each one directly would turn the leader's
   * fan-out back into Raft's. Returns false, sending nothing, in Raft mode and for a member that
   * is not replicating (probing or receiving a snapshot): the caller serves it directly.
   */
  boolean sendThroughGroup(NodeId member, boolean sendIfEmpty) {
    Progress progress = raft.tracker.get(member);
    if (!relayed() || progress == null || progress.state != Progress.State.REPLICATE) {
      return false;
    }
    Topology.Group group = raft.topology.groupOf(member);
    if (group == null) {
      return false;
    }
    boolean empty = sendIfEmpty;
    while (broadcastToGroup(group, empty)) {
      empty = false;
    }
    return true;
  }

  /**
   * Serves one group: its replicating, unpaused members in relayed appends, the others directly.
   * Returns whether a relayed append carrying entries went out.
   *
   * <p>Members are taken from the lowest next index up. An append starts at the lowest and
   * carries what fits in a message; every member whose next index falls inside it takes it (a
   * member already holding some of its entries checks them by the log matching rule and keeps its
   * own), so a member that was paused while the others moved on realigns with them. With
   * acknowledgements through the relay only the highest such cohort's append is sent; members
   * below it (more than a message behind) ride in its fanout: they reject it, and the relay feeds
   * them from its own log ({@link RelayCatchUp}), so the leader sends each entry once per group, lag
   * or no lag. A relay that cannot feed them passes the rejections on, and the leader then probes
   * them directly. With direct acknowledgements the relay never sees a rejection, so every cohort
   * gets its own append.
   */
  private boolean broadcastToGroup(Topology.Group group, boolean sendIfEmpty) {
    List<NodeId> members = others(group);
    List<NodeId> pending = streamable(members);
    members.removeAll(pending);
    List<NodeId> behind = new ArrayList<>();
    Cohort top = null;
    boolean relayedEntries = false;
    while (!pending.isEmpty()) {
      long next = raft.tracker.get(pending.getFirst()).next;
      long prevTerm = raft.log.term(next - 1);
      List<Entry> entries = prevTerm == RaftLog.UNAVAILABLE
          ? null : raft.log.entriesFrom(next, raft.config.maxEntriesBytesPerMessage());
      if (entries == null) {
        // Compacted away: this member needs a snapshot, which goes directly.
        members.add(pending.removeFirst());
        continue;
      }
      if (top != null) {
        if (ackDirect()) {
          relayedEntries |= sendCohort(group, top, List.of());
        } else {
          behind.addAll(top.members);
        }
      }
      top = new Cohort(next, prevTerm, entries, new ArrayList<>());
      for (NodeId member : pending) {
        long memberNext = raft.tracker.get(member).next;
        if (memberNext == next || memberNext <= top.last()) {
          top.members.add(member);
        }
      }
      pending.removeAll(top.members);
    }
    if (top != null && (!top.entries.isEmpty() || sendIfEmpty)) {
      relayedEntries |= sendCohort(group, top, behind);
    } else if (top != null && !behind.isEmpty()) {
      // The cohort is up to date: an empty append starts the relay's feed of the members behind.
      relayedEntries |= sendCohort(group, new Cohort(top.next, top.prevTerm, top.entries,
          List.of(raft.relays.relayFor(group, top.members::contains))), behind);
    }
    for (NodeId member : members) {
      maybeSendAppend(member, sendIfEmpty);
    }
    return relayedEntries;
  }

  /** Members that take one relayed append of {@code entries} after ({@code next - 1}, {@code prevTerm}). */
  private record Cohort(long next, long prevTerm, List<Entry> entries, List<NodeId> members) {
    long last() {
      return next - 1 + entries.size();
    }
  }

  /**
   * Sends {@code cohort}'s append through one of its members, with {@code behind} in the fanout
   * too (handed to the relay's feed up to the append's end); returns whether it carried entries.
   */
  private boolean sendCohort(Topology.Group group, Cohort cohort, List<NodeId> behind) {
    NodeId relay = raft.relays.relayFor(group, cohort.members::contains);
    List<NodeId> fanout = new ArrayList<>(cohort.members);
    fanout.remove(relay);
    fanout.addAll(behind);
    raft.send(new AppendRequest(raft.id, relay, raft.term, cohort.next - 1, cohort.prevTerm, cohort.entries,
        raft.log.committed(), fanout, null, ackDirect() && !fanout.isEmpty()));
    if (!fanout.isEmpty()) {
      raft.relays.sentThrough(relay);
    }
    for (NodeId member : cohort.members) {
      raft.tracker.get(member).sentEntries(cohort.last(), !cohort.entries.isEmpty(), raft.tickCount);
    }
    for (NodeId member : behind) {
      raft.tracker.get(member).sentEntries(cohort.last(), true, raft.tickCount);
    }
    return !cohort.entries.isEmpty();
  }

  /** The group members that can take a relayed append (replicating, not paused), by next index. */
  private List<NodeId> streamable(List<NodeId> members) {
    List<NodeId> stream = new ArrayList<>();
    for (NodeId member : members) {
      Progress p = raft.tracker.get(member);
      if (p.state == Progress.State.REPLICATE && !p.isPaused()) {
        stream.add(member);
      }
    }
    stream.sort(Comparator.comparingLong((NodeId member) -> raft.tracker.get(member).next));
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
    if (snapshot != checksummed) {
      checksum = io.cairn.common.Crc32c.of(snapshot.data(), 0, snapshot.data().length);
      checksummed = snapshot;
    }
    progress.becomeSnapshot(snapshot, checksum);
    if (raft.config.snapshotSentOutside()) {
      sendSnapshotOffer(to, progress);
    } else {
      sendSnapshotChunks(to, progress);
    }
    return true;
  }

  /**
   * With {@link io.cairn.kraft.api.KraftConfig#snapshotSentOutside}: offers the member the snapshot
   * in flight (a chunk at offset 0 without data, last only for an empty snapshot); the sender
   * outside the protocol streams the chunks, resuming where the member's answers say it stands.
   */
  void sendSnapshotOffer(NodeId to, Progress progress) {
    Snapshot snapshot = progress.snapshotInFlight;
    int length = snapshot.data().length;
    raft.send(new SnapshotChunk(raft.id, to, raft.term, snapshot.metadata(), length, progress.snapshotChecksum, 0,
        new byte[0], length == 0));
    progress.ticksSinceSnapshotAck = 0;
  }

  /**
   * Sends the member the chunks from {@code snapshotSent} on, until {@code snapshotChunksInFlight}
   * chunks' worth of bytes past its acknowledged offset are out, the snapshot's end is reached or,
   * when transfers are paced, the member's credit is spent; an answer restarts the silence timer.
   */
  void sendSnapshotChunks(NodeId to, Progress progress) {
    fillSnapshotWindow(to, progress);
    progress.ticksSinceSnapshotAck = 0;
  }

  /** Sends what the window and the pace allow (on an answer, or on a tick that refilled the credit). */
  void fillSnapshotWindow(NodeId to, Progress progress) {
    byte[] data = progress.snapshotInFlight.data();
    int chunk = raft.config.snapshotChunkBytes();
    long window = (long) chunk * raft.config.snapshotChunksInFlight();
    boolean paced = raft.config.snapshotBytesPerTick() > 0;
    assert progress.snapshotOffset <= progress.snapshotSent : "snapshot acknowledged past what was sent";
    if (data.length == 0) {
      sendSnapshotChunk(to, progress, 0, chunk); // one empty, last chunk
    }
    while (progress.snapshotSent < data.length && progress.snapshotSent - progress.snapshotOffset < window
        && (!paced || progress.snapshotCredit > 0)) {
      sendSnapshotChunk(to, progress, (int) progress.snapshotSent, chunk);
    }
    assert progress.snapshotSent <= data.length && progress.snapshotSent - progress.snapshotOffset < window + chunk
        : "snapshot window overrun: sent " + progress.snapshotSent + " acknowledged " + progress.snapshotOffset;
  }

  /** A tick's allowance for a paced transfer: the credit grows, up to one window. */
  void refillSnapshotCredit(Progress progress) {
    long window = (long) raft.config.snapshotChunkBytes() * raft.config.snapshotChunksInFlight();
    progress.snapshotCredit = Math.min(window, progress.snapshotCredit + raft.config.snapshotBytesPerTick());
  }

  /**
   * Sends the member the one chunk at its acknowledged offset (after a silence: a probe whose
   * answer reopens the window in {@link #sendSnapshotChunks}); what was sent after it stays counted
   * as in flight.
   */
  void sendSnapshotProbe(NodeId to, Progress progress) {
    int length = progress.snapshotInFlight.data().length;
    if (length == 0 || progress.snapshotOffset < length) {
      long sent = progress.snapshotSent;
      sendSnapshotChunk(to, progress, (int) progress.snapshotOffset, raft.config.snapshotChunkBytes());
      progress.snapshotSent = Math.max(sent, progress.snapshotSent);
    }
    progress.ticksSinceSnapshotAck = 0;
  }

  private void sendSnapshotChunk(NodeId to, Progress progress, int offset, int chunk) {
    Snapshot snapshot = progress.snapshotInFlight;
    byte[] data = snapshot.data();
    int length = Math.min(chunk, data.length - offset);
    raft.send(new SnapshotChunk(raft.id, to, raft.term, snapshot.metadata(), data.length, progress.snapshotChecksum, offset,
        Arrays.copyOfRange(data, offset, offset + length), offset + length == data.length));
    progress.snapshotSent = offset + length;
    progress.snapshotCredit -= length;
  }
}
