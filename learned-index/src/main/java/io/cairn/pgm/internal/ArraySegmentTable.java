package io.cairn.pgm.internal;

import java.util.List;

/**
 * A {@link SegmentTable} in three flat Java arrays (first keys, slopes, intercepts), all levels
 * concatenated bottom first: the fastest layout for lookups, with no allocation per lookup.
 *
 * <p>Thread-safety: immutable; safe for concurrent readers.
 */
public final class ArraySegmentTable extends SegmentTable {
  private final long[] keys;
  private final double[] slopes;
  private final int[] intercepts;

  private ArraySegmentTable(
      int keyCount, int epsilon, int epsilonRecursive, int[] levelStarts,
      long[] keys, double[] slopes, int[] intercepts) {
    super(keyCount, epsilon, epsilonRecursive, levelStarts);
    this.keys = keys;
    this.slopes = slopes;
    this.intercepts = intercepts;
  }

  /**
   * Concatenates fitted levels, bottom level first; the last one must hold exactly one segment.
   */
  public static ArraySegmentTable of(
      int keyCount, int epsilon, int epsilonRecursive, List<SegmentColumns> levels) {
    assert !levels.isEmpty() && levels.getLast().size() == 1 : "the top level must be one segment";
    int[] levelStarts = new int[levels.size() + 1];
    for (int level = 0; level < levels.size(); level++) {
      levelStarts[level + 1] = levelStarts[level] + levels.get(level).size();
    }
    int total = levelStarts[levels.size()];
    long[] keys = new long[total];
    double[] slopes = new double[total];
    int[] intercepts = new int[total];
    int index = 0;
    for (SegmentColumns level : levels) {
      for (int i = 0; i < level.size(); i++, index++) {
        keys[index] = level.key(i);
        slopes[index] = level.slope(i);
        intercepts[index] = level.intercept(i);
      }
    }
    return new ArraySegmentTable(
        keyCount, epsilon, epsilonRecursive, levelStarts, keys, slopes, intercepts);
  }

  @Override
  public long key(int segment) {
    return keys[segment];
  }

  @Override
  public double slope(int segment) {
    return slopes[segment];
  }

  @Override
  public int intercept(int segment) {
    return intercepts[segment];
  }
}
