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
 * <p>Layout (session 14): flat. Every slot's key lies in one byte array, one after the other,
 * bounded by an array of offsets, beside the array of the slots' hashes: four objects per set
 * whatever its size (until session 13 one array per key, a list of them and two sorted lists per
 * set while it was built: 640 bytes allocated per declared transfer made, against 208 for an
 * undeclared one). Building one sorts and deduplicates the given arrays in one scratch array per
 * set and copies the keys once, into the flat array.
 *
 * <p>Thread-safety: immutable.
 */
public final class AccessSet {
  /** Most keys in each of the two sets. */
  public static final int KEYS_MAX = 4_096;
  /** Up to this many keys in all a slot look-up compares the keys' bytes in turn, without hashing the key. */
  private static final int SCAN_MAX = 8;
  /** Up to this many keys a set is sorted by insertion (no allocation, few compares), above by {@link Arrays#sort}. */
  private static final int INSERTION_SORT_MAX = 16;
  private static final byte[][] NO_KEYS = {};

  /** How many of the slots are write keys (the first ones). */
  private final int writeCount;
  /**
   * The <em>slots'</em> keys, one after the other: the write keys in their sorted order, then the
   * read keys in theirs (see {@link #readSlot}). Slot {@code i}'s key is {@code
   * keyBytes[keyStarts[i]..keyStarts[i + 1])}.
   */
  private final byte[] keyBytes;
  /** Where each slot's key starts in {@link #keyBytes}, and (last) where the last one ends: slots + 1 entries. */
  private final int[] keyStarts;
  /** Per slot: its key's {@link StateKey#hash64(byte[])}, computed once here. */
  private final long[] slotHashes;
  /** Built on the first look-up in a set of over {@value #SCAN_MAX} keys (a small set is scanned). */
  private volatile SlotIndex index;

  /** The set of the slots laid out in {@code keyBytes} and {@code keyStarts} (owned, checked by the caller). */
  private AccessSet(byte[] keyBytes, int[] keyStarts, int writeCount) {
    this.writeCount = writeCount;
    this.keyBytes = keyBytes;
    this.keyStarts = keyStarts;
    this.slotHashes = new long[keyStarts.length - 1];
    for (int i = 0; i < slotHashes.length; i++) {
      slotHashes[i] = StateKey.hash64(keyBytes, keyStarts[i], keyStarts[i + 1]);
    }
  }

  /**
   * The sets {@code reads} and {@code writes} (copied, sorted, duplicates dropped).
   *
   * @throws InvalidArgumentException when a set is over {@value #KEYS_MAX} keys or a key is over
   *     {@link GasSchedule#KEY_BYTES_MAX} bytes
   */
  public static AccessSet of(Collection<byte[]> reads, Collection<byte[]> writes) {
    byte[][] readKeys = checked(reads, "read");
    byte[][] writeKeys = checked(writes, "write");
    int readCount = sortDistinct(readKeys);
    int writeCount = sortDistinct(writeKeys);
    int slots = writeCount + readCount;
    int bytes = 0;
    for (int i = 0; i < slots; i++) {
      bytes += (i < writeCount ? writeKeys[i] : readKeys[i - writeCount]).length;
    }
    byte[] keyBytes = new byte[bytes];
    int[] keyStarts = new int[slots + 1];
    int at = 0;
    for (int i = 0; i < slots; i++) {
      byte[] key = i < writeCount ? writeKeys[i] : readKeys[i - writeCount];
      System.arraycopy(key, 0, keyBytes, at, key.length);
      keyStarts[i] = at;
      at += key.length;
    }
    keyStarts[slots] = at;
    return new AccessSet(keyBytes, keyStarts, writeCount);
  }

