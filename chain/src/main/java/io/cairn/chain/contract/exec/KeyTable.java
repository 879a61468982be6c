package io.cairn.chain.contract.exec;

import java.util.Arrays;

/**
 * Interns the declared keys of a run of calls: each distinct (contract, key) pair gets a dense id
 * 0, 1, 2, ... in first-seen order, so the scheduler works on int arrays instead of maps. The
 * pair is looked up as it is, without building a {@code StateKey} (no copy of the key, no
 * allocation per key once the table has grown to the block's size).
 *
 * <p>Open addressing with linear probing over a power-of-two table kept at most half full; the
 * table and the id arrays are reused from one run to the next ({@link #clear} costs the number of
 * ids, not the capacity). Thread-safety: confined to one thread.
 */
final class KeyTable {
  /**
   * Slot contents: {@code hash << 32 | id + 1}, or 0 for empty; the hash beside the id lets a
   * probe skip other keys without touching their arrays (one cache line per probe).
   */
  private long[] slots = new long[1024];
  /** Per id: its slot, its contract and key (the key array is the caller's, not copied). */
  private int[] slotOf = new int[512];
  private String[] contracts = new String[512];
  private byte[][] keys = new byte[512][];
  private int count;

  /** How many distinct keys were interned since the last {@link #clear}. */
  int size() {
    return count;
  }

  /** Forgets every key (keeps the arrays). */
  void clear() {
    for (int id = 0; id < count; id++) {
      slots[slotOf[id]] = 0;
      contracts[id] = null;
      keys[id] = null;
    }
    count = 0;
  }

  /** The id of ({@code contract}, {@code key}), new when not seen before. {@code key} must not change. */
  int intern(String contract, byte[] key) {
    return intern(contract, key, hash(contract, key));
  }

  /** {@link #intern(String, byte[])} with the pair's {@link #hash} already computed. */
  int intern(String contract, byte[] key, int hash) {
    int mask = slots.length - 1;
    for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
      long entry = slots[slot];
      if (entry == 0) {
        return add(slot, hash, contract, key);
      }
      int id = (int) entry - 1;
      if ((int) (entry >>> 32) == hash && Arrays.equals(keys[id], key)
          && (contracts[id] == contract || contracts[id].equals(contract))) {
        return id;
      }
    }
  }

  private int add(int slot, int hash, String contract, byte[] key) {
    int id = count++;
    if (id == slotOf.length) {
      int grown = slotOf.length * 2;
      slotOf = Arrays.copyOf(slotOf, grown);
      contracts = Arrays.copyOf(contracts, grown);
      keys = Arrays.copyOf(keys, grown);
    }
    slotOf[id] = slot;
    contracts[id] = contract;
    keys[id] = key;
    slots[slot] = entry(hash, id);
    if (2 * count > slots.length) {
      rehash();
    }
    return id;
  }

  private void rehash() {
    long[] old = slots;
    slots = new long[old.length * 2];
    int mask = slots.length - 1;
    for (long entry : old) {
      if (entry != 0) {
        int slot = (int) (entry >>> 32) & mask;
        while (slots[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        slots[slot] = entry;
        slotOf[(int) entry - 1] = slot;
      }
    }
  }

  private static long entry(int hash, int id) {
    return ((long) hash << 32) | (id + 1L);
  }

  /** {@code Arrays.hashCode} (vectorised by the JIT) with the contract's, then an avalanche. */
  static int hash(String contract, byte[] key) {
    int h = contract.hashCode() * 0x9e3779b9 + Arrays.hashCode(key);
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    return h;
  }
}
