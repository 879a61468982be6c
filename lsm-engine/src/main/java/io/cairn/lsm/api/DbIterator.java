package io.cairn.lsm.api;

/**
 * A cursor over the keys of a {@link Db} in comparator order, as of one snapshot. It is
 * positioned on an entry only while {@link #isValid()}; moving calls throw (not a separate status
 * call) when the engine hits an I/O error or corruption.
 *
 * <p>Thread-safety: not thread-safe; one thread at a time. Memory: {@link #key()} and
 * {@link #value()} return fresh arrays owned by the caller. Close it to unpin the files it reads.
 */
public interface DbIterator extends AutoCloseable {
  /** Whether the cursor is on an entry. */
  boolean isValid();

  /** Moves to the first key. */
  void seekToFirst();

  /** Moves to the last key. */
  void seekToLast();

  /** Moves to the first key at or after {@code target}. */
  void seek(byte[] target);

  /** Moves to the next key. Requires {@link #isValid()}. */
  void next();

  /** Moves to the previous key. Requires {@link #isValid()}. */
  void prev();

  /** The current key. Requires {@link #isValid()}. */
  byte[] key();

  /** The current value. Requires {@link #isValid()}. */
  byte[] value();

  @Override
  void close();
}
