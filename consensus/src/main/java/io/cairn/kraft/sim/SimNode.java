package io.cairn.kraft.sim;

import io.cairn.kraft.api.Configuration;
import io.cairn.kraft.api.NodeId;
import io.cairn.kraft.api.RawKraft;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One simulated node: its disk (which survives crashes), and while it is up its protocol core,
 * state machine and the volatile bookkeeping of client requests it is working on.
 *
 * <p>Thread-safety: not thread-safe; owned by one simulation.
 */
final class SimNode {
  enum State { UP, DOWN, RETIRED }

  /** A read waiting for its read index to be applied. */
  record WaitingRead(long index, ClientMessages.Request request) {}

  final int index;
  final NodeId id;
  final SimDisk disk = new SimDisk();
  final double tickScale;
  final NodeResources resources;

  State state = State.DOWN;
  RawKraft raft;
  int incarnation;
  boolean busy;
  boolean wakeScheduled;
  final ArrayDeque<Object> inbox = new ArrayDeque<>();

  KvStateMachine kv;
  long applied;
  Configuration appliedConfig = Configuration.EMPTY;
  long lastSnapshotIndex;
  long readNonce;

  final Map<Long, ClientMessages.Request> writes = new HashMap<>();
  final Map<Long, long[]> proposals = new HashMap<>();
  final Map<String, ClientMessages.Request> reads = new HashMap<>();
  final List<WaitingRead> waitingReads = new ArrayList<>();

  /** Invariant bookkeeping: what this incarnation last reported. */
  long lastCommitSeen;
  long lastAppliedSeen;
  long lastDurableCommit;
  long pendingLeaderCheck;
  io.cairn.kraft.api.Role lastRole;
  int committedBeforeElection;

  SimNode(int index, NodeId id, double tickScale, NodeResources resources) {
    this.index = index;
    this.id = id;
    this.tickScale = tickScale;
    this.resources = resources;
  }

  boolean up() {
    return state == State.UP;
  }

  /** Forgets everything volatile (a crash). */
  void clearVolatile() {
    raft = null;
    busy = false;
    wakeScheduled = false;
    inbox.clear();
    kv = null;
    writes.clear();
    proposals.clear();
    reads.clear();
    waitingReads.clear();
    lastCommitSeen = 0;
    lastAppliedSeen = 0;
    pendingLeaderCheck = 0;
  }

  static long sessionKey(int client, long seq) {
    return ((long) client << 40) | seq;
  }

  @Override
  public String toString() {
    return "n" + index + "(" + id + ")";
  }
}
