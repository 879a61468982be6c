package io.cairn.chain.contract.exec;

import io.cairn.chain.contract.AccessSet;
import io.cairn.chain.contract.ContractCall;
import java.util.Arrays;

/**
 * The declared keys of a stretch of calls, copied out of the calls into flat arrays: per call the
 * position of its first key and how many of its keys are written; per key its {@link
 * KeyTable#hash}, a call's written keys first. Reaching a call's keys is a chain of dependent loads
 * (the call, its {@code AccessSet}, the hash arrays); a {@link Stretch} collects each call's keys
 * once, just before it runs the call (the call is then in its core's cache anyway), and after its
 * calls ran checks them as a sequential scan.
 *
 * <p>Thread-safety: confined to one thread.
 */
final class CallKeys {
  private long[] hashes = new long[1024];
  /** Per call c: {@code starts[c]} is its first key, {@code starts[c + 1]} the end of its keys. */
  private int[] starts = new int[257];
  private int[] writes = new int[256];
  private int calls;
  private int count;

  /** Forgets the calls collected so far, for a stretch of up to {@code n} calls. */
  void begin(int n) {
    if (n >= writes.length) {
      writes = new int[Math.max(n, 2 * writes.length)];
      starts = new int[writes.length + 1];
    }
    calls = 0;
    count = 0;
    starts[0] = 0;
  }

  /**
   * Collects the keys of {@code call} (declared) as the next call: a stretch that runs its calls
   * first collects each one's keys just before running it, while the call is in this core's cache.
   */
  void add(ContractCall call) {
    AccessSet declared = call.declaredOrNull();
    long contract = KeyTable.contractHash(call.contract());
    assert calls < writes.length : "more calls than begin announced";
    writes[calls] = declared.writeCount();
    for (int w = 0; w < declared.writeCount(); w++) {
      addHash(KeyTable.hash(contract, declared.writeHash(w)));
    }
    for (int r = 0; r < declared.readCount(); r++) {
      addHash(KeyTable.hash(contract, declared.readHash(r)));
    }
    starts[++calls] = count;
  }

  /** How many calls were collected. */
  int calls() {
    return calls;
  }

  /** The position of call {@code call}'s first key; {@code start(call + 1)} ends its keys. */
  int start(int call) {
    return starts[call];
  }

  /** How many of call {@code call}'s keys, from its first, are written. */
  int writes(int call) {
    return writes[call];
  }

  /** The {@link KeyTable#hash} of key {@code k}. */
  long hash(int k) {
    return hashes[k];
  }

  private void addHash(long hash) {
    if (count == hashes.length) {
      hashes = Arrays.copyOf(hashes, 2 * count);
    }
    hashes[count++] = hash;
  }
}
