package io.cairn.kraft.core;

import io.cairn.kraft.api.Entry;
import io.cairn.kraft.api.LogStorage;
import io.cairn.kraft.api.Snapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * A node's view of its log: the stable part in {@link LogStorage}, the {@link Unstable} part
 * still to be persisted, and the commit and applied indexes.
 *
 * <p>Invariant: {@code applied <= committed <= lastIndex()}; {@code committed} never decreases.
 *
 * <p>Thread-safety: not thread-safe; owned by one {@link Raft}.
 */
final class RaftLog {
  /** Returned by {@link #term} for an index that is compacted away or not yet in the log. */
  static final long UNAVAILABLE = -1;

  private final LogStorage storage;
  private final Unstable unstable;
  private long committed;
  private long applied;

  RaftLog(LogStorage storage, long appliedHint) {
    this.storage = storage;
    this.unstable = new Unstable(storage.lastIndex() + 1);
    this.committed = storage.hardState().commit();
    long floor = storage.firstIndex() - 1;
    this.applied = Math.min(Math.max(floor, appliedHint), committed);
    if (committed < floor) {
      committed = floor;
      applied = floor;
    }
  }

  LogStorage storage() {
    return storage;
  }

  Unstable unstable() {
    return unstable;
  }

  long committed() {
    return committed;
  }

  long applied() {
    return applied;
  }

  long firstIndex() {
    long first = unstable.maybeFirstIndex();
    return first >= 0 ? first : storage.firstIndex();
  }

  long lastIndex() {
    long last = unstable.maybeLastIndex();
    return last >= 0 ? last : storage.lastIndex();
  }

  long lastTerm() {
    return term(lastIndex());
  }

  /** Term of the entry at {@code index}, or {@link #UNAVAILABLE}. */
  long term(long index) {
    if (index < firstIndex() - 1 || index > lastIndex()) {
      return UNAVAILABLE;
    }
    long term = unstable.maybeTerm(index);
    return term >= 0 ? term : storage.term(index);
  }

  boolean matchTerm(long index, long term) {
    long known = term(index);
    return known != UNAVAILABLE && known == term;
  }

  /** True when a log ending at ({@code lastIndex}, {@code lastTerm}) is at least as up to date as ours (§5.4.1). */
  boolean isUpToDate(long otherLastIndex, long otherLastTerm) {
    long ourTerm = lastTerm();
    return otherLastTerm > ourTerm || (otherLastTerm == ourTerm && otherLastIndex >= lastIndex());
  }

  /** Index of the first entry whose term differs from ours (or that we lack); 0 when all match. */
  long findConflict(List<Entry> entries) {
    for (Entry entry : entries) {
      if (!matchTerm(entry.index(), entry.term())) {
        return entry.index();
      }
    }
    return 0;
  }

  /**
   * The largest index at or before {@code index} whose term is at most {@code term}, used to
   * skip a whole conflicting term when a follower rejects an append. Stops at the first
   * compacted index.
   */
  long findConflictByTerm(long index, long term) {
    long floor = firstIndex() - 1;
    for (; index > floor; index--) {
      long known = term(index);
      if (known == UNAVAILABLE || known <= term) {
        return index;
      }
    }
    return floor;
  }

  /** Appends consecutive entries (truncating a conflicting suffix); returns the new last index. */
  long append(List<Entry> entries) {
    if (entries.isEmpty()) {
      return lastIndex();
    }
    long after = entries.getFirst().index() - 1;
    if (after < committed) {
      throw new IllegalStateException("append after " + after + " would overwrite committed " + committed);
    }
    unstable.truncateAndAppend(entries);
    return lastIndex();
  }

  void commitTo(long index) {
    if (index > committed) {
      if (index > lastIndex()) {
        throw new IllegalStateException("commit " + index + " beyond last index " + lastIndex());
      }
      committed = index;
    }
  }

  void appliedTo(long index) {
    if (index > applied) {
      assert index <= committed : "applied " + index + " beyond committed " + committed;
      applied = index;
    }
  }

  boolean hasNextCommittedEntries() {
    return committed > applied && applied + 1 >= firstIndex();
  }

  /** Committed entries after {@code applied}, at most {@code maxBytes} (at least one). */
  List<Entry> nextCommittedEntries(long maxBytes) {
    if (!hasNextCommittedEntries()) {
      return List.of();
    }
    return slice(applied + 1, committed + 1, maxBytes);
  }

  /** Entries from {@code from} to the end, at most {@code maxBytes}; null when {@code from} is compacted. */
  List<Entry> entriesFrom(long from, long maxBytes) {
    if (from < firstIndex()) {
      return null;
    }
    if (from > lastIndex()) {
      return List.of();
    }
    return slice(from, lastIndex() + 1, maxBytes);
  }

  /** Entries {@code [lo, hi)} within {@code maxBytes} (at least one), from storage then unstable. */
  List<Entry> slice(long lo, long hi, long maxBytes) {
    List<Entry> result = new ArrayList<>();
    long offset = unstable.offset();
    if (lo < offset) {
      result.addAll(storage.entries(lo, Math.min(hi, offset), maxBytes));
      if (result.size() < Math.min(hi, offset) - lo) {
        return result;
      }
    }
    if (hi > offset) {
      long bytes = 0;
      for (Entry entry : result) {
        bytes += entry.sizeBytes();
      }
      for (Entry entry : unstable.slice(Math.max(lo, offset), hi)) {
        bytes += entry.sizeBytes();
        if (!result.isEmpty() && bytes > maxBytes) {
          break;
        }
        result.add(entry);
      }
    }
    return result;
  }

  /** The snapshot to send followers: the pending one if any, else storage's. */
  Snapshot snapshot() {
    Snapshot pending = unstable.snapshot();
    return pending != null ? pending : storage.snapshot();
  }

  /** Replaces the log by {@code snapshot} (the caller checked it is newer than our commit). */
  void restore(Snapshot snapshot) {
    committed = snapshot.index();
    unstable.restore(snapshot);
  }

  void stableTo(long index, long term) {
    unstable.stableTo(index, term);
  }

  void stableSnapshotTo(long index) {
    unstable.stableSnapshotTo(index);
    appliedTo(Math.min(index, committed));
  }
}
