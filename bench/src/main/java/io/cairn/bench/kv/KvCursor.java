package io.cairn.bench.kv;

/**
 * An ordered cursor over a {@link KvStore}, as the {@code readseq} and {@code seekrandom}
 * workloads use it: position, then read the entry under the cursor.
 *
 * <p>Thread-safety: one thread. {@link #key()} and {@link #value()} return arrays owned by the
 * caller. Close it promptly: engines pin files while a cursor is open.
 */
public interface KvCursor extends AutoCloseable {
  /** Moves to the first key. */
  void seekToFirst();

  /** Moves to the first key at or after {@code target}. */
  void seek(byte[] target);

  /** Whether the cursor is on an entry. */
  boolean isValid();

  /** Moves to the next entry. Requires {@link #isValid()}. */
  void next();

  /** The current key. Requires {@link #isValid()}. */
  byte[] key();

  /** The current value. Requires {@link #isValid()}. */
  byte[] value();

  @Override
  void close();
}
