package io.cairn.lsm.internal.iterator;

/**
 * A cursor over internal keys ({@link io.cairn.lsm.internal.key.InternalKeyFormat}) and their
 * values in internal-key order: what memtables, tables, levels and merges all provide, and what
 * the user-facing iterator and compaction consume.
 *
 * <p>Memory: the key and value are slices of arrays the iterator owns; they stay valid only until
 * the iterator moves or closes. Callers copy what they keep.
 *
 * <p>Errors: moving methods throw {@link io.cairn.common.CorruptionException} (naming the file)
 * or {@link io.cairn.common.CairnIoException} when stored bytes fail their checks or a read
 * fails; the iterator is then not valid.
 *
 * <p>Thread-safety: not thread-safe; one thread at a time.
 */
public interface InternalIterator extends AutoCloseable {
  /** Whether the cursor is on an entry. */
  boolean isValid();

  /** Moves to the first entry. */
  void seekToFirst();

  /** Moves to the last entry. */
  void seekToLast();

  /** Moves to the first entry at or after the internal key {@code target[offset, +length)}. */
  void seek(byte[] target, int offset, int length);

  /** Moves to the next entry. Requires {@link #isValid()}. */
  void next();

  /** Moves to the previous entry. Requires {@link #isValid()}. */
  void prev();

  /** Array holding the current internal key. Requires {@link #isValid()}. */
  byte[] keyBytes();

  /** Offset of the current key in {@link #keyBytes()}. */
  int keyOffset();

  /** Length of the current key. */
  int keyLength();

  /** Array holding the current value. Requires {@link #isValid()}. */
  byte[] valueBytes();

  /** Offset of the current value in {@link #valueBytes()}. */
  int valueOffset();

  /** Length of the current value. */
  int valueLength();

  /**
   * The current value as a {@link io.cairn.lsm.internal.key.ValueReference} when it is a record
   * of a pmem Container that a reference may name instead of a copy (key-value separation: an
   * NVMTable's long value), else null. Reads the entry's slot only, never the value. Requires
   * {@link #isValid()}.
   */
  default io.cairn.lsm.internal.key.ValueReference valueReference() {
    return null;
  }

  /** Releases what the iterator pins (table references). Idempotent. */
  @Override
  void close();

  /** Moves to the first entry at or after the whole internal key {@code target}. */
  default void seek(byte[] target) {
    seek(target, 0, target.length);
  }

  /** A copy of the current internal key. */
  default byte[] copyKey() {
    return java.util.Arrays.copyOfRange(keyBytes(), keyOffset(), keyOffset() + keyLength());
  }

  /** A copy of the current value. */
  default byte[] copyValue() {
    return java.util.Arrays.copyOfRange(valueBytes(), valueOffset(), valueOffset() + valueLength());
  }
}
