package io.cairn.lsm.internal.db;

import io.cairn.common.InvalidArgumentException;
import io.cairn.lsm.api.Snapshot;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The live snapshots of a database, as a multiset of sequence numbers: compaction keeps every
 * version the oldest one can see. Thread-safety: synchronised.
 */
final class SnapshotList {
  /** A snapshot handed to the user: a sequence number, released once. */
  static final class SnapshotImpl implements Snapshot {
    private final SnapshotList owner;
    private final long sequence;
    private final AtomicBoolean released = new AtomicBoolean();

    SnapshotImpl(SnapshotList owner, long sequence) {
      this.owner = owner;
      this.sequence = sequence;
    }

    @Override
    public long sequence() {
      return sequence;
    }

    @Override
    public void close() {
      if (released.compareAndSet(false, true)) {
        owner.release(sequence);
      }
    }

    @Override
    public String toString() {
      return "Snapshot@" + sequence + (released.get() ? " (released)" : "");
    }
  }

  private final TreeMap<Long, Integer> counts = new TreeMap<>();

  /** A new snapshot at {@code sequence}. */
  synchronized SnapshotImpl acquire(long sequence) {
    counts.merge(sequence, 1, Integer::sum);
    return new SnapshotImpl(this, sequence);
  }

  private synchronized void release(long sequence) {
    counts.computeIfPresent(sequence, (key, count) -> count == 1 ? null : count - 1);
  }

  /** The oldest live snapshot's sequence, or {@code ifNone}. */
  synchronized long oldest(long ifNone) {
    return counts.isEmpty() ? ifNone : counts.firstKey();
  }

  /** Number of live snapshots. */
  synchronized int size() {
    int total = 0;
    for (int count : counts.values()) {
      total += count;
    }
    return total;
  }

  /**
   * The sequence of {@code snapshot}, checked to be a live snapshot of this database.
   *
   * @throws InvalidArgumentException for a foreign or released snapshot
   */
  long sequenceOf(Snapshot snapshot) {
    if (!(snapshot instanceof SnapshotImpl impl) || impl.owner != this) {
      throw new InvalidArgumentException("the snapshot does not belong to this database");
    }
    if (impl.released.get()) {
      throw new InvalidArgumentException("the snapshot was released (closed) and can no longer be read");
    }
    return impl.sequence;
  }
}
