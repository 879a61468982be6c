package io.cairn.pgm.internal;

import static io.cairn.pgm.internal.WideArithmetic.unsignedToDouble;

/**
 * The levels of a built model and the descent through them. Storage is left to subclasses (Java
 * arrays, or a {@link java.lang.foreign.MemorySegment} read in place); the descent is written
 * once, here.
 *
 * <p>Segments of all levels are numbered in one sequence, bottom level first; level {@code l}
 * holds segments {@code [levelStart(l), levelStart(l + 1))} and the top level holds exactly one,
 * the root. Every level answers for every unsigned 64-bit key: its first segment starts at key 0.
 *
 * <p>The guarantee each segment keeps (see {@link LevelFitter}): for any key {@code k} in the
 * segment's range, the true answer {@code t} (a position at the bottom level, a segment number of
 * the level below in the upper ones) satisfies {@code |line(k) - t| <= ε} in exact arithmetic. The
 * stored line differs from the exact one by at most half a position (the intercept is rounded to an
 * int) plus double rounding far below 2^-10, so with {@code p = floor(line(k))}, {@code t} lies in
 * {@code [p - ε, p + ε + 1]}, and clamping {@code p} to the valid answers keeps that true.
 *
 * <p>Thread-safety: immutable once built; safe for concurrent readers (a memory-backed table as far
 * as its memory segment is).
 */
public abstract class SegmentTable {
  private final int keyCount;
  private final int epsilon;
  private final int epsilonRecursive;
  private final int[] levelStarts;

  /**
   * @param levelStarts {@code levelCount + 1} entries: the first segment of each level, bottom
   *     first, then the total segment count
   */
  protected SegmentTable(int keyCount, int epsilon, int epsilonRecursive, int[] levelStarts) {
    this.keyCount = keyCount;
    this.epsilon = epsilon;
    this.epsilonRecursive = epsilonRecursive;
    this.levelStarts = levelStarts.clone();
  }

  /** First key of segment {@code segment}: the smallest key it answers for (unsigned). */
  public abstract long key(int segment);

  /** Slope of segment {@code segment}, in answers per key unit. */
  public abstract double slope(int segment);

  /** Predicted answer of segment {@code segment} at its first key. */
  public abstract int intercept(int segment);

  /** Number of keys the bottom level indexes. */
  public final int keyCount() {
    return keyCount;
  }

  /** ε of the bottom level. */
  public final int epsilon() {
    return epsilon;
  }

  /** ε of the upper levels. */
  public final int epsilonRecursive() {
    return epsilonRecursive;
  }

  /** Number of levels, at least 1. */
  public final int levelCount() {
    return levelStarts.length - 1;
  }

  /** First segment of level {@code level}; {@code levelStart(levelCount())} is the segment count. */
  public final int levelStart(int level) {
    return levelStarts[level];
  }

  /** Number of segments in all levels. */
  public final int segmentCount() {
    return levelStarts[levelStarts.length - 1];
  }

  /**
   * The bottom level's predicted position for {@code key}, clamped to {@code [0, keyCount]}: the
   * lower bound of {@code key} lies in {@code [p - ε, p + ε + 1]}. Never throws, whatever the
   * stored numbers are; a damaged table can only give a wrong prediction.
   */
  public final int predict(long key) {
    int top = levelStarts.length - 2;
    int segment = levelStarts[top];
    int epsilonUp = epsilonRecursive;
    for (int level = top; level > 0; level--) {
      int below = levelStarts[level - 1];
      int last = levelStarts[level] - below - 1;
      int p = evaluate(segment, key, last);
      int from = below + Math.max(0, p - epsilonUp);
      int to = below + Math.min(last, p + epsilonUp + 1);
      // The segment that holds key is the last one in [from, to] starting at or below it. First
      // keys increase, so it is from plus the number of later ones at or below key: counted
      // without a data-dependent branch, as the exit of a search loop would mispredict.
      long flippedKey = key ^ Long.MIN_VALUE;
      int chosen = from;
      for (int candidate = from + 1; candidate <= to; candidate++) {
        chosen += (key(candidate) ^ Long.MIN_VALUE) <= flippedKey ? 1 : 0;
      }
      segment = chosen;
    }
    return evaluate(segment, key, keyCount);
  }

  /** floor(line(key)) of {@code segment}, clamped to {@code [0, max]}. */
  private int evaluate(int segment, long key, int max) {
    long run = key - key(segment);
    double offset = run >= 0 ? (double) run : unsignedToDouble(run);
    // The cast truncates towards zero and saturates (NaN gives 0): after the clamp that is floor.
    long p = (long) (intercept(segment) + slope(segment) * offset);
    return (int) (p < 0 ? 0 : p > max ? max : p);
  }
}
