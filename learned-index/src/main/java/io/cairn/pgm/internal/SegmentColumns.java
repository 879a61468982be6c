package io.cairn.pgm.internal;

import java.util.Arrays;

/**
 * A growable table of segments in three primitive columns (first key, slope, intercept), the
 * layout the search reads: the first keys of neighbouring segments sit next to each other, so the
 * short linear scans of the upper levels stay within a cache line or two.
 *
 * <p>Thread-safety: not thread-safe; filled by one builder thread, then only read.
 */
public final class SegmentColumns {
  private long[] keys;
  private double[] slopes;
  private int[] intercepts;
  private int size;

  /** An empty table with room for {@code capacity} segments before it grows. */
  public SegmentColumns(int capacity) {
    int initial = Math.max(1, capacity);
    keys = new long[initial];
    slopes = new double[initial];
    intercepts = new int[initial];
  }

  /**
   * Appends a segment.
   *
   * @param key the smallest key the segment answers for (unsigned), greater than the previous one
   * @param slope positions per key unit
   * @param intercept the predicted position at {@code key}
   */
  public void add(long key, double slope, int intercept) {
    assert size == 0 || Long.compareUnsigned(keys[size - 1], key) < 0 : "segment keys must increase";
    if (size == keys.length) {
      int grown = size + Math.max(size, 16);
      keys = Arrays.copyOf(keys, grown);
      slopes = Arrays.copyOf(slopes, grown);
      intercepts = Arrays.copyOf(intercepts, grown);
    }
    keys[size] = key;
    slopes[size] = slope;
    intercepts[size] = intercept;
    size++;
  }

  /** Number of segments. */
  public int size() {
    return size;
  }

  /** First key of segment {@code index}. */
  public long key(int index) {
    return keys[index];
  }

  /** Slope of segment {@code index}. */
  public double slope(int index) {
    return slopes[index];
  }

  /** Intercept of segment {@code index}. */
  public int intercept(int index) {
    return intercepts[index];
  }
}
