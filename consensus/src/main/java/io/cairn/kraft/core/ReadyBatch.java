package io.cairn.kraft.core;

import io.cairn.kraft.api.Entry;
import io.cairn.kraft.api.HardState;
import io.cairn.kraft.api.Message;
import io.cairn.kraft.api.ReadState;
import io.cairn.kraft.api.Ready;
import io.cairn.kraft.api.Snapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects a {@link Raft}'s outputs into {@link Ready} batches and takes them back in {@link
 * #advance}. Between the two calls the node accepts no input: the driver is persisting and
 * sending, and the core must not build on state it has not yet seen acknowledged.
 *
 * <p>Thread-safety: not thread-safe.
 */
final class ReadyBatch {
  private final Raft raft;
  private HardState persisted;
  private Ready outstanding;

  ReadyBatch(Raft raft, HardState persisted) {
    this.raft = raft;
    this.persisted = persisted;
  }

  boolean awaitingAdvance() {
    return outstanding != null;
  }

  HardState current() {
    return new HardState(raft.term, raft.vote, raft.log.committed());
  }

  boolean hasReady() {
    Unstable unstable = raft.log.unstable();
    return !raft.outbox.isEmpty()
        || !raft.readStates.isEmpty()
        || !unstable.entries().isEmpty()
        || unstable.snapshot() != null
        || raft.log.hasNextCommittedEntries()
        || !current().equals(persisted);
  }

  Ready ready() {
    if (outstanding != null) {
      throw new IllegalStateException("ready() called again before advance()");
    }
    HardState hard = current();
    HardState changed = hard.equals(persisted) ? null : hard;
    Unstable unstable = raft.log.unstable();
    List<Entry> entries = List.copyOf(unstable.entries());
    Snapshot snapshot = unstable.snapshot();
    List<Message> messages = new ArrayList<>(raft.outbox);
    raft.outbox.clear();
    List<ReadState> reads = new ArrayList<>(raft.readStates);
    raft.readStates.clear();
    List<Entry> committed = raft.log.nextCommittedEntries(raft.config.maxCommittedBytesPerReady());
    boolean mustSync = (changed != null && changed.termOrVoteDiffers(persisted)) || !entries.isEmpty()
        || snapshot != null;
    outstanding = new Ready(changed, entries, snapshot, messages, committed, reads, mustSync);
    return outstanding;
  }

  void advance(Ready ready) {
    if (ready != outstanding) {
      throw new IllegalStateException("advance() must get the Ready returned by the last ready()");
    }
    if (ready.hardState() != null) {
      persisted = ready.hardState();
    }
    if (ready.snapshot() != null) {
      raft.log.stableSnapshotTo(ready.snapshot().index());
    }
    if (!ready.entries().isEmpty()) {
      Entry last = ready.entries().getLast();
      raft.log.stableTo(last.index(), last.term());
    }
    if (!ready.committedEntries().isEmpty()) {
      raft.log.appliedTo(ready.committedEntries().getLast().index());
    }
    outstanding = null;
  }
}
