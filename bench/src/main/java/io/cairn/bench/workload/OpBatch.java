package io.cairn.bench.workload;

/**
 * A batch of operations prepared before they are timed, so that generating values and hashing
 * keys never counts as the engine's latency. Every array in it is fresh: the runner hands each
 * one to an engine once and never touches it again.
 *
 * <p>Thread-safety: one thread.
 */
public final class OpBatch {
  private final byte[][] keys;
  private final byte[][] values;
  private int size;

  /**
   * @param capacity the most operations a batch holds
   * @param withValues whether the operations are writes (with values) or reads
   */
  public OpBatch(int capacity, boolean withValues) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    keys = new byte[capacity][];
    values = withValues ? new byte[capacity][] : null;
  }

  /**
   * A capacity that keeps a batch of writes under about 16 MiB of values, between 1 and 1,024
   * operations.
   */
  public static int capacityFor(int valueBytes) {
    return (int) Math.max(1, Math.min(1024, (16L << 20) / Math.max(1, valueBytes)));
  }

  /** Empties the batch. */
  public void clear() {
    size = 0;
  }

  /** Appends a write. */
  public void add(byte[] key, byte[] value) {
    keys[size] = key;
    values[size] = value;
    size++;
  }

  /** Appends a read (or seek) of {@code key}. */
  public void add(byte[] key) {
    keys[size++] = key;
  }

  /** The most operations this batch holds. */
  public int capacity() {
    return keys.length;
  }

  /** Operations in the batch. */
  public int size() {
    return size;
  }

  /** Whether no more operation fits. */
  public boolean isFull() {
    return size == keys.length;
  }

  /** The key of operation {@code i}. */
  public byte[] key(int i) {
    return keys[i];
  }

  /** The value of write {@code i}. */
  public byte[] value(int i) {
    return values[i];
  }
}
