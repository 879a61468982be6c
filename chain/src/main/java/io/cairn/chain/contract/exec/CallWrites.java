package io.cairn.chain.contract.exec;

import io.cairn.chain.contract.StateKey;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The writes of one execution of one call, in the order first written, {@link CallView#DELETED}
 * marking a deletion: a key appears once, with its last value. A call writes a handful of keys (a
 * transfer two), so the keys and values are two small arrays searched from the end, with no map,
 * entry or boxed index per write; past {@value #SCAN_MAX} keys an index by key is added, so a call
 * that writes thousands of keys stays linear.
 *
 * <p>A value of exactly 8 bytes written through {@link #putCopy} (a balance, a counter: what a
 * contract's {@code put} writes) is kept as a {@code long} beside the key instead of in a copy of
 * the contract's array (session 16), and goes into a {@link StateTable}, which keeps such values in
 * its slots, as that {@code long} ({@link #putInto}): the copy a contract's put made was garbage as
 * soon as the call's writes moved into its executor's table, 24 bytes per balance written. Where an
 * array is asked for ({@link #value}, {@link #get}) one is made from it, each time a fresh one.
 *
 * <p>Thread-safety: confined to the thread that runs the call until its {@link Outcome} is
 * handed over; read-only afterwards, until {@link #clear()}ed for the next call.
 */
final class CallWrites {
  /** The writes of a call that failed or wrote nothing. */
  static final CallWrites NONE = new CallWrites(0);
  /** Up to this many keys {@link #indexOf} scans the arrays. */
  private static final int SCAN_MAX = 16;

  /** Stands in {@link #values} for a value kept in {@link #inline}; never handed out. */
  private static final byte[] INLINE = new byte[8];
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private StateKey[] keys;
  private byte[][] values;
  /** The 8 bytes (little-endian) of value {@code i} where {@code values[i] == INLINE}. */
  private long[] inline;
  private int size;
  private Map<StateKey, Integer> index;

  CallWrites(int capacity) {
    keys = new StateKey[capacity];
    values = new byte[capacity][];
    inline = new long[capacity];
  }

  /** How many keys were written. */
  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The {@code i}-th key written (in first-written order). */
  StateKey key(int i) {
    return keys[i];
  }

  /**
   * The last value written to {@link #key key(i)}; {@link CallView#DELETED} for a deletion. A value
   * kept inline comes out as a fresh array; any other as stored (do not change it).
   */
  byte[] value(int i) {
    byte[] value = values[i];
    return value == INLINE ? bytes(inline[i]) : value;
  }

  /** The last value written to {@code key}, or null when the call did not write it (as {@link #value}). */
  byte[] get(StateKey key) {
    int i = indexOf(key);
    return i < 0 ? null : value(i);
  }

  /**
   * As {@link #get}, but an array the caller owns (a contract's read of its own write): an inline
   * value's fresh array, a copy of any other; {@link CallView#DELETED} stays the marker.
   */
  byte[] copy(StateKey key) {
    int i = indexOf(key);
    if (i < 0) {
      return null;
    }
    byte[] value = values[i];
    return value == INLINE ? bytes(inline[i]) : value == CallView.DELETED ? value : value.clone();
  }

  boolean containsKey(StateKey key) {
    return indexOf(key) >= 0;
  }

  /** Writes {@code value} ({@link CallView#DELETED} to delete; an array this buffer may keep) to {@code key}. */
  void put(StateKey key, byte[] value) {
    int i = slot(key); // first: it may replace the arrays
    values[i] = value;
  }

  /**
   * Writes a copy of {@code value} (never the marker: an array its caller may change afterwards) to
   * {@code key}: 8 bytes as a {@code long}, no array; any other length as a copy.
   */
  void putCopy(StateKey key, byte[] value) {
    int i = slot(key);
    if (value.length == 8) {
      inline[i] = (long) LONGS.get(value, 0);
      values[i] = INLINE;
    } else {
      values[i] = value.clone();
    }
  }

  /** The position of {@code key}'s write, added (with no value yet) when the call has not written it. */
  private int slot(StateKey key) {
    assert this != NONE : "NONE is shared and stays empty";
    int i = indexOf(key);
    if (i >= 0) {
      return i;
    }
    if (size == keys.length) {
      int capacity = Math.max(4, 2 * size);
      keys = Arrays.copyOf(keys, capacity);
      values = Arrays.copyOf(values, capacity);
      inline = Arrays.copyOf(inline, capacity);
    }
    keys[size] = key;
    if (index != null) {
      index.put(key, size);
    } else if (size + 1 > SCAN_MAX) {
      index = HashMap.newHashMap(2 * SCAN_MAX);
      for (int k = 0; k <= size; k++) {
        index.put(keys[k], k);
      }
    }
    return size++;
  }

  /**
   * Empties this buffer for the next call of the same thread, keeping its arrays: an executor
   * that moves each call's writes into its own map at once reuses one buffer for every call.
   */
  void clear() {
    assert this != NONE : "NONE is shared and stays empty";
    Arrays.fill(keys, 0, size, null);
    Arrays.fill(values, 0, size, null);
    size = 0;
    index = null;
  }

  /**
   * Puts every write into {@code target} (an executor's overlay, marker {@link CallView#DELETED}),
   * in order: later calls' writes replace earlier ones there.
   */
  void putInto(StateTable target) {
    for (int i = 0; i < size; i++) {
      putInto(target, i);
    }
  }

  /** Puts write {@code i} into {@code target} (an inline value as its {@code long}: no array made). */
  void putInto(StateTable target, int i) {
    byte[] value = values[i];
    if (value == INLINE) {
      target.putInline(keys[i], inline[i]);
    } else {
      target.put(keys[i], value);
    }
  }

  private static byte[] bytes(long packed) {
    byte[] value = new byte[8];
    LONGS.set(value, 0, packed);
    return value;
  }

  private int indexOf(StateKey key) {
    if (index != null) {
      Integer at = index.get(key);
      return at == null ? -1 : at;
    }
    for (int i = size - 1; i >= 0; i--) {
      if (keys[i] == key || keys[i].equals(key)) {
        return i;
      }
    }
    return -1;
  }
}
