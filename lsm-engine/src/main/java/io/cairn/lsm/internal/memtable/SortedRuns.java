package io.cairn.lsm.internal.memtable;

import io.cairn.lsm.internal.iterator.InternalIterator;
import io.cairn.lsm.internal.iterator.MergingIterator;
import io.cairn.lsm.internal.key.InternalKeyComparator;
import io.cairn.lsm.internal.key.InternalKeyFormat;
import io.cairn.lsm.internal.key.KeyOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A memtable's entries as a small in-memory LSM of sorted arrays ({@code MemTableRep.SORTED_RUNS},
 * session 16), the alternative to the {@link SkipList} for a database whose writes come as large
 * batches of random keys (the ledger's record-hash index rows: a skiplist insert of one is a walk
 * of about 14 dependent cache misses in a 64 MiB memtable).
 *
 * <p>A write batch's entries are appended to a pending buffer ({@link #insert}, invisible to
 * readers) and {@link #publish} sorts them into a new run, the newest; while the run before it
 * holds at most {@value #MERGE_RATIO} times as many entries, the two are merged into one (a
 * sequential merge of two arrays, deciding nearly every step from the 8-byte key prefixes kept
 * beside the entries). Only the newest two runs are ever merged, so every run holds a contiguous
 * range of batches, a newer run only larger sequence numbers than an older one, and the run sizes
 * fall by more than {@value #MERGE_RATIO}x from the oldest: a memtable of n entries written in
 * batches of b has at most about log2(n / b) + 1 runs, and each entry is copied about as many
 * times (sequentially, no cache-missing walk).
 *
 * <p>Reads: a lookup searches the runs newest first by binary search and stops at the first run
 * holding a visible version of the key (no older run can hold a newer one); an iterator merges
 * the runs it saw at its creation ({@link MergingIterator}).
 *
 * <p>Thread-safety: LevelDB's memtable contract, as the skiplist's. One writer at a time calls
 * {@link #insert} and {@link #publish}; any number of readers at once, without locks. A run's
 * arrays are filled completely before the volatile store of the array of runs that holds it, and
 * never change after; readers read that array once per operation, so a reader sees every entry
 * of a published batch or none. The pending buffer is writer-only state.
 */
final class SortedRuns {
  /** A run stays unmerged only when the run before it holds more than this many times its entries. */
  static final int MERGE_RATIO = 2;
  private static final Run[] NONE = new Run[0];

  /** One immutable sorted run: parallel arrays of its entries in internal-key order. */
  static final class Run {
    /** {@link KeyOrder#prefix} of each entry's user key (0 where prefixes do not order keys). */
    final long[] prefixes;
    final byte[][] chunks;
    final int[] offsets;
    final int[] keyLengths;
    final int[] valueLengths;
    final int size;

    Run(int size) {
      this.size = size;
      this.prefixes = new long[size];
      this.chunks = new byte[size][];
      this.offsets = new int[size];
      this.keyLengths = new int[size];
      this.valueLengths = new int[size];
    }

    void copy(int to, long[] fromPrefixes, byte[][] fromChunks, int[] fromOffsets, int[] fromKeyLengths,
        int[] fromValueLengths, int from) {
      prefixes[to] = fromPrefixes[from];
      chunks[to] = fromChunks[from];
      offsets[to] = fromOffsets[from];
      keyLengths[to] = fromKeyLengths[from];
      valueLengths[to] = fromValueLengths[from];
    }

    void copy(int to, Run from, int index) {
      copy(to, from.prefixes, from.chunks, from.offsets, from.keyLengths, from.valueLengths, index);
    }

    /** Heap bytes of the arrays (references counted as 4 bytes, compressed). */
    long bytes() {
      return 5L * 16 + (long) size * (8 + 4 + 4 + 4 + 4);
    }
  }

  private final InternalKeyComparator comparator;
  private final boolean prefixOrdered;
  /** The published runs, oldest first; replaced whole, never changed in place. */
  private volatile Run[] runs = NONE;

  // The pending batch: writer only.
  private long[] pendingPrefixes = new long[16];
  private byte[][] pendingChunks = new byte[16][];
  private int[] pendingOffsets = new int[16];
  private int[] pendingKeyLengths = new int[16];
  private int[] pendingValueLengths = new int[16];
  private int pending;
  /** Index scratch of the pending sort: writer only. */
  private int[] order = new int[16];
  private int[] orderScratch = new int[16];

  SortedRuns(InternalKeyComparator comparator) {
    this.comparator = comparator;
    this.prefixOrdered = comparator.userOrder().prefixOrdered();
  }

  /**
   * Appends the entry at {@code chunk[offset]} (internal key, then value; its bytes must not
   * change after) to the pending batch, which readers see only after {@link #publish}. Writer only;
   * every internal key distinct.
   */
  void insert(byte[] chunk, int offset, int keyLength, int valueLength) {
    if (pending == pendingPrefixes.length) {
      int capacity = pending * 2;
      pendingPrefixes = java.util.Arrays.copyOf(pendingPrefixes, capacity);
      pendingChunks = java.util.Arrays.copyOf(pendingChunks, capacity);
      pendingOffsets = java.util.Arrays.copyOf(pendingOffsets, capacity);
      pendingKeyLengths = java.util.Arrays.copyOf(pendingKeyLengths, capacity);
      pendingValueLengths = java.util.Arrays.copyOf(pendingValueLengths, capacity);
    }
    pendingPrefixes[pending] = prefixOf(chunk, offset, keyLength);
    pendingChunks[pending] = chunk;
    pendingOffsets[pending] = offset;
    pendingKeyLengths[pending] = keyLength;
    pendingValueLengths[pending] = valueLength;
    pending++;
  }

  /** Entries inserted but not yet published. Writer only. */
  int pending() {
    return pending;
  }

  /**
   * Makes the pending batch visible to readers: sorts it into a run, merges the newest runs as the
   * merge rule says, and publishes the new array of runs with one volatile store. Writer only; a
   * no-op when nothing is pending.
   */
  void publish() {
    if (pending == 0) {
      return;
    }
    Run batch = sortPending();
    for (int i = 0; i < pending; i++) {
      pendingChunks[i] = null; // the batch's arrays are referenced from the run now
    }
    pending = 0;
    Run[] current = runs;
    List<Run> next = new ArrayList<>(current.length + 1);
    for (Run run : current) {
      next.add(run);
    }
    next.add(batch);
    while (next.size() >= 2 && next.get(next.size() - 2).size <= MERGE_RATIO * next.getLast().size) {
      Run newer = next.removeLast();
      Run older = next.removeLast();
      next.add(merge(older, newer));
    }
    runs = next.toArray(NONE);
  }

  private Run sortPending() {
    int n = pending;
    if (order.length < n) {
      order = new int[pendingPrefixes.length];
      orderScratch = new int[pendingPrefixes.length];
    }
    boolean ascending = true;
    for (int i = 0; i < n; i++) {
      order[i] = i;
      if (i > 0 && ascending && comparePending(i - 1, i) > 0) {
        ascending = false;
      }
    }
    if (!ascending) {
      mergeSort(0, n);
    }
    Run run = new Run(n);
    for (int i = 0; i < n; i++) {
      run.copy(i, pendingPrefixes, pendingChunks, pendingOffsets, pendingKeyLengths, pendingValueLengths, order[i]);
    }
    return run;
  }

  /** Sorts {@code order[from, to)} by the pending entries' keys (a stable top-down merge sort). */
  private void mergeSort(int from, int to) {
    if (to - from <= 16) {
      for (int i = from + 1; i < to; i++) {
        int value = order[i];
        int j = i - 1;
        while (j >= from && comparePending(order[j], value) > 0) {
          order[j + 1] = order[j];
          j--;
        }
        order[j + 1] = value;
      }
      return;
    }
    int middle = (from + to) >>> 1;
    mergeSort(from, middle);
    mergeSort(middle, to);
    if (comparePending(order[middle - 1], order[middle]) <= 0) {
      return;
    }
    System.arraycopy(order, from, orderScratch, from, to - from);
    int left = from;
    int right = middle;
    for (int i = from; i < to; i++) {
      if (right >= to || (left < middle && comparePending(orderScratch[left], orderScratch[right]) <= 0)) {
        order[i] = orderScratch[left++];
      } else {
        order[i] = orderScratch[right++];
      }
    }
  }

  private int comparePending(int a, int b) {
    if (prefixOrdered && pendingPrefixes[a] != pendingPrefixes[b]) {
      return Long.compareUnsigned(pendingPrefixes[a], pendingPrefixes[b]);
    }
    return comparator.compare(pendingChunks[a], pendingOffsets[a], pendingKeyLengths[a],
        pendingChunks[b], pendingOffsets[b], pendingKeyLengths[b]);
  }

  /** One run holding both runs' entries in order (their internal keys are distinct). */
  private Run merge(Run older, Run newer) {
    Run merged = new Run(older.size + newer.size);
    int a = 0;
    int b = 0;
    int i = 0;
    while (a < older.size && b < newer.size) {
      if (compare(older, a, newer, b) < 0) {
        merged.copy(i++, older, a++);
      } else {
        merged.copy(i++, newer, b++);
      }
    }
    while (a < older.size) {
      merged.copy(i++, older, a++);
    }
    while (b < newer.size) {
      merged.copy(i++, newer, b++);
    }
    return merged;
  }

  private int compare(Run x, int i, Run y, int j) {
    if (prefixOrdered && x.prefixes[i] != y.prefixes[j]) {
      return Long.compareUnsigned(x.prefixes[i], y.prefixes[j]);
    }
    return comparator.compare(x.chunks[i], x.offsets[i], x.keyLengths[i], y.chunks[j], y.offsets[j], y.keyLengths[j]);
  }

  /** Entry {@code i} of {@code run} against the internal key (whose user-key prefix is {@code keyPrefix}). */
  private int compare(Run run, int i, long keyPrefix, byte[] key, int offset, int length) {
    if (prefixOrdered && run.prefixes[i] != keyPrefix) {
      return Long.compareUnsigned(run.prefixes[i], keyPrefix);
    }
    return comparator.compare(run.chunks[i], run.offsets[i], run.keyLengths[i], key, offset, length);
  }

  /** The first index in {@code [from, run.size)} whose entry is at or after the key ({@code run.size} when none). */
  private int lowerBound(Run run, int from, long keyPrefix, byte[] key, int offset, int length) {
    return lowerBound(run, from, run.size, keyPrefix, key, offset, length);
  }

  /** The first index in {@code [low, high)} whose entry is at or after the key ({@code high} when none). */
  private int lowerBound(Run run, int low, int high, long keyPrefix, byte[] key, int offset, int length) {
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (compare(run, middle, keyPrefix, key, offset, length) < 0) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  /**
   * {@link #lowerBound} for a key at or after entry {@code from - 1}'s: gallops from {@code from}
   * (1, 2, 4, ... entries ahead), then searches the last step's range, so an ascending run of
   * lookups costs about log(distance) compares each.
   */
  private int lowerBoundFrom(Run run, int from, long keyPrefix, byte[] key, int offset, int length) {
    int step = 1;
    int low = from;
    int probe = from;
    while (probe < run.size && compare(run, probe, keyPrefix, key, offset, length) < 0) {
      low = probe + 1;
      probe = from + step;
      step <<= 1;
    }
    return lowerBound(run, low, Math.min(probe, run.size), keyPrefix, key, offset, length);
  }

  /** A found entry: a published run and an index in it. Owned by one reader. */
  static final class Position {
    Run run;
    int index;

    byte[] chunk() { return run.chunks[index]; }
    int offset() { return run.offsets[index]; }
    int keyLength() { return run.keyLengths[index]; }
    int valueLength() { return run.valueLengths[index]; }
  }

  /**
   * The newest entry whose user key is the internal key's and whose internal key is at or after it
   * (the newest version visible at the key's sequence): fills {@code found} and returns true, or
   * returns false when no published run holds one.
   */
  boolean seekUserKey(byte[] key, Position found) {
    Run[] current = runs;
    long keyPrefix = prefixOf(key, 0, key.length);
    for (int r = current.length - 1; r >= 0; r--) {
      Run run = current[r];
      int index = lowerBound(run, 0, keyPrefix, key, 0, key.length);
      if (sameUserKey(run, index, key)) {
        found.run = run;
        found.index = index;
        return true;
      }
    }
    return false;
  }

  /**
   * A reader's position for lookups in ascending order ({@link #seekUserKey(Finger, byte[],
   * Position)}): each run's lower bound of the last key sought. Owned by one reader.
   */
  static final class Finger {
    private Run[] runs;
    private int[] positions;
    private byte[] lastKey;
  }

  /** {@link #seekUserKey(byte[], Position)} searching each run from the finger when the key is above its last one. */
  boolean seekUserKey(Finger finger, byte[] key, Position found) {
    Run[] current = runs;
    boolean ascending = finger.runs == current && finger.lastKey != null
        && comparator.compare(finger.lastKey, 0, finger.lastKey.length, key, 0, key.length) < 0;
    if (finger.runs != current) {
      finger.runs = current;
      finger.positions = new int[current.length];
    }
    finger.lastKey = key;
    long keyPrefix = prefixOf(key, 0, key.length);
    int[] positions = finger.positions;
    for (int r = current.length - 1; r >= 0; r--) {
      Run run = current[r];
      int index = ascending ? lowerBoundFrom(run, positions[r], keyPrefix, key, 0, key.length)
          : lowerBound(run, 0, keyPrefix, key, 0, key.length);
      positions[r] = index;
      if (sameUserKey(run, index, key)) {
        found.run = run;
        found.index = index;
        // The older runs' positions stay below this key: still lower bounds for any later, larger key.
        return true;
      }
    }
    return false;
  }

  private boolean sameUserKey(Run run, int index, byte[] key) {
    return index < run.size && comparator.compareUserKeys(run.chunks[index], run.offsets[index],
        run.keyLengths[index], key, 0, key.length) == 0;
  }

  /** A cursor over the runs published now (entries published later are not seen). */
  InternalIterator newIterator() {
    Run[] current = runs;
    if (current.length == 1) {
      return new RunIterator(current[0]);
    }
    List<InternalIterator> children = new ArrayList<>(current.length);
    for (Run run : current) {
      children.add(new RunIterator(run));
    }
    return new MergingIterator(comparator, children);
  }

  /** Heap bytes of the published runs' arrays. */
  long runBytes() {
    long bytes = 0;
    for (Run run : runs) {
      bytes += run.bytes();
    }
    return bytes;
  }

  /** The published runs' sizes, oldest first (for tests and statistics). */
  int[] runSizes() {
    Run[] current = runs;
    int[] sizes = new int[current.length];
    for (int i = 0; i < current.length; i++) {
      sizes[i] = current[i].size;
    }
    return sizes;
  }

  /**
   * The first broken invariant, or null: every run strictly ascending with its prefixes matching
   * its keys, run sizes falling by more than the merge ratio, and every entry of a run newer than
   * every entry of the runs before it (sequence numbers). For tests, with the writer stopped.
   */
  String invariantViolation() {
    Run[] current = runs;
    long previousMaxSequence = -1;
    for (int r = 0; r < current.length; r++) {
      Run run = current[r];
      if (run.size == 0) {
        return "run " + r + " is empty";
      }
      if (r > 0 && current[r - 1].size <= MERGE_RATIO * run.size) {
        return "run " + r + " (" + run.size + " entries) should have been merged into run " + (r - 1);
      }
      long minSequence = Long.MAX_VALUE;
      long maxSequence = -1;
      for (int i = 0; i < run.size; i++) {
        if (prefixOrdered && run.prefixes[i] != prefixOf(run.chunks[i], run.offsets[i], run.keyLengths[i])) {
          return "run " + r + " entry " + i + ": stale prefix";
        }
        if (i > 0 && comparator.compare(run.chunks[i - 1], run.offsets[i - 1], run.keyLengths[i - 1],
            run.chunks[i], run.offsets[i], run.keyLengths[i]) >= 0) {
          return "run " + r + " entry " + i + ": not above its predecessor";
        }
        long sequence = InternalKeyFormat.sequence(InternalKeyFormat.tagOf(run.chunks[i], run.offsets[i], run.keyLengths[i]));
        minSequence = Math.min(minSequence, sequence);
        maxSequence = Math.max(maxSequence, sequence);
      }
      if (minSequence <= previousMaxSequence) {
        return "run " + r + " holds a sequence not above every older run's";
      }
      previousMaxSequence = maxSequence;
    }
    return null;
  }

  private long prefixOf(byte[] key, int offset, int length) {
    return prefixOrdered ? KeyOrder.prefix(key, offset, length - InternalKeyFormat.TAG_BYTES) : 0;
  }

  /** Cursor over one run: an index into its arrays. */
  private final class RunIterator implements InternalIterator {
    private final Run run;
    private int index;

    RunIterator(Run run) {
      this.run = run;
      this.index = run.size;
    }

    @Override public boolean isValid() { return index >= 0 && index < run.size; }
    @Override public void seekToFirst() { index = 0; }
    @Override public void seekToLast() { index = run.size - 1; }

    @Override
    public void seek(byte[] target, int offset, int length) {
      index = lowerBound(run, 0, prefixOf(target, offset, length), target, offset, length);
    }

    @Override public void next() { index++; }
    @Override public void prev() { index--; }
    @Override public byte[] keyBytes() { return run.chunks[index]; }
    @Override public int keyOffset() { return run.offsets[index]; }
    @Override public int keyLength() { return run.keyLengths[index]; }
    @Override public byte[] valueBytes() { return run.chunks[index]; }
    @Override public int valueOffset() { return run.offsets[index] + run.keyLengths[index]; }
    @Override public int valueLength() { return run.valueLengths[index]; }

    @Override
    public void close() {
      index = run.size;
    }
  }
}
