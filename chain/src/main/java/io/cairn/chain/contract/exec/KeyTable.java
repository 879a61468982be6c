package io.cairn.chain.contract.exec;

import java.util.Arrays;

/**
 * Interns the declared keys of a run of calls by their 64-bit hashes: each distinct hash gets a
 * dense id 0, 1, 2, ... in first-seen order, so the scheduler works on int arrays instead of maps.
 * Only the hashes are compared, never the key bytes: two different keys whose (contract, key)
 * hashes are equal share an id, which can only join calls that need not be joined (less
 * parallelism, never a wrong result), and with 64-bit hashes it does not happen in practice. The
 * hashes come precomputed from the calls' {@code AccessSet}s, so interning a key reads neither
 * its bytes nor its contract's name.
 *
 * <p>Open addressing with linear probing over a power-of-two table kept at most half full, each
 * slot a pair (hash, id + 1) of adjacent longs, so a probe touches one cache line. The table is
 * reused from one run to the next ({@link #clear} costs the number of ids, not the capacity).
 * Thread-safety: confined to one thread.
 */
final class KeyTable {
  /** Pairs (hash, id + 1); id + 1 = 0 marks an empty slot. */
  private long[] slots = new long[2 * 1024];
  /** Per id: its slot. */
  private int[] slotOf = new int[512];
  private int count;

  /** How many distinct keys were interned since the last {@link #clear}. */
  int size() {
    return count;
  }

  /** Forgets every key (keeps the arrays). */
  void clear() {
    for (int id = 0; id < count; id++) {
      slots[2 * slotOf[id] + 1] = 0;
    }
    count = 0;
  }

  /** The id of the key with hash {@code hash} (see {@link #hash}), new when not seen before. */
  int intern(long hash) {
    int mask = slots.length / 2 - 1;
    for (int slot = (int) hash & mask; ; slot = (slot + 1) & mask) {
      long idPlusOne = slots[2 * slot + 1];
      if (idPlusOne == 0) {
        return add(slot, hash);
      }
      if (slots[2 * slot] == hash) {
        return (int) idPlusOne - 1;
      }
    }
  }

  /** Whether a key with hash {@code hash} was interned since the last {@link #clear}. */
  boolean contains(long hash) {
    int mask = slots.length / 2 - 1;
    for (int slot = (int) hash & mask; ; slot = (slot + 1) & mask) {
      if (slots[2 * slot + 1] == 0) {
        return false;
      }
      if (slots[2 * slot] == hash) {
        return true;
      }
    }
  }

  private int add(int slot, long hash) {
    int id = count++;
    if (id == slotOf.length) {
      slotOf = Arrays.copyOf(slotOf, slotOf.length * 2);
    }
    slotOf[id] = slot;
    slots[2 * slot] = hash;
    slots[2 * slot + 1] = id + 1L;
    if (4 * count > slots.length) { // more than half of the slots used
      rehash();
    }
    return id;
  }

  private void rehash() {
    long[] old = slots;
    slots = new long[old.length * 2];
    int mask = slots.length / 2 - 1;
    for (int id = 0; id < count; id++) {
      int from = slotOf[id];
      long hash = old[2 * from];
      int slot = (int) hash & mask;
      while (slots[2 * slot + 1] != 0) {
        slot = (slot + 1) & mask;
      }
      slots[2 * slot] = hash;
      slots[2 * slot + 1] = id + 1L;
      slotOf[id] = slot;
    }
  }

  /** The part of {@link #hash} that depends on the contract only, computed once per call. */
  static long contractHash(String contract) {
    return contract.hashCode() * 0x9e3779b97f4a7c15L;
  }

  /**
   * The hash of key {@code keyHash} (an {@code AccessSet} key hash) in the namespace of the
   * contract with {@link #contractHash} {@code contract}: the same key in two contracts is two
   * keys. Mixed again, so that the low bits (the table's slot) and the high bits are both spread.
   */
  static long hash(long contract, long keyHash) {
    long h = keyHash ^ contract;
    h ^= h >>> 29;
    h *= 0xbf58476d1ce4e5b9L;
    h ^= h >>> 32;
    return h;
  }
}
