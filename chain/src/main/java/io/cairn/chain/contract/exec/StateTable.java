package io.cairn.chain.contract.exec;

import io.cairn.chain.contract.StateKey;
import io.cairn.common.InvalidArgumentException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Contract state by key in a compact layout: an open-addressing table (linear probing, a power of
 * two of slots, at most 3/4 full, or 5/8 with a key arena) keyed by the key's 64-bit hash ({@link StateKey#hash64}), whose
 * slots are flat {@code long}s. A look-up reads one slot (its hash, where the key's bytes are,
 * and the value) and compares the key's bytes only when the hash is equal: in a table {@link
 * #withKeyArena with a key arena} (a large table read from many threads, the store's) the bytes are
 * copied into one flat byte arena, else they are the {@link StateKey}'s own (a thread's write
 * overlay, whose keys it has just made, where a copy would only add memory traffic). A value of exactly 8 bytes (a token balance, a counter) lives in the slot itself; any
 * other in an array of its own. So a hit touches the slot's cache line and the key's bytes in
 * the arena, where a {@code HashMap<StateKey, byte[]>} chases a table entry, a node, the key
 * object, its bytes and the value array, each an object allocated at another time and so on
 * another line.
 *
 * <p>Slot {@code i} is {@code slots[3i .. 3i+2]}: the meta word (0 when the slot is empty;
 * otherwise {@link #OCCUPIED}, the value's code in bits 44-47, the key's length in bits 32-43
 * and its offset in the arena in bits 0-31, 0 without one), the key's hash, and an inline value's 8 bytes
 * (little-endian). Value codes: {@link #INLINE} a value of 8 bytes in the slot, {@link #LARGE}
 * any other value, in {@link #large} (made on the first such value), {@link #MARKER} the table's
 * marker array (a deletion or a known absence, by identity: an empty value that is not the marker
 * is an empty value). The {@link StateKey} of each slot is kept beside it for iteration only;
 * look-ups never touch it.
 *
 * <p>Invariants (checked by {@link #checkInvariants}): every key is in the probe run that starts
 * at its home slot ({@code hash & (capacity - 1)}) and has no empty slot before it; keys are
 * distinct; {@code size} counts the occupied slots and at most {@link #loadEighths} eighths of the
 * slots are occupied: 5/8 in a table with a key arena (the store's cache: large, read by every
 * thread, mostly hits), 3/4 in a write overlay (session 16: a stretch's buffer of a little over
 * half a block of transfers then fits the same power of two as one of a little under half,
 * where at 5/8 it took twice the slots, 917 KB instead of 459 KB per block, zeroed by its thread).
 * Removal shifts the run back (no tombstones). {@link #get} returns a fresh array for an inline
 * value and the stored array for any other (do not change it); {@link #copy} always an array the
 * caller owns.
 *
 * <p>Thread-safety: one writer, no concurrent reader while it writes; any number of readers
 * while nobody writes (a table filled before a block is read by all of its threads).
 */
public final class StateTable {
  static final long OCCUPIED = 1L << 48;
  private static final int INLINE = 8;
  private static final int LARGE = 9;
  private static final int MARKER = 10;
  private static final int STRIDE = 3;
  private static final int MIN_CAPACITY = 16;
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final byte[] marker;
  private long[] slots;
  private StateKey[] keys;
  private byte[][] large;
  private byte[] arena;
  private int arenaUsed;
  private int size;
  private int mask;
  /** At most this many eighths of the slots are occupied: 5 with a key arena, else 6. */
  private final int loadEighths;

  /**
   * An empty table sized for about {@code expected} keys without growing, comparing keys by their
   * {@link StateKey}s' bytes; {@code marker} is the array that {@link #put} stores and {@link
   * #get} returns by identity (a deletion, an absence).
   */
  public StateTable(int expected, byte[] marker) {
    this(expected, marker, false);
  }

  /** As {@link #StateTable(int, byte[])}, with the keys' bytes copied into the table's own arena. */
  public static StateTable withKeyArena(int expected, byte[] marker) {
    return new StateTable(expected, marker, true);
  }

  private StateTable(int expected, byte[] marker, boolean keyArena) {
    this.marker = marker;
    this.loadEighths = keyArena ? 5 : 6;
    allocate(capacityFor(expected, loadEighths));
    arena = keyArena ? new byte[Math.max(64, Math.min(expected, 1 << 24) * 40)] : null;
  }

  private static int capacityFor(int expected, int loadEighths) {
    long wanted = Math.max(MIN_CAPACITY, 8L * Math.max(0, expected) / loadEighths + 1);
    if (wanted > 1 << 28) {
      throw new InvalidArgumentException("a state table holds at most 2^27 keys, asked for " + expected);
    }
    return Integer.highestOneBit((int) wanted - 1) << 1;
  }

  private void allocate(int capacity) {
    slots = new long[STRIDE * capacity];
    keys = new StateKey[capacity];
    large = null;
    mask = capacity - 1;
  }

  /** How many keys the table holds. */
  public int size() {
    return size;
  }

  /** The value of {@code key}: null when absent, the marker when the marker was put. */
  public byte[] get(StateKey key) {
    return get(key, key.hash64());
  }

  /** As {@link #get(StateKey)}, with {@code hash} standing for the key's hash (tests force collisions). */
  byte[] get(StateKey key, long hash) {
    int slot = find(key.engineKey(), hash);
    return slot < 0 ? null : value(slot);
  }

  /** As {@link #get(StateKey)}, but an array the caller owns (the marker stays the marker). */
  public byte[] copy(StateKey key) {
    int slot = find(key.engineKey(), key.hash64());
    if (slot < 0) {
      return null;
    }
    byte[] value = value(slot);
    return ((slots[STRIDE * slot] >>> 44) & 0xf) == LARGE ? value.clone() : value;
  }

  /** Whether the table holds {@code key}. */
  public boolean containsKey(StateKey key) {
    return find(key.engineKey(), key.hash64()) >= 0;
  }

  /** Sets {@code key} to {@code value} (the marker, or an array the table may keep: do not change it). */
  public void put(StateKey key, byte[] value) {
    put(key, key.hash64(), value);
  }

  void put(StateKey key, long hash, byte[] value) {
    int slot = claim(key, hash);
    store(slot, value);
    if (8L * size > (long) loadEighths * (mask + 1)) {
      grow();
    }
  }

  /**
   * Sets {@code key} to the 8-byte value whose little-endian bytes are {@code value}: as {@link
   * #put} of that array, with no array (session 16; a call's write buffer keeps such values so).
   */
  public void putInline(StateKey key, long value) {
    int slot = claim(key, key.hash64());
    storeInline(slot, value);
    if (8L * size > (long) loadEighths * (mask + 1)) {
      grow();
    }
  }

  /** The slot of {@code key}, taken (and counted, its value not yet stored) when the table does not hold it. */
  private int claim(StateKey key, long hash) {
    byte[] bytes = key.engineKey();
    long[] s = slots;
    int slot = (int) hash & mask;
    for (long meta = s[STRIDE * slot]; meta != 0; meta = s[STRIDE * slot]) {
      if (s[STRIDE * slot + 1] == hash && sameKey(meta, slot, bytes)) {
        return slot;
      }
      slot = (slot + 1) & mask;
    }
    s[STRIDE * slot] = OCCUPIED | ((long) bytes.length << 32) | (arena == null ? 0 : append(bytes));
    s[STRIDE * slot + 1] = hash;
    keys[slot] = key;
    size++;
    return slot;
  }

  /** Sets {@code key} to {@code value} (as {@link #put}) only if the table holds it; returns whether it did. */
  public boolean replace(StateKey key, byte[] value) {
    return replace(key, key.hash64(), value);
  }

  boolean replace(StateKey key, long hash, byte[] value) {
    int slot = find(key.engineKey(), hash);
    if (slot < 0) {
      return false;
    }
    store(slot, value);
    return true;
  }

  /** Removes {@code key}; returns whether it was there. */
  public boolean remove(StateKey key) {
    return remove(key, key.hash64());
  }

  boolean remove(StateKey key, long hash) {
    int hole = find(key.engineKey(), hash);
    if (hole < 0) {
      return false;
    }
    long[] s = slots;
    // Backward shift: move each later key of the run whose home is not after the hole into it.
    for (int next = (hole + 1) & mask; s[STRIDE * next] != 0; next = (next + 1) & mask) {
      int home = (int) s[STRIDE * next + 1] & mask;
      if (((next - home) & mask) >= ((next - hole) & mask)) {
        System.arraycopy(s, STRIDE * next, s, STRIDE * hole, STRIDE);
        keys[hole] = keys[next];
        if (large != null) {
          large[hole] = large[next];
        }
        hole = next;
      }
    }
    Arrays.fill(s, STRIDE * hole, STRIDE * hole + STRIDE, 0);
    keys[hole] = null;
    if (large != null) {
      large[hole] = null;
    }
    size--;
    return true;
  }

  /** Removes every key, keeping the slots' arrays (costs the capacity). */
  public void clear() {
    Arrays.fill(slots, 0);
    Arrays.fill(keys, null);
    large = null;
    size = 0;
    arenaUsed = 0;
  }

  /** What {@link #forEach} gives each entry. */
  @FunctionalInterface
  public interface Visitor {
    void accept(StateKey key, byte[] value);
  }

  /** Gives every entry to {@code visitor}, in no particular order (values as {@link #get} returns them). */
  public void forEach(Visitor visitor) {
    for (int slot = 0; slot <= mask; slot++) {
      if (slots[STRIDE * slot] != 0) {
        visitor.accept(keys[slot], value(slot));
      }
    }
  }

  /** Slots to pass to {@link #keyAt} and {@link #valueAt} (the capacity). */
  public int slotCount() {
    return mask + 1;
  }

  /** The key in slot {@code slot}, or null when the slot is empty. */
  public StateKey keyAt(int slot) {
    return slots[STRIDE * slot] == 0 ? null : keys[slot];
  }

  /** The value in slot {@code slot} (occupied), as {@link #get} returns it. */
  public byte[] valueAt(int slot) {
    return value(slot);
  }

  /** Puts every entry of {@code other} (same marker) into this table, over what this one holds. */
  public void putAll(StateTable other) {
    assert other.marker == marker : "tables with different markers";
    for (int slot = 0; slot <= other.mask; slot++) {
      if (other.slots[STRIDE * slot] != 0) {
        put(other.keys[slot], other.slots[STRIDE * slot + 1], other.value(slot));
      }
    }
  }

  /**
   * Reads the slot the key with hash {@code hash} would be looked for in first, and the first byte
   * of that slot's key in the arena if it holds one (see {@link io.cairn.chain.contract.StateReader#warm}):
   * a number made of them, and nothing changed.
   */
  public long warm(long hash) {
    long[] s = slots;
    int slot = (int) hash & mask;
    long meta = s[STRIDE * slot];
    byte[] a = arena;
    return meta != 0 && a != null ? meta + a[(int) meta] : meta;
  }

  private int find(byte[] bytes, long hash) {
    long[] s = slots;
    int slot = (int) hash & mask;
    for (long meta = s[STRIDE * slot]; meta != 0; meta = s[STRIDE * slot]) {
      if (s[STRIDE * slot + 1] == hash && sameKey(meta, slot, bytes)) {
        return slot;
      }
      slot = (slot + 1) & mask;
    }
    return -1;
  }

  private boolean sameKey(long meta, int slot, byte[] bytes) {
    int length = (int) (meta >>> 32) & 0xfff;
    if (arena == null) {
      byte[] own = keys[slot].engineKey();
      return own == bytes || (length == bytes.length && Arrays.equals(own, bytes));
    }
    int offset = (int) meta;
    return length == bytes.length && Arrays.equals(arena, offset, offset + length, bytes, 0, length);
  }

  private byte[] value(int slot) {
    long meta = slots[STRIDE * slot];
    int code = (int) (meta >>> 44) & 0xf;
    if (code == INLINE) {
      byte[] value = new byte[8];
      LONGS.set(value, 0, slots[STRIDE * slot + 2]);
      return value;
    }
    return code == MARKER ? marker : large[slot];
  }

  private void store(int slot, byte[] value) {
    int at = STRIDE * slot;
    int code;
    long packed = 0;
    byte[] kept = null;
    if (value == marker) {
      code = MARKER;
    } else if (value.length == 8) {
      code = INLINE;
      packed = (long) LONGS.get(value, 0);
    } else {
      code = LARGE;
      kept = value;
    }
    if (kept != null || ((slots[at] >>> 44) & 0xf) == LARGE) { // the large array is touched only for long values
      if (large == null) {
        large = new byte[mask + 1][];
      }
      large[slot] = kept;
    }
    slots[at] = (slots[at] & ~(0xfL << 44)) | ((long) code << 44);
    slots[at + 2] = packed;
  }

  private void storeInline(int slot, long packed) {
    int at = STRIDE * slot;
    if (((slots[at] >>> 44) & 0xf) == LARGE) {
      large[slot] = null;
    }
    slots[at] = (slots[at] & ~(0xfL << 44)) | ((long) INLINE << 44);
    slots[at + 2] = packed;
  }

  /** Copies {@code bytes} to the end of the arena; returns their offset. */
  private long append(byte[] bytes) {
    if (bytes.length > 0xfff) {
      throw new InvalidArgumentException("a state key of " + bytes.length + " bytes is over 4,095");
    }
    if (arenaUsed + bytes.length > arena.length) {
      long wanted = Math.max(2L * arena.length, (long) arenaUsed + bytes.length);
      if (wanted > Integer.MAX_VALUE - 16) {
        throw new InvalidArgumentException("state table arena over 2 GiB");
      }
      arena = Arrays.copyOf(arena, (int) wanted);
    }
    int offset = arenaUsed;
    System.arraycopy(bytes, 0, arena, offset, bytes.length);
    arenaUsed += bytes.length;
    return offset;
  }

  /** Doubles the slots and moves every key to its place there, packing the arena (removed keys' bytes dropped). */
  private void grow() {
    long[] oldSlots = slots;
    StateKey[] oldKeys = keys;
    byte[][] oldLarge = large;
    byte[] oldArena = arena;
    allocate(2 * (mask + 1));
    arena = oldArena == null ? null : new byte[oldArena.length];
    arenaUsed = 0;
    for (int from = 0; from < oldKeys.length; from++) {
      long meta = oldSlots[STRIDE * from];
      if (meta == 0) {
        continue;
      }
      int length = (int) (meta >>> 32) & 0xfff;
      if (arena != null) {
        System.arraycopy(oldArena, (int) meta, arena, arenaUsed, length);
        meta = (meta & ~0xffffffffL) | arenaUsed;
        arenaUsed += length;
      }
      long hash = oldSlots[STRIDE * from + 1];
      int slot = (int) hash & mask;
      while (slots[STRIDE * slot] != 0) {
        slot = (slot + 1) & mask;
      }
      slots[STRIDE * slot] = meta;
      slots[STRIDE * slot + 1] = hash;
      slots[STRIDE * slot + 2] = oldSlots[STRIDE * from + 2];
      keys[slot] = oldKeys[from];
      if (oldLarge != null && oldLarge[from] != null) {
        if (large == null) {
          large = new byte[mask + 1][];
        }
        large[slot] = oldLarge[from];
      }
    }
  }

  /** Asserts the class invariants (tests): each key reachable from its home slot, size, load. */
  void checkInvariants() {
    int occupied = 0;
    for (int slot = 0; slot <= mask; slot++) {
      long meta = slots[STRIDE * slot];
      if (meta == 0) {
        continue;
      }
      occupied++;
      StateKey key = keys[slot];
      if (find(key.engineKey(), slots[STRIDE * slot + 1]) != slot) {
        throw new AssertionError("key in slot " + slot + " is not found from its home slot");
      }
    }
    if (occupied != size || 8L * size > (long) loadEighths * (mask + 1)) {
      throw new AssertionError("size " + size + ", occupied " + occupied + ", capacity " + (mask + 1));
    }
  }
}
