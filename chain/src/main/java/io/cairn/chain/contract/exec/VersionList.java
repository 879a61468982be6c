package io.cairn.chain.contract.exec;

import java.util.Arrays;

/**
 * The versions of one key in Block-STM's multi-version memory: for each call whose latest
 * incarnation wrote the key, that incarnation and its value, or an ESTIMATE mark. Kept as parallel
 * arrays sorted by call index (most keys have one or two writers in a block), so a read is a
 * binary search and a write changes an entry in place: no map node, boxed index or record per
 * write.
 *
 * <p>Thread-safety: every method holds this object's lock (one key's lock; keys never share one).
 */
final class VersionList {
  /** What {@link #read} found: nothing below the reader. */
  static final long NONE = -1;

  private int[] calls = new int[2];
  private int[] incarnations = new int[2];
  private byte[][] values = new byte[2][];
  private boolean[] estimates = new boolean[2];
  private int size;

  /**
   * The version of the entry of the highest call below {@code reader}: {@code call << 32 |
   * incarnation}, {@link #NONE} when there is none; the value goes into {@code value[0]}; an
   * ESTIMATE is returned as {@code -2 - call}.
   */
  synchronized long read(int reader, byte[][] value) {
    int at = below(reader);
    if (at < 0) {
      return NONE;
    }
    if (estimates[at]) {
      return -2L - calls[at];
    }
    value[0] = values[at];
    return version(calls[at], incarnations[at]);
  }

  /** Whether a read by {@code reader} now sees {@code version} (NONE: nothing), and no ESTIMATE. */
  synchronized boolean sees(int reader, long version) {
    int at = below(reader);
    if (at < 0) {
      return version == NONE;
    }
    return !estimates[at] && version(calls[at], incarnations[at]) == version;
  }

  /** Records {@code call}'s incarnation {@code incarnation} wrote {@code value}. */
  synchronized void write(int call, int incarnation, byte[] value) {
    int at = Arrays.binarySearch(calls, 0, size, call);
    if (at < 0) {
      at = -at - 1;
      if (size == calls.length) {
        int grown = 2 * size;
        calls = Arrays.copyOf(calls, grown);
        incarnations = Arrays.copyOf(incarnations, grown);
        values = Arrays.copyOf(values, grown);
        estimates = Arrays.copyOf(estimates, grown);
      }
      System.arraycopy(calls, at, calls, at + 1, size - at);
      System.arraycopy(incarnations, at, incarnations, at + 1, size - at);
      System.arraycopy(values, at, values, at + 1, size - at);
      System.arraycopy(estimates, at, estimates, at + 1, size - at);
      size++;
      calls[at] = call;
    }
    incarnations[at] = incarnation;
    values[at] = value;
    estimates[at] = false;
  }

  /** Removes {@code call}'s entry (its latest incarnation no longer writes the key). */
  synchronized void remove(int call) {
    int at = Arrays.binarySearch(calls, 0, size, call);
    assert at >= 0 : "no entry of call " + call;
    int tail = size - at - 1;
    System.arraycopy(calls, at + 1, calls, at, tail);
    System.arraycopy(incarnations, at + 1, incarnations, at, tail);
    System.arraycopy(values, at + 1, values, at, tail);
    System.arraycopy(estimates, at + 1, estimates, at, tail);
    size--;
    values[size] = null;
  }

  /** Marks {@code call}'s entry an ESTIMATE. */
  synchronized void markEstimate(int call) {
    int at = Arrays.binarySearch(calls, 0, size, call);
    assert at >= 0 : "no entry of call " + call;
    estimates[at] = true;
  }

  /** The index of the highest call below {@code reader}, or -1. */
  private int below(int reader) {
    int at = Arrays.binarySearch(calls, 0, size, reader);
    return (at >= 0 ? at : -at - 1) - 1;
  }

  static long version(int call, int incarnation) {
    return ((long) call << 32) | incarnation;
  }
}
