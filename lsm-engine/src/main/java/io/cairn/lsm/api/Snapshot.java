package io.cairn.lsm.api;

/**
 * A consistent point-in-time view, passed to reads through {@link ReadOptions#withSnapshot}.
 * Closing it releases it (idempotent); a snapshot must not be used after close or after its
 * {@link Db} is closed.
 */
public interface Snapshot extends AutoCloseable {
  /** The sequence number the snapshot sees: every write up to and including it. */
  long sequence();

  @Override
  void close();
}
