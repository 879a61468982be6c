package io.cairn.chain.contract;

import io.cairn.common.InvalidArgumentException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * The keys a call declares it may read and write, in its contract's namespace (seed 001's
 * task-parallel model). Keys written may also be read. A call that touches any other key fails
 * with {@code UNDECLARED_ACCESS}, in every executor, before the access happens. Keys are kept
 * sorted by unsigned bytes and distinct: that is their canonical encoding order.
 *
 * <p>Thread-safety: immutable.
 */
public final class AccessSet {
  /** Most keys in each of the two sets. */
  public static final int KEYS_MAX = 4_096;
  /** Up to this many keys in all a slot look-up compares the keys' bytes in turn, without hashing the key. */
  private static final int SCAN_MAX = 8;

  /** How many of the {@link #slotKeys} are write keys (the first ones). */
  private final int writeCount;
  /**
   * The <em>slots</em>: the write keys in their sorted order, then the read keys in theirs (see
   * {@link #readSlot}). One array, so that a check walks one object instead of a list per set.
   */
  private final byte[][] slotKeys;
  /** Per slot: its key's {@link StateKey#hash64(byte[])}, computed once here. */
  private final long[] slotHashes;
  /** Built on the first look-up in a set of over {@value #SCAN_MAX} keys (a small set is scanned). */
  private volatile SlotIndex index;

  private AccessSet(List<byte[]> reads, List<byte[]> writes) {
    this.writeCount = writes.size();
    this.slotKeys = new byte[writes.size() + reads.size()][];
    this.slotHashes = new long[slotKeys.length];
    for (int i = 0; i < slotKeys.length; i++) {
      slotKeys[i] = i < writes.size() ? writes.get(i) : reads.get(i - writes.size());
      slotHashes[i] = StateKey.hash64(slotKeys[i]);
    }
  }

  /**
   * The sets {@code reads} and {@code writes} (copied, sorted, duplicates dropped).
   *
   * @throws InvalidArgumentException when a set is over {@value #KEYS_MAX} keys or a key is over
   *     {@link GasSchedule#KEY_BYTES_MAX} bytes
   */
  public static AccessSet of(Collection<byte[]> reads, Collection<byte[]> writes) {
    return new AccessSet(canonical(reads, "read"), canonical(writes, "write"));
  }

  /** The read keys, sorted; arrays shared, do not change them. */
  public List<byte[]> reads() {
    return Collections.unmodifiableList(Arrays.asList(slotKeys).subList(writeCount, slotKeys.length));
  }

  /** The write keys, sorted; arrays shared, do not change them. */
  public List<byte[]> writes() {
    return Collections.unmodifiableList(Arrays.asList(slotKeys).subList(0, writeCount));
  }

  /**
   * A 64-bit hash of read key {@code i} (a function of its bytes only, the same for both sets),
   * computed when the set was built: the parallel planner compares these instead of the keys, so
   * planning a block does not read the key bytes again.
   */
  public long readHash(int i) {
    return slotHashes[writeCount() + i];
  }

  /** How many keys {@link #reads} has (without reaching the list). */
  public int readCount() {
    return slotHashes.length - writeCount;
  }

  /** How many keys {@link #writes} has (without reaching the list). */
  public int writeCount() {
    return writeCount;
  }

  /** The 64-bit hash of write key {@code i}, as {@link #readHash}. */
  public long writeHash(int i) {
    return slotHashes[i];
  }

  /** How many slots there are: {@link #writeCount} + {@link #readCount}. */
  public int slots() {
    return slotHashes.length;
  }

  /** The {@link StateKey#hash64(byte[])} of slot {@code slot}'s key, computed when the set was built. */
  public long slotHash(int slot) {
    return slotHashes[slot];
  }

  /**
   * The slot of {@code key} when it may be read, else -1. Slots {@code 0..writeCount()-1} are the
   * write keys and the rest the read keys, each set in its sorted order; a key in both sets has its
   * write slot, so a call that reads and then writes a key finds one slot for both. A small set
   * compares the key's bytes with each slot's (no hash of the key, whose hash the slot then gives:
   * {@link #slotHash}); a large one hashes it and looks it up in an index made once.
   */
  public int readSlot(byte[] key) {
    if (slotKeys.length <= SCAN_MAX) {
      for (int i = 0; i < slotKeys.length; i++) {
        if (Arrays.equals(slotKeys[i], key)) {
          return i;
        }
      }
      return -1;
    }
    return index().find(key, StateKey.hash64(key));
  }

  /** The slot of {@code key} when it may be written (below {@link #writeCount}), else -1; see {@link #readSlot}. */
  public int writeSlot(byte[] key) {
    if (slotKeys.length <= SCAN_MAX) {
      for (int i = 0; i < writeCount; i++) {
        if (Arrays.equals(slotKeys[i], key)) {
          return i;
        }
      }
      return -1;
    }
    int slot = index().find(key, StateKey.hash64(key));
    return slot < writeCount ? slot : -1;
  }

  private SlotIndex index() {
    SlotIndex made = index;
    if (made == null) {
      made = new SlotIndex(slotKeys, slotHashes);
      index = made; // racing threads build equal indexes; either may win
    }
    return made;
  }

  /** Whether {@code key} may be read (it is in either set). */
  public boolean mayRead(byte[] key) {
    return readSlot(key) >= 0;
  }

  /** Whether {@code key} may be written. */
  public boolean mayWrite(byte[] key) {
    return writeSlot(key) >= 0;
  }

  private static List<byte[]> canonical(Collection<byte[]> keys, String what) {
    if (keys.size() > KEYS_MAX) {
      throw new InvalidArgumentException(what + " set of " + keys.size() + " keys exceeds " + KEYS_MAX);
    }
    List<byte[]> sorted = new ArrayList<>(keys.size());
    for (byte[] key : keys) {
      if (key.length > GasSchedule.KEY_BYTES_MAX) {
        throw new InvalidArgumentException(what + " key of " + key.length + " bytes exceeds " + GasSchedule.KEY_BYTES_MAX);
      }
      sorted.add(key.clone());
    }
    sorted.sort(Arrays::compareUnsigned);
    List<byte[]> distinct = new ArrayList<>(sorted.size());
    for (byte[] key : sorted) {
      if (distinct.isEmpty() || !Arrays.equals(distinct.getLast(), key)) {
        distinct.add(key);
      }
    }
    return distinct;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AccessSet set && writeCount == set.writeCount && Arrays.deepEquals(slotKeys, set.slotKeys);
  }

  @Override
  public int hashCode() {
    return 31 * readCount() + writeCount;
  }

  @Override
  public String toString() {
    return "reads " + readCount() + " keys, writes " + writeCount + " keys";
  }
}
