package io.cairn.chain.contract;

import java.util.Arrays;

/**
 * The index of a large {@link AccessSet}'s slots by key: open addressing with linear probing over
 * the keys' precomputed 64-bit hashes, each entry a slot number plus one (0 = empty), at most half
 * full. A look-up hashes the key once, probes the hashes and compares the key's bytes only on an
 * equal hash (equal hashes of different keys are told apart, never confused). Where a key is in
 * both of the set's lists, the lower slot (its write slot) is the one indexed.
 *
 * <p>Thread-safety: immutable once built; built by whichever thread checks the set first.
 */
final class SlotIndex {
  private final byte[] keyBytes;
  private final int[] keyStarts;
  private final long[] hashes;
  private final int[] table;
  private final int mask;

  /**
   * An index of slots {@code 0..hashes.length-1}, whose keys lie one after the other in {@code
   * keyBytes} (slot {@code i}'s from {@code keyStarts[i]} to {@code keyStarts[i + 1]}, as {@link
   * AccessSet} keeps them) and whose hashes are {@code hashes}.
   */
  SlotIndex(byte[] keyBytes, int[] keyStarts, long[] hashes) {
    this.keyBytes = keyBytes;
    this.keyStarts = keyStarts;
    this.hashes = hashes;
    int capacity = Integer.highestOneBit(Math.max(4, 2 * hashes.length) - 1) << 1;
    this.table = new int[capacity];
    this.mask = capacity - 1;
    for (int slot = 0; slot < hashes.length; slot++) {
      if (find(keyBytes, keyStarts[slot], keyStarts[slot + 1], hashes[slot]) < 0) {
        // a key already indexed keeps its lower slot
        int at = (int) hashes[slot] & mask;
        while (table[at] != 0) {
          at = (at + 1) & mask;
        }
        table[at] = slot + 1;
      }
    }
  }

  /** The slot whose key is {@code key} ({@code hash} its {@link StateKey#hash64(byte[])}), or -1. */
  int find(byte[] key, long hash) {
    return find(key, 0, key.length, hash);
  }

  /** {@link #find(byte[], long)} of the key {@code key[from..to)}. */
  private int find(byte[] key, int from, int to, long hash) {
    for (int at = (int) hash & mask; table[at] != 0; at = (at + 1) & mask) {
      int slot = table[at] - 1;
      if (hashes[slot] == hash && Arrays.equals(keyBytes, keyStarts[slot], keyStarts[slot + 1], key, from, to)) {
        return slot;
      }
    }
    return -1;
  }
}
