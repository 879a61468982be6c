package io.cairn.bench.workload.ycsb;

/**
 * A batch of YCSB operations prepared before they are timed: the operation, its key, and what it
 * needs (the field an update replaces and its new value, an insert's whole record, a scan's
 * length). The runner hands each array to an engine at most once.
 *
 * <p>Thread-safety: one thread.
 */
public final class YcsbBatch {
  private final Operation[] operations;
  private final byte[][] keys;
  private final int[] arguments;
  private final byte[][] payloads;
  private int size;

  /** @param capacity the most operations a batch holds, at least 1 */
  public YcsbBatch(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    operations = new Operation[capacity];
    keys = new byte[capacity][];
    arguments = new int[capacity];
    payloads = new byte[capacity][];
  }

  /** Empties the batch. */
  public void clear() {
    java.util.Arrays.fill(payloads, 0, size, null);
    size = 0;
  }

  /**
   * Appends an operation.
   *
   * @param argument the field index (update, read-modify-write), the scan length (scan), else 0
   * @param payload the new field value (update, read-modify-write), the record (insert), else null
   */
  public void add(Operation operation, byte[] key, int argument, byte[] payload) {
    operations[size] = operation;
    keys[size] = key;
    arguments[size] = argument;
    payloads[size] = payload;
    size++;
  }

  public int capacity() {
    return keys.length;
  }

  public int size() {
    return size;
  }

  public boolean isFull() {
    return size == keys.length;
  }

  public Operation operation(int i) {
    return operations[i];
  }

  public byte[] key(int i) {
    return keys[i];
  }

  /** The field index or scan length of operation {@code i}. */
  public int argument(int i) {
    return arguments[i];
  }

  /** The new field value or record of operation {@code i}. */
  public byte[] payload(int i) {
    return payloads[i];
  }
}
