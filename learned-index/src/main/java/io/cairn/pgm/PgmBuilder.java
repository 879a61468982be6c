package io.cairn.pgm;

import io.cairn.common.InvalidArgumentException;
import io.cairn.pgm.internal.ArraySegmentTable;
import io.cairn.pgm.internal.LevelFitter;
import io.cairn.pgm.internal.SegmentColumns;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains a {@link PgmIndex} one key at a time, so a table writer can build the model while it
 * writes its entries, without keeping the keys: the bottom level is fitted as keys arrive (O(1)
 * amortised per key, memory proportional to the segments plus the current segment's convex hull),
 * the upper levels over the bottom level's segments when {@link #build} is called.
 *
 * <pre>{@code
 * PgmBuilder builder = PgmIndex.builder(8, 4);
 * for (Entry entry : sortedEntries) {
 *   builder.add(UnsignedBytes.prefix64(entry.key()));
 *   write(entry);
 * }
 * PgmIndex model = builder.build();
 * }</pre>
 *
 * <p>Keys are unsigned 64-bit values in non-decreasing unsigned order; duplicates are allowed.
 *
 * <p>Thread-safety: not thread-safe; one thread adds and builds. A builder builds once.
 */
public final class PgmBuilder {
  private final int epsilon;
  private final int epsilonRecursive;
  private final LevelFitter bottom;
  private int keyCount;
  private long previousKey;
  private boolean built;

  PgmBuilder(int epsilon, int epsilonRecursive) {
    checkEpsilon("epsilon", epsilon);
    checkEpsilon("epsilonRecursive", epsilonRecursive);
    this.epsilon = epsilon;
    this.epsilonRecursive = epsilonRecursive;
    this.bottom = new LevelFitter(epsilon, 16);
  }

  private static void checkEpsilon(String name, int value) {
    if (value < 1 || value > PgmIndex.MAX_EPSILON) {
      throw new InvalidArgumentException(
          name + " must be in [1, " + PgmIndex.MAX_EPSILON + "], was " + value);
    }
  }

  /**
   * Adds the key at the next position.
   *
   * @param key an unsigned 64-bit key, not smaller (unsigned) than the previous one
   * @return this builder
   * @throws InvalidArgumentException when {@code key} is smaller than the previous key (the message
   *     names the position), or when the builder already holds {@link PgmIndex#MAX_KEYS} keys
   * @throws IllegalStateException after {@link #build}
   */
  public PgmBuilder add(long key) {
    if (built) {
      throw new IllegalStateException("this PgmBuilder has already built its model");
    }
    if (keyCount == PgmIndex.MAX_KEYS) {
      throw new InvalidArgumentException("a PGM model indexes at most " + PgmIndex.MAX_KEYS + " keys");
    }
    if (keyCount == 0) {
      bottom.addStep(0, key, 0);
    } else {
      int order = Long.compareUnsigned(key, previousKey);
      if (order < 0) {
        throw new InvalidArgumentException(String.format(
            "keys must be in non-decreasing unsigned order: key 0x%016x at position %d is below the"
                + " previous key 0x%016x", key, keyCount, previousKey));
      }
      if (order > 0) {
        // Every key in (previous, key] has its lower bound here, at key's first occurrence.
        bottom.addStep(previousKey + 1, key, keyCount);
      }
    }
    previousKey = key;
    keyCount++;
    return this;
  }

  /**
   * Adds every key of {@code keys}, in order, as if by {@link #add}.
   *
   * @return this builder
   */
  public PgmBuilder addAll(long[] keys) {
    for (long key : keys) {
      add(key);
    }
    return this;
  }

  /** Number of keys added so far. */
  public int keyCount() {
    return keyCount;
  }

  /**
   * Fits the last segment and the upper levels and returns the model. The builder cannot be used
   * afterwards.
   *
   * @throws IllegalStateException when called twice
   */
  public PgmIndex build() {
    if (built) {
      throw new IllegalStateException("this PgmBuilder has already built its model");
    }
    built = true;
    // Keys above the last one (all keys, when there is none) have their lower bound at the end.
    if (keyCount == 0) {
      bottom.addStep(0, -1L, 0);
    } else if (previousKey != -1L) {
      bottom.addStep(previousKey + 1, -1L, keyCount);
    }
    List<SegmentColumns> levels = new ArrayList<>();
    SegmentColumns level = bottom.finish();
    levels.add(level);
    while (level.size() > 1) {
      level = fitLevelAbove(level);
      levels.add(level);
    }
    assert levels.size() <= PgmFormat.MAX_LEVELS;
    return new PgmIndex(ArraySegmentTable.of(keyCount, epsilon, epsilonRecursive, levels));
  }

  /**
   * Fits the level above {@code level}: "which segment of {@code level} holds key k", one step per
   * segment, from its first key to the next segment's first key minus one.
   */
  private SegmentColumns fitLevelAbove(SegmentColumns level) {
    int size = level.size();
    LevelFitter fitter = new LevelFitter(epsilonRecursive, size / (2 * epsilonRecursive + 1) + 1);
    for (int segment = 0; segment < size; segment++) {
      long end = segment + 1 < size ? level.key(segment + 1) - 1 : -1L;
      fitter.addStep(level.key(segment), end, segment);
    }
    return fitter.finish();
  }
}