  /**
   * The set whose keys a caller has already laid out as this class keeps them (session 14): the
   * write keys, then the read keys, one after the other in {@code keyBytes}, slot {@code i}'s key
   * from {@code keyStarts[i]} to {@code keyStarts[i + 1]} (so {@code keyStarts} has one entry more
   * than there are keys, the first 0 and the last {@code keyBytes.length}), the first {@code
   * writeCount} keys written. Each set must be canonical already: sorted by unsigned bytes and
   * distinct. The arrays are taken, not copied: the caller must not change them afterwards. For
   * makers of many calls (a contract's call helpers, a decoder) that would otherwise build each key
   * as an array of its own, then lists of them, then this layout.
   *
   * @throws InvalidArgumentException when the layout is not this, a set is not sorted and
   *     distinct, a set is over {@value #KEYS_MAX} keys or a key is over {@link
   *     GasSchedule#KEY_BYTES_MAX} bytes
   */
  public static AccessSet ofCanonical(byte[] keyBytes, int[] keyStarts, int writeCount) {
    int slots = keyStarts.length - 1;
    if (slots < 0 || writeCount < 0 || writeCount > slots || keyStarts[0] != 0
        || keyStarts[slots] != keyBytes.length) {
      throw new InvalidArgumentException("flat key layout of " + keyBytes.length + " bytes, " + keyStarts.length
          + " starts and " + writeCount + " write keys is not a set's");
    }
    if (writeCount > KEYS_MAX || slots - writeCount > KEYS_MAX) {
      throw new InvalidArgumentException("a set of " + Math.max(writeCount, slots - writeCount) + " keys exceeds "
          + KEYS_MAX);
    }
    for (int i = 0; i < slots; i++) {
      int length = keyStarts[i + 1] - keyStarts[i];
      if (length < 0 || length > GasSchedule.KEY_BYTES_MAX) {
        throw new InvalidArgumentException("key of slot " + i + " spans " + length + " bytes, not 0.."
            + GasSchedule.KEY_BYTES_MAX);
      }
      if (i > 0 && i != writeCount && Arrays.compareUnsigned(keyBytes, keyStarts[i - 1], keyStarts[i], keyBytes,
          keyStarts[i], keyStarts[i + 1]) >= 0) {
        throw new InvalidArgumentException((i < writeCount ? "write" : "read") + " set is not sorted and distinct"
            + " at slot " + i);
      }
    }
    return new AccessSet(keyBytes, keyStarts, writeCount);
  }

  /** Slot {@code slot}'s key, a copy. */
  public byte[] slotKey(int slot) {
    return Arrays.copyOfRange(keyBytes, keyStarts[slot], keyStarts[slot + 1]);
  }

  /** Whether slot {@code slot}'s key has exactly the bytes of {@code key}. */
  private boolean slotIs(int slot, byte[] key) {
    return Arrays.equals(keyBytes, keyStarts[slot], keyStarts[slot + 1], key, 0, key.length);
  }

  /** The read keys, sorted; fresh copies. */
  public List<byte[]> reads() {
    return keys(writeCount, slots());
  }

  /** The write keys, sorted; fresh copies. */
  public List<byte[]> writes() {
    return keys(0, writeCount);
  }

  private List<byte[]> keys(int from, int to) {
    List<byte[]> keys = new ArrayList<>(to - from);
    for (int slot = from; slot < to; slot++) {
      keys.add(slotKey(slot));
    }
    return Collections.unmodifiableList(keys);
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
    if (slotHashes.length <= SCAN_MAX) {
      for (int i = 0; i < slotHashes.length; i++) {
        if (slotIs(i, key)) {
          return i;
        }
      }
      return -1;
    }
    return index().find(key, StateKey.hash64(key));
  }

  /** The slot of {@code key} when it may be written (below {@link #writeCount}), else -1; see {@link #readSlot}. */
  public int writeSlot(byte[] key) {
    if (slotHashes.length <= SCAN_MAX) {
      for (int i = 0; i < writeCount; i++) {
        if (slotIs(i, key)) {
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
      made = new SlotIndex(keyBytes, keyStarts, slotHashes);
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

  /** The keys of {@code keys} in one array (the arrays themselves, not copies), each checked. */
  private static byte[][] checked(Collection<byte[]> keys, String what) {
    if (keys.size() > KEYS_MAX) {
      throw new InvalidArgumentException(what + " set of " + keys.size() + " keys exceeds " + KEYS_MAX);
    }
    byte[][] array = keys.isEmpty() ? NO_KEYS : keys.toArray(new byte[keys.size()][]);
    for (byte[] key : array) {
      if (key.length > GasSchedule.KEY_BYTES_MAX) {
        throw new InvalidArgumentException(what + " key of " + key.length + " bytes exceeds " + GasSchedule.KEY_BYTES_MAX);
      }
    }
    return array;
  }

  /**
   * Sorts {@code keys} in place by unsigned bytes and moves the distinct ones to the front;
   * returns how many there are. A small set is sorted by insertion (a transfer's two keys: one
   * compare), which allocates nothing.
   */
  static int sortDistinct(byte[][] keys) {
    if (keys.length <= INSERTION_SORT_MAX) {
      for (int i = 1; i < keys.length; i++) {
        byte[] key = keys[i];
        int j = i - 1;
        for (; j >= 0 && Arrays.compareUnsigned(keys[j], key) > 0; j--) {
          keys[j + 1] = keys[j];
        }
        keys[j + 1] = key;
      }
    } else {
      Arrays.sort(keys, Arrays::compareUnsigned);
    }
    int distinct = 0;
    for (byte[] key : keys) {
      if (distinct == 0 || !Arrays.equals(keys[distinct - 1], key)) {
        keys[distinct++] = key;
      }
    }
    return distinct;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AccessSet set && writeCount == set.writeCount && Arrays.equals(keyStarts, set.keyStarts)
        && Arrays.equals(keyBytes, set.keyBytes);
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
