package io.cairn.chain.contract.exec;

import io.cairn.chain.contract.StateKey;
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
 * <p>Thread-safety: confined to the thread that runs the call until its {@link Outcome} is
 * handed over; read-only afterwards, until {@link #clear()}ed for the next call.
 */
final class CallWrites {
  /** The writes of a call that failed or wrote nothing. */
  static final CallWrites NONE = new CallWrites(0);
  /** Up to this many keys {@link #indexOf} scans the arrays. */
  private static final int SCAN_MAX = 16;

  private StateKey[] keys;
  private byte[][] values;
  private int size;
  private Map<StateKey, Integer> index;

  CallWrites(int capacity) {
    keys = new StateKey[capacity];
    values = new byte[capacity][];
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

  /** The last value written to {@link #key key(i)}; {@link CallView#DELETED} for a deletion. */
  byte[] value(int i) {
    return values[i];
  }

  /** The last value written to {@code key}, or null when the call did not write it. */
  byte[] get(StateKey key) {
    int i = indexOf(key);
    return i < 0 ? null : values[i];
  }

  boolean containsKey(StateKey key) {
    return indexOf(key) >= 0;
  }

  /** Writes {@code value} ({@link CallView#DELETED} to delete) to {@code key}. */
  void put(StateKey key, byte[] value) {
    assert this != NONE : "NONE is shared and stays empty";
    int i = indexOf(key);
    if (i >= 0) {
      values[i] = value;
      return;
    }
    if (size == keys.length) {
      int capacity = Math.max(4, 2 * size);
      keys = Arrays.copyOf(keys, capacity);
      values = Arrays.copyOf(values, capacity);
    }
    keys[size] = key;
    values[size] = value;
    if (index != null) {
      index.put(key, size);
    } else if (size + 1 > SCAN_MAX) {
      index = HashMap.newHashMap(2 * SCAN_MAX);
      for (int k = 0; k <= size; k++) {
        index.put(keys[k], k);
      }
    }
    size++;
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
      target.put(keys[i], values[i]);
    }
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
