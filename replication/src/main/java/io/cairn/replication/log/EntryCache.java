package io.cairn.replication.log;

import io.cairn.kraft.api.Entry;
import java.util.ArrayList;
import java.util.List;

/**
 * The newest entries of a log, in memory, up to a byte budget: what the leader sends to followers
 * that keep up and what every member applies on commit, so those reads do not go back to the
 * engine (a lookup, a copy and a decode of each block-sized entry, on every member).
 *
 * <p>Contract: the cache holds a run of consecutive indexes {@code [first, last]} (possibly none),
 * each the entry the log holds at that index. The owner keeps it so: {@link #appended} after every
 * append (it drops what the append overwrote), {@link #compacted} after a compaction and
 * {@link #clear} when the log is replaced by a snapshot. Entries are never copied, so callers must
 * not change an entry's data (KRaft treats entries as immutable). Eviction drops the oldest entries
 * first, keeping at least the newest one.
 *
 * <p>Thread-safety: not thread-safe (the log storage's one thread).
 */
final class EntryCache {
  private final long budgetBytes;
  /** Held entries, oldest first, from position {@code head}; index of {@code held.get(head)} is {@code first}. */
  private final List<Entry> held = new ArrayList<>();
  private int head;
  private long first;
  private long bytes;

  /** A cache of at most {@code budgetBytes} of entries ({@link Entry#sizeBytes()}); 0 holds nothing. */
  EntryCache(long budgetBytes) {
    if (budgetBytes < 0) {
      throw new IllegalArgumentException("budget " + budgetBytes);
    }
    this.budgetBytes = budgetBytes;
  }

  /** The entry at {@code index}, or null when it is not held. */
  Entry get(long index) {
    long offset = index - first;
    if (offset < 0 || offset >= count()) {
      return null;
    }
    Entry entry = held.get(head + (int) offset);
    assert entry.index() == index : "cache holds " + entry.index() + " where " + index + " belongs";
    return entry;
  }

  /** Number of entries held. */
  int count() {
    return held.size() - head;
  }

  /** {@code entries} (consecutive) were appended to the log, replacing everything at and after their first index. */
  void appended(List<Entry> entries) {
    if (budgetBytes == 0 || entries.isEmpty()) {
      return;
    }
    long from = entries.getFirst().index();
    if (count() > 0 && from > first && from <= first + count()) {
      truncateFrom(from);
    } else {
      clear();
      first = from;
    }
    for (Entry entry : entries) {
      assert entry.index() == first + count() : "entry " + entry.index() + " does not follow " + (first + count() - 1);
      held.add(entry);
      bytes += entry.sizeBytes();
    }
    while (bytes > budgetBytes && count() > 1) {
      dropOldest();
    }
  }

  /** The log was compacted through {@code index}: entries up to it are gone. */
  void compacted(long index) {
    while (count() > 0 && first <= index) {
      dropOldest();
    }
    if (count() == 0) {
      clear();
    }
  }

  /** Forgets everything (the log was replaced). */
  void clear() {
    held.clear();
    head = 0;
    bytes = 0;
  }

  private void truncateFrom(long index) {
    int position = head + (int) (index - first);
    for (int i = position; i < held.size(); i++) {
      bytes -= held.get(i).sizeBytes();
    }
    held.subList(position, held.size()).clear();
  }

  private void dropOldest() {
    bytes -= held.get(head).sizeBytes();
    held.set(head, null);
    head++;
    first++;
    if (head > 64 && head > held.size() / 2) {
      held.subList(0, head).clear();
      head = 0;
    }
  }
}
