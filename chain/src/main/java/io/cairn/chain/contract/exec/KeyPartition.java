package io.cairn.chain.contract.exec;

import java.util.Arrays;

/**
 * One share of a {@link ComponentPlan}'s key work, so that the plan runs on all the executor's
 * threads: partition {@code p} of {@code P} takes the declared keys whose hash falls in it,
 * interns them in its own {@link KeyTable}, marks those some call of the run writes, and lists
 * the pairs of calls the plan must join: for each such key, (the first call that touched it,
 * every later call that touches it). Partitions hold disjoint keys, so together they list every
 * conflict exactly once per (key, later call).
 *
 * <p>Thread-safety: confined to the thread that runs {@link #scan}; its pairs are read after that
 * thread was joined.
 */
final class KeyPartition {
  private final KeyTable keys = new KeyTable();
  private int[] touchCall = new int[1024];
  private int[] touchId = new int[1024];
  private int touches;
  private boolean[] written = new boolean[512];
  private int[] firstCall = new int[512];
  private int[] pairs = new int[64];
  private int pairCount;

  /**
   * Scans the keys of {@code stretches[0..stretchCount-1]} (a run's stretches in block order) for
   * those of partition {@code p} of {@code partitions}.
   */
  void scan(DeclaredKeys[] stretches, int stretchCount, int p, int partitions) {
    keys.clear();
    touches = 0;
    pairCount = 0;
    for (int s = 0; s < stretchCount; s++) {
      DeclaredKeys stretch = stretches[s];
      for (int k = 0; k < stretch.size(); k++) {
        long hash = stretch.hash(k);
        if (partition(hash, partitions) == p) {
          touch(stretch.call(k), hash, stretch.written(k));
        }
      }
    }
    for (int t = 0; t < touches; t++) {
      int id = touchId[t];
      if (written[id]) {
        int first = firstCall[id];
        if (first < 0) {
          firstCall[id] = touchCall[t];
        } else if (first != touchCall[t]) {
          addPair(first, touchCall[t]);
        }
      }
    }
  }

  /** How many pairs to join. */
  int pairs() {
    return pairCount;
  }

  /** The earlier call of pair {@code i}. */
  int first(int i) {
    return pairs[2 * i];
  }

  /** The later call of pair {@code i}. */
  int second(int i) {
    return pairs[2 * i + 1];
  }

  private void touch(int call, long hash, boolean write) {
    int before = keys.size();
    int id = keys.intern(hash);
    if (id == before) { // new
      if (id == written.length) {
        written = Arrays.copyOf(written, 2 * id);
        firstCall = Arrays.copyOf(firstCall, 2 * id);
      }
      written[id] = false;
      firstCall[id] = -1;
    }
    written[id] |= write;
    if (touches == touchCall.length) {
      touchCall = Arrays.copyOf(touchCall, 2 * touches);
      touchId = Arrays.copyOf(touchId, 2 * touches);
    }
    touchCall[touches] = call;
    touchId[touches++] = id;
  }

  /** The partition of a key with {@link KeyTable#hash} {@code hash}: from its high bits (the table uses the low). */
  static int partition(long hash, int partitions) {
    return Integer.remainderUnsigned((int) (hash >>> 40), partitions);
  }

  private void addPair(int first, int second) {
    if (2 * pairCount + 2 > pairs.length) {
      pairs = Arrays.copyOf(pairs, 2 * pairs.length);
    }
    pairs[2 * pairCount] = first;
    pairs[2 * pairCount + 1] = second;
    pairCount++;
  }
}
