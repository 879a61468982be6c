package io.cairn.kraft.core;

/**
 * The appends sent to one follower and not yet acknowledged, as a ring of their last indexes.
 * When it is full the leader stops streaming to that follower until acknowledgements free room.
 *
 * <p>Thread-safety: not thread-safe.
 */
final class Inflights {
  private final int capacity;
  /** Allocated on the first append: a follower holds a window per member and never fills one. */
  private long[] lastIndexes;
  private int start;
  private int count;

  Inflights(int capacity) {
    this.capacity = capacity;
  }

  boolean full() {
    return count == capacity;
  }

  int count() {
    return count;
  }

  /** Records an append whose last entry is {@code lastIndex} (ascending). */
  void add(long lastIndex) {
    if (full()) {
      throw new IllegalStateException("inflight window is full");
    }
    if (lastIndexes == null) {
      lastIndexes = new long[capacity];
    }
    lastIndexes[(start + count) % lastIndexes.length] = lastIndex;
    count++;
  }

  /** Frees every append whose last index is at most {@code index}. */
  void freeLe(long index) {
    while (count > 0 && lastIndexes[start] <= index) {
      start = (start + 1) % lastIndexes.length;
      count--;
    }
  }

  void reset() {
    start = 0;
    count = 0;
  }
}
