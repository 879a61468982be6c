package io.cairn.chain.contract.exec;

import io.cairn.chain.contract.AccessSet;
import io.cairn.chain.contract.ContractCall;
import java.util.Arrays;
import java.util.List;

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

  /** Scans calls {@code from..to-1} (all declared) for the keys of partition {@code p} of {@code partitions}. */
  void scan(List<ContractCall> calls, int from, int to, int p, int partitions) {
    keys.clear();
    touches = 0;
    pairCount = 0;
    for (int c = 0; c < to - from; c++) {
      ContractCall call = calls.get(from + c);
      AccessSet declared = call.declared().orElseThrow();
      String contract = call.contract();
      List<byte[]> writes = declared.writes();
      for (int w = 0; w < writes.size(); w++) {
        touch(c, contract, writes.get(w), true, p, partitions);
      }
      List<byte[]> reads = declared.reads();
      for (int r = 0; r < reads.size(); r++) {
        touch(c, contract, reads.get(r), false, p, partitions);
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

  private void touch(int call, String contract, byte[] key, boolean write, int p, int partitions) {
    int hash = KeyTable.hash(contract, key);
    if (Integer.remainderUnsigned(hash >>> 7, partitions) != p) {
      return;
    }
    int before = keys.size();
    int id = keys.intern(contract, key, hash);
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

  private void addPair(int first, int second) {
    if (2 * pairCount + 2 > pairs.length) {
      pairs = Arrays.copyOf(pairs, 2 * pairs.length);
    }
    pairs[2 * pairCount] = first;
    pairs[2 * pairCount + 1] = second;
    pairCount++;
  }
}
