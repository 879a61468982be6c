package io.cairn.kraft.sim;

import io.cairn.kraft.api.Entry;
import io.cairn.kraft.api.HardState;
import io.cairn.kraft.api.LogStorage;
import io.cairn.kraft.api.MemoryLogStorage;
import io.cairn.kraft.api.Snapshot;
import io.cairn.kraft.api.SnapshotMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A node's simulated disk: a {@link LogStorage} that distinguishes what was written from what
 * was synced. Writes apply at once to the visible state and join a journal of unsynced writes;
 * {@link #sync()} replays the journal onto the durable state. A {@link #crash} throws the visible
 * state away and restarts from the durable one, optionally keeping a prefix of the journal (a disk
 * that happened to flush part of its cache, in write order).
 *
 * <p>Thread-safety: not thread-safe.
 */
final class SimDisk implements LogStorage {
  private MemoryLogStorage durable = new MemoryLogStorage();
  private MemoryLogStorage visible = new MemoryLogStorage();
  private final List<Consumer<LogStorage>> journal = new ArrayList<>();
  private boolean forgetVote;

  /** Plants {@link SimBug#FORGET_VOTE}: every crash clears the durable vote. */
  void forgetVoteOnCrash(boolean value) {
    forgetVote = value;
  }

  /**
   * Power loss: unsynced writes are lost, except that with {@code keepPrefix} a random prefix of
   * them (by write order) survives.
   */
  void crash(SplittableRandom random, boolean keepPrefix) {
    if (keepPrefix && !journal.isEmpty()) {
      int kept = random.nextInt(journal.size() + 1);
      for (int i = 0; i < kept; i++) {
        journal.get(i).accept(durable);
      }
    }
    journal.clear();
    if (forgetVote) {
      HardState hard = durable.hardState();
      durable.setHardState(new HardState(hard.term(), null, hard.commit()));
    }
    visible = MemoryLogStorage.copyOf(durable);
  }

  /** Writes of one Ready, applied together or not at all (like one checksummed WAL record). */
  void writeBatch(Snapshot snapshot, List<Entry> entries, HardState hardState) {
    Consumer<LogStorage> write = storage -> {
      if (snapshot != null) {
        storage.applySnapshot(snapshot);
      }
      if (!entries.isEmpty()) {
        storage.append(entries);
      }
      if (hardState != null) {
        storage.setHardState(hardState);
      }
    };
    write.accept(visible);
    journal.add(write);
  }

  /** The durable hard state (what a crash now would leave). */
  HardState durableHardState() {
    return durable.hardState();
  }

  /** An application snapshot plus compaction, written and synced atomically (write, fsync, rename). */
  void snapshotAndCompact(Snapshot snapshot, long compactThrough) {
    sync();
    for (MemoryLogStorage storage : List.of(visible, durable)) {
      storage.saveSnapshot(snapshot);
      storage.compact(compactThrough);
    }
  }

  @Override
  public HardState hardState() {
    return visible.hardState();
  }

  @Override
  public SnapshotMetadata snapshotMetadata() {
    return visible.snapshotMetadata();
  }

  @Override
  public Snapshot snapshot() {
    return visible.snapshot();
  }

  @Override
  public long firstIndex() {
    return visible.firstIndex();
  }

  @Override
  public long lastIndex() {
    return visible.lastIndex();
  }

  @Override
  public long term(long index) {
    return visible.term(index);
  }

  @Override
  public List<Entry> entries(long from, long to, long maxBytes) {
    return visible.entries(from, to, maxBytes);
  }

  @Override
  public void append(List<Entry> entries) {
    writeBatch(null, entries, null);
  }

  @Override
  public void setHardState(HardState state) {
    writeBatch(null, List.of(), state);
  }

  @Override
  public void applySnapshot(Snapshot snapshot) {
    writeBatch(snapshot, List.of(), null);
  }

  @Override
  public void saveSnapshot(Snapshot snapshot) {
    sync();
    visible.saveSnapshot(snapshot);
    durable.saveSnapshot(snapshot);
  }

  @Override
  public void compact(long throughIndex) {
    sync();
    visible.compact(throughIndex);
    durable.compact(throughIndex);
  }

  @Override
  public void sync() {
    for (Consumer<LogStorage> write : journal) {
      write.accept(durable);
    }
    journal.clear();
  }
}
