package io.cairn.chain.contract.exec;

import io.cairn.chain.contract.AccessSet;
import io.cairn.chain.contract.ContractCall;
import java.util.Arrays;
import java.util.List;

/**
 * The declared keys of one stretch of a run of calls, copied out of the calls into two flat
 * arrays: per key its {@link KeyTable#hash} and {@code call << 1 | written}. Reaching a call's
 * keys costs a chain of dependent loads (the call, its {@code AccessSet}, the hash array), most of
 * them cache misses on a fresh block; collecting them once, each stretch on its own thread, lets
 * every {@link KeyPartition} then read all the keys of the run as one sequential scan instead of
 * every partition chasing every call.
 *
 * <p>Thread-safety: filled by one thread; read by others after that thread was joined.
 */
final class DeclaredKeys {
  private long[] hashes = new long[1024];
  private int[] callAndWrite = new int[1024];
  private int count;

  /**
   * Collects the keys of calls {@code stretchFrom..stretchTo-1} of {@code calls} (all declared),
   * numbering each call by its index minus {@code runFrom}, writes before reads.
   */
  void collect(List<ContractCall> calls, int runFrom, int stretchFrom, int stretchTo) {
    count = 0;
    for (int i = stretchFrom; i < stretchTo; i++) {
      ContractCall call = calls.get(i);
      AccessSet declared = call.declared().orElseThrow();
      String contract = call.contract();
      int index = i - runFrom;
      int writes = declared.writeCount();
      for (int w = 0; w < writes; w++) {
        add(KeyTable.hash(contract, declared.writeHash(w)), index << 1 | 1);
      }
      int reads = declared.readCount();
      for (int r = 0; r < reads; r++) {
        add(KeyTable.hash(contract, declared.readHash(r)), index << 1);
      }
    }
  }

  /** Keys collected. */
  int size() {
    return count;
  }

  /** The {@link KeyTable#hash} of key {@code i}. */
  long hash(int i) {
    return hashes[i];
  }

  /** The index in the run of the call that declared key {@code i}. */
  int call(int i) {
    return callAndWrite[i] >>> 1;
  }

  /** Whether that call declared key {@code i} written. */
  boolean written(int i) {
    return (callAndWrite[i] & 1) != 0;
  }

  private void add(long hash, int entry) {
    if (count == hashes.length) {
      hashes = Arrays.copyOf(hashes, 2 * count);
      callAndWrite = Arrays.copyOf(callAndWrite, 2 * count);
    }
    hashes[count] = hash;
    callAndWrite[count++] = entry;
  }
}
