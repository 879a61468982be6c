package io.cairn.kraft.core;

import io.cairn.kraft.api.Snapshot;

/**
 * What a leader knows about one member's log and how it is feeding it (etcd's flow control):
 *
 * <ul>
 *   <li>{@link State#PROBE}: one append at a time until the consistency check succeeds;
 *   <li>{@link State#REPLICATE}: appends are streamed optimistically, bounded by {@link Inflights};
 *   <li>{@link State#SNAPSHOT}: the member needs compacted entries; a snapshot is being sent in
 *       chunks and nothing else goes out until it is installed.
 * </ul>
 *
 * <p>Thread-safety: not thread-safe.
 */
final class Progress {
  enum State { PROBE, REPLICATE, SNAPSHOT }

  long match;
  long next;
  State state = State.PROBE;
  /** PROBE: an append is out and unanswered; wait for an answer or the next heartbeat. */
  boolean probeSent;
  /** Heard from the member since the last CheckQuorum round. */
  boolean recentActive;
  boolean learner;
  /** Leader tick of the last acknowledgement (or state change): a long silence with appends out means they were lost. */
  long lastProgressTick;
  final Inflights inflights;

  /**
   * SNAPSHOT: the snapshot being sent, its index, the offset the member asked for last ({@code
   * snapshotOffset}: every byte below it is acknowledged) and the offset of the next chunk to send
   * ({@code snapshotSent}; {@code snapshotOffset <= snapshotSent}, the bytes between are in flight).
   */
  Snapshot snapshotInFlight;
  long pendingSnapshot;
  long snapshotOffset;
  long snapshotSent;
  /** CRC32C of {@link #snapshotInFlight}'s data (computed once per transfer). */
  int snapshotChecksum;
  int ticksSinceSnapshotAck;
  /**
   * SNAPSHOT, when transfers are paced: bytes this member may still be sent before the next
   * tick's allowance (a chunk goes out while it is positive, and its length is taken off, so it may
   * fall below zero; ticks refill it up to the window).
   */
  long snapshotCredit;
  /**
   * SNAPSHOT: probes sent since the member last acknowledged everything that was in flight at the
   * first of them ({@code snapshotProbedSent}); the second takes the chunks in flight for lost.
   */
  int snapshotProbes;
  long snapshotProbedSent;

  Progress(long next, int maxInflight, boolean learner) {
    this.next = next;
    this.inflights = new Inflights(maxInflight);
    this.learner = learner;
  }

  void becomeProbe() {
    if (state == State.SNAPSHOT) {
      long pending = pendingSnapshot;
      reset(State.PROBE);
      next = Math.max(match + 1, pending + 1);
    } else {
      reset(State.PROBE);
      next = match + 1;
    }
  }

  void becomeReplicate() {
    reset(State.REPLICATE);
    next = match + 1;
  }

  /** Starts sending {@code snapshot}, whose data has CRC32C {@code checksum}. */
  void becomeSnapshot(Snapshot snapshot, int checksum) {
    reset(State.SNAPSHOT);
    snapshotCredit = 1; // the first chunk leaves at once
    snapshotInFlight = snapshot;
    snapshotChecksum = checksum;
    pendingSnapshot = snapshot.index();
    snapshotOffset = 0;
    snapshotSent = 0;
    snapshotProbes = 0;
    snapshotProbedSent = 0;
    ticksSinceSnapshotAck = 0;
  }

  private void reset(State newState) {
    state = newState;
    probeSent = false;
    snapshotInFlight = null;
    pendingSnapshot = 0;
    snapshotOffset = 0;
    snapshotSent = 0;
    inflights.reset();
  }

  /** An acknowledgement of {@code index}; returns true when it raised {@code match}. */
  boolean maybeUpdate(long index, long nowTick) {
    boolean updated = false;
    if (match < index) {
      lastProgressTick = nowTick;
      match = index;
      updated = true;
      probeSent = false;
    }
    next = Math.max(next, index + 1);
    return updated;
  }

  /**
   * A rejection of the append after {@code rejected}; {@code hint} is where the follower
   * suggests to probe next. Returns false for a stale rejection.
   */
  boolean maybeDecrTo(long rejected, long hint) {
    if (state == State.REPLICATE) {
      if (rejected <= match) {
        return false;
      }
      next = match + 1;
      return true;
    }
    if (next - 1 != rejected) {
      return false;
    }
    next = Math.max(Math.min(rejected, hint + 1), match + 1);
    probeSent = false;
    return true;
  }

  /** Bookkeeping after sending entries ending at {@code lastIndex} (or a probe with none). */
  void sentEntries(long lastIndex, boolean hadEntries, long nowTick) {
    if (state == State.REPLICATE) {
      if (hadEntries) {
        if (inflights.count() == 0) {
          lastProgressTick = nowTick;
        }
        next = lastIndex + 1;
        inflights.add(lastIndex);
      }
    } else if (state == State.PROBE) {
      probeSent = true;
    }
  }

  /** True when nothing more may be sent now. */
  boolean isPaused() {
    return switch (state) {
      case PROBE -> probeSent;
      case REPLICATE -> inflights.full();
      case SNAPSHOT -> true;
    };
  }

  @Override
  public String toString() {
    return state + " match=" + match + " next=" + next + (learner ? " learner" : "");
  }
}
