package io.cairn.pgm;

import io.cairn.common.CorruptionException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.common.NotSupportedException;
import io.cairn.pgm.internal.ModelReader;
import io.cairn.pgm.internal.ModelWriter;
import io.cairn.pgm.internal.SegmentTable;
import io.cairn.pgm.internal.WindowScan;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * A PGM-index (Ferragina &amp; Vinciguerra, PVLDB 13(8), 2020) over unsigned 64-bit keys in
 * non-decreasing order: a few linear segments that predict where a key sits in the sorted keys, to
 * within ε positions.
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li>Keys are unsigned: {@code 0xFFFF_FFFF_FFFF_FFFF} is the largest. Duplicates are allowed.
 *   <li>For <em>any</em> 64-bit key {@code k}, present or not, let {@code t} be its lower bound:
 *       the position of its first occurrence, or where it would be inserted (the number of keys
 *       smaller than {@code k}; {@code keyCount} when every key is smaller). {@link #search}
 *       returns a range {@code [lo, hi]} that contains {@code t}, with {@code hi - lo <= 2ε + 1}.
 *   <li>{@link #rank} returns {@code t} exactly, finishing the search over the caller's keys. It
 *       checks that its answer is bracketed by the neighbouring keys, and falls back to a full
 *       binary search (counted by {@link #windowMisses}) if the model ever disagrees with the
 *       keys, so a model built over other keys gives a slow answer, never a wrong one.
 * </ul>
 *
 * <p>Structure: the bottom level is the optimal piecewise linear approximation of the lower-bound
 * function with error ε (fewest segments; convex-hull method, one pass); each level above
 * approximates "which segment of the level below holds k" with error {@code epsilonRecursive},
 * until a level has one segment. A lookup descends from that root, scanning at most {@code
 * 2·epsilonRecursive + 2} first keys per level; nothing is allocated except by {@link #search}'s
 * result.
 *
 * <p>Sources: {@link #build(long[])} or a streaming {@link #builder()} keep the segments in Java
 * arrays; {@link #read(MemorySegment)} answers from serialised bytes in place ({@link PgmFormat}),
 * for a model that lives inside a table on persistent memory.
 *
 * <p>Thread-safety: immutable and safe for concurrent lookups; a model read from a memory segment
 * is as safe as that segment (shared, global and automatic arenas: any thread), and valid only
 * while the segment is alive (its owner keeps it so).
 */
public final class PgmIndex {
  /** The bottom level's ε unless told otherwise (the PGM paper's default). */
  public static final int DEFAULT_EPSILON = 64;
  /** The upper levels' ε unless told otherwise. */
  public static final int DEFAULT_EPSILON_RECURSIVE = 4;
  /** The largest ε accepted, for either kind of level. */
  public static final int MAX_EPSILON = 1 << 20;
  /** The most keys one model indexes (positions stay far inside {@code int}). */
  public static final int MAX_KEYS = 1 << 30;

  private final SegmentTable table;
  private final int keyCount;
  private final int epsilon;
  private final LongAdder windowMisses = new LongAdder();

  PgmIndex(SegmentTable table) {
    this.table = table;
    this.keyCount = table.keyCount();
    this.epsilon = table.epsilon();
  }

  /** Builds a model with the default ε (64, upper levels 4); see {@link #build(long[], int, int)}. */
  public static PgmIndex build(long[] keys) {
    return build(keys, DEFAULT_EPSILON, DEFAULT_EPSILON_RECURSIVE);
  }

  /**
   * Builds a model over {@code keys} (not kept; the caller keeps them to {@link #rank} over).
   *
   * @param keys unsigned 64-bit keys in non-decreasing unsigned order, duplicates allowed
   * @param epsilon the bottom level's error bound, in {@code [1, MAX_EPSILON]}
   * @param epsilonRecursive the upper levels' error bound, in {@code [1, MAX_EPSILON]}
   * @throws InvalidArgumentException for unsorted keys (naming the first bad position), a bad ε,
   *     or more than {@link #MAX_KEYS} keys
   */
  public static PgmIndex build(long[] keys, int epsilon, int epsilonRecursive) {
    return builder(epsilon, epsilonRecursive).addAll(keys).build();
  }

  /** A streaming builder with the default ε (64, upper levels 4). */
  public static PgmBuilder builder() {
    return builder(DEFAULT_EPSILON, DEFAULT_EPSILON_RECURSIVE);
  }

  /**
   * A streaming builder: keys are added one at a time, in order.
   *
   * @throws InvalidArgumentException when an ε is outside {@code [1, MAX_EPSILON]}
   */
  public static PgmBuilder builder(int epsilon, int epsilonRecursive) {
    return new PgmBuilder(epsilon, epsilonRecursive);
  }

  /**
   * A model that answers from the serialised bytes at offset 0 of {@code bytes}, read in place:
   * only the level table is copied. Every rule of {@link PgmFormat} (checksum included) is checked
   * first, in time proportional to the model's size. {@code bytes} may extend past the model.
   *
   * @param bytes the model's bytes (native, mapped or heap memory), owned by the caller, who keeps
   *     it alive and unchanged while the model is used
   * @throws CorruptionException when the bytes are truncated or fail any check
   */
  public static PgmIndex read(MemorySegment bytes) {
    return new PgmIndex(ModelReader.read(bytes));
  }

  /** {@link #read(MemorySegment)} over a byte array (not copied; do not change it afterwards). */
  public static PgmIndex read(byte[] bytes) {
    return read(MemorySegment.ofArray(bytes));
  }

  /**
   * The range that holds the lower bound of {@code key} (see the class contract): {@code lo <= t
   * <= hi}, {@code hi - lo <= 2ε + 1}, {@code 0 <= lo}, {@code hi <= keyCount}.
   */
  public PgmRange search(long key) {
    int p = table.predict(key);
    return new PgmRange(Math.max(0, p - epsilon), Math.min(keyCount, p + epsilon + 1));
  }

  /**
   * The exact lower bound of {@code key} in {@code keys}: the first position whose key is {@code
   * >=} {@code key} (unsigned), or {@code keys.length}: the model predicts a position, then the
   * keys are scanned linearly from there towards the answer, inside the range. Allocates nothing.
   *
   * @param keys the keys the model was built over, in the same order
   * @throws InvalidArgumentException when {@code keys.length != keyCount()}
   */
  public int rank(long key, long[] keys) {
    if (keys.length != keyCount) {
      throw new InvalidArgumentException(
          "the model indexes " + keyCount + " keys, the array has " + keys.length);
    }
    int p = table.predict(key);
    int lo = Math.max(0, p - epsilon);
    int hi = Math.min(keyCount, p + epsilon + 1);
    int rank = WindowScan.lowerBound(keys, lo, hi, p, key);
    // Only an answer on the window's edge can be wrong; check it against the key just outside.
    if ((rank == lo && lo > 0 && Long.compareUnsigned(keys[lo - 1], key) >= 0)
        || (rank == hi && hi < keyCount && Long.compareUnsigned(keys[hi], key) < 0)) {
      windowMisses.increment();
      return KeySearch.lowerBound(keys, 0, keyCount, key);
    }
    return rank;
  }

  /**
   * {@link #rank(long, long[])} over keys read through {@code keys}, positions {@code [0,
   * keyCount)}. Tells the source the window first ({@link KeySource#window}), then reads the keys
   * from the predicted position to the answer (usually a few dozen consecutive ones at ε = 64) and
   * at most one key just outside the window.
   */
  public int rank(long key, KeySource keys) {
    int p = table.predict(key);
    int lo = Math.max(0, p - epsilon);
    int hi = Math.min(keyCount, p + epsilon + 1);
    keys.window(lo, hi);
    int rank = WindowScan.lowerBound(keys, lo, hi, p, key);
    if ((rank == lo && lo > 0 && Long.compareUnsigned(keys.keyAt(lo - 1), key) >= 0)
        || (rank == hi && hi < keyCount && Long.compareUnsigned(keys.keyAt(hi), key) < 0)) {
      windowMisses.increment();
      return KeySearch.lowerBound(keys, 0, keyCount, key);
    }
    return rank;
  }

  /**
   * How many {@link #rank} calls found the model's range did not hold the answer and searched all
   * keys instead. Always 0 for a model used with the keys it was built over.
   */
  public long windowMisses() {
    return windowMisses.sum();
  }

  /** Number of keys the model indexes. */
  public int keyCount() {
    return keyCount;
  }

  /** The bottom level's ε. */
  public int epsilon() {
    return epsilon;
  }

  /** The upper levels' ε. */
  public int epsilonRecursive() {
    return table.epsilonRecursive();
  }

  /** Number of levels, at least 1; the top level has one segment. */
  public int levelCount() {
    return table.levelCount();
  }

  /** Number of segments in all levels. */
  public int segmentCount() {
    return table.segmentCount();
  }

  /**
   * Number of segments of {@code level} (0 is the bottom).
   *
   * @throws IndexOutOfBoundsException when {@code level} is not in {@code [0, levelCount)}
   */
  public int segmentCount(int level) {
    Objects.checkIndex(level, levelCount());
    return table.levelStart(level + 1) - table.levelStart(level);
  }

  /** Size of the model in bytes: what {@link #writeTo} writes and {@link #toBytes} returns. */
  public long sizeBytes() {
    return ModelWriter.sizeOf(table);
  }

  /**
   * Serialises the model ({@link PgmFormat}) at offset 0 of {@code target}. The bytes are
   * canonical: equal models give equal bytes. The caller persists them (flush) if needed.
   *
   * @return the number of bytes written, {@link #sizeBytes()}
   * @throws InvalidArgumentException when {@code target} is read-only or smaller than {@link
   *     #sizeBytes()}
   */
  public long writeTo(MemorySegment target) {
    return ModelWriter.write(table, target);
  }

  /**
   * The serialised model in a new array.
   *
   * @throws NotSupportedException when the model is larger than a Java array can be
   */
  public byte[] toBytes() {
    long size = sizeBytes();
    if (size > Integer.MAX_VALUE - 8) {
      throw new NotSupportedException("a model of " + size + " bytes does not fit in a byte[]; use writeTo");
    }
    byte[] bytes = new byte[(int) size];
    writeTo(MemorySegment.ofArray(bytes));
    return bytes;
  }

  @Override
  public String toString() {
    return "PgmIndex[keys=" + keyCount + ", epsilon=" + epsilon + "/" + epsilonRecursive()
        + ", levels=" + levelCount() + ", segments=" + segmentCount() + ", bytes=" + sizeBytes() + "]";
  }
}
