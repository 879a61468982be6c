package io.cairn.lsm.internal.iterator;

import io.cairn.lsm.internal.key.InternalKeyComparator;
import io.cairn.lsm.internal.key.ValueReference;
import java.util.List;

/**
 * Merges sorted children into one sorted stream (LevelDB's merging iterator), both ways. Equal
 * internal keys cannot occur across children (each version has its own sequence number).
 *
 * <p>Children are few (memtables, L0 tables, one per deeper level), so the smallest or largest is
 * found by a linear scan. Changing direction re-seeks every other child around the current key.
 *
 * <p>Thread-safety: not thread-safe. Owns its children: {@link #close} closes them.
 */
public final class MergingIterator implements InternalIterator {
  private final InternalKeyComparator comparator;
  private final InternalIterator[] children;
  private InternalIterator current;
  private boolean forward = true;

  /** A merge of {@code children}, which it now owns. */
  public MergingIterator(InternalKeyComparator comparator, List<InternalIterator> children) {
    this.comparator = comparator;
    this.children = children.toArray(new InternalIterator[0]);
  }

  @Override
  public boolean isValid() {
    return current != null;
  }

  @Override
  public void seekToFirst() {
    for (InternalIterator child : children) {
      child.seekToFirst();
    }
    forward = true;
    findSmallest();
  }

  @Override
  public void seekToLast() {
    for (InternalIterator child : children) {
      child.seekToLast();
    }
    forward = false;
    findLargest();
  }

  @Override
  public void seek(byte[] target, int offset, int length) {
    for (InternalIterator child : children) {
      child.seek(target, offset, length);
    }
    forward = true;
    findSmallest();
  }

  @Override
  public void next() {
    if (!forward) {
      // Every other child is positioned before the current key: move each to just after it.
      for (InternalIterator child : children) {
        if (child != current) {
          child.seek(current.keyBytes(), current.keyOffset(), current.keyLength());
          if (child.isValid() && compareToCurrent(child) == 0) {
            child.next();
          }
        }
      }
      forward = true;
    }
    current.next();
    findSmallest();
  }

  @Override
  public void prev() {
    if (forward) {
      // Every other child is at or after the current key: move each to just before it.
      for (InternalIterator child : children) {
        if (child != current) {
          child.seek(current.keyBytes(), current.keyOffset(), current.keyLength());
          if (child.isValid()) {
            child.prev();
          } else {
            child.seekToLast();
          }
        }
      }
      forward = false;
    }
    current.prev();
    findLargest();
  }

  @Override public byte[] keyBytes() { return current.keyBytes(); }
  @Override public int keyOffset() { return current.keyOffset(); }
  @Override public int keyLength() { return current.keyLength(); }
  @Override public byte[] valueBytes() { return current.valueBytes(); }
  @Override public int valueOffset() { return current.valueOffset(); }
  @Override public int valueLength() { return current.valueLength(); }
  @Override public byte[] copyValue() { return current.copyValue(); }
  @Override public ValueReference valueReference() { return current.valueReference(); }

  @Override
  public void close() {
    RuntimeException failure = null;
    for (InternalIterator child : children) {
      try {
        child.close();
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private int compareToCurrent(InternalIterator child) {
    return comparator.compare(child.keyBytes(), child.keyOffset(), child.keyLength(),
        current.keyBytes(), current.keyOffset(), current.keyLength());
  }

  private void findSmallest() {
    InternalIterator smallest = null;
    for (InternalIterator child : children) {
      if (child.isValid() && (smallest == null || compare(child, smallest) < 0)) {
        smallest = child;
      }
    }
    current = smallest;
  }

  private void findLargest() {
    InternalIterator largest = null;
    for (int i = children.length - 1; i >= 0; i--) {
      InternalIterator child = children[i];
      if (child.isValid() && (largest == null || compare(child, largest) > 0)) {
        largest = child;
      }
    }
    current = largest;
  }

  private int compare(InternalIterator left, InternalIterator right) {
    return comparator.compare(left.keyBytes(), left.keyOffset(), left.keyLength(),
        right.keyBytes(), right.keyOffset(), right.keyLength());
  }
}
