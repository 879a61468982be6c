package io.cairn.kraft.core;

import io.cairn.kraft.api.Entry;
import io.cairn.kraft.api.Snapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of the log not yet handed to storage: a snapshot received from the leader and/or
 * entries starting at {@code offset}. Entries leave when the driver reports them persisted
 * ({@link #stableTo}).
 *
 * <p>Thread-safety: not thread-safe; owned by one {@link RaftLog}.
 */
final class Unstable {
  private Snapshot snapshot;
  private ArrayList<Entry> entries = new ArrayList<>();
  private long offset;

  Unstable(long offset) {
    this.offset = offset;
  }

  Snapshot snapshot() {
    return snapshot;
  }

  List<Entry> entries() {
    return entries;
  }

  long offset() {
    return offset;
  }

  /** First index known here (only through a pending snapshot), or -1. */
  long maybeFirstIndex() {
    return snapshot == null ? -1 : snapshot.index() + 1;
  }

  /** Last index known here, or -1. */
  long maybeLastIndex() {
    if (!entries.isEmpty()) {
      return offset + entries.size() - 1;
    }
    return snapshot == null ? -1 : snapshot.index();
  }

  /** Term at {@code index} if this part knows it, else -1 (ask storage). */
  long maybeTerm(long index) {
    if (index < offset) {
      return snapshot != null && snapshot.index() == index ? snapshot.term() : -1;
    }
    long last = maybeLastIndex();
    if (last < 0 || index > last) {
      return -1;
    }
    return entries.get((int) (index - offset)).term();
  }

  /** Entries up to {@code index} (with term {@code term}) were persisted: drop them from here. */
  void stableTo(long index, long term) {
    long known = maybeTerm(index);
    if (known == term && index >= offset) {
      int drop = (int) (index + 1 - offset);
      entries = new ArrayList<>(entries.subList(drop, entries.size()));
      offset = index + 1;
    }
  }

  /** The snapshot at {@code index} was persisted. */
  void stableSnapshotTo(long index) {
    if (snapshot != null && snapshot.index() == index) {
      snapshot = null;
    }
  }

  /** Replaces everything with {@code newSnapshot}. */
  void restore(Snapshot newSnapshot) {
    offset = newSnapshot.index() + 1;
    entries = new ArrayList<>();
    snapshot = newSnapshot;
  }

  /** Appends {@code newEntries}, first dropping any held entry at or after their first index. */
  void truncateAndAppend(List<Entry> newEntries) {
    long from = newEntries.getFirst().index();
    if (from == offset + entries.size()) {
      entries.addAll(newEntries);
    } else if (from <= offset) {
      // Replaces everything unstable; storage entries at or after 'from' are overwritten when
      // the driver appends these.
      offset = from;
      entries = new ArrayList<>(newEntries);
    } else {
      entries.subList((int) (from - offset), entries.size()).clear();
      entries.addAll(newEntries);
    }
  }

  /** Entries {@code [lo, hi)}, which must lie inside this part. */
  List<Entry> slice(long lo, long hi) {
    return entries.subList((int) (lo - offset), (int) (hi - offset));
  }
}
