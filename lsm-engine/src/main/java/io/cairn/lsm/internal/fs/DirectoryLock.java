package io.cairn.lsm.internal.fs;

/** Exclusive ownership of a database directory by this process; released by {@link #close}. */
public interface DirectoryLock extends AutoCloseable {
  /** Releases the lock. Idempotent. */
  @Override
  void close();
}
