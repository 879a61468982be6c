package io.cairn.bench.kv;

/**
 * One open key-value store under benchmark: the few operations the workloads need, the same for
 * every engine. Implementations are thin adapters that add nothing an engine's own user would not
 * pay for (no copies beyond what the engine's API forces).
 *
 * <p>Thread-safety: used by one benchmark thread at a time. Memory: the runner never changes an
 * array after passing it in (iq80's memtable, for one, keeps a reference to it instead of a copy);
 * arrays returned belong to the caller.
 *
 * <p>Errors: every method throws an unchecked {@link io.cairn.common.CairnException} (an engine's
 * own checked or unchecked failure, wrapped with the engine's name) when the engine fails; the
 * runner then reports the run as failed, never as measured.
 */
public interface KvStore extends AutoCloseable {
  /** Sets {@code key} to {@code value} with the run's write durability (WAL on, no fsync). */
  void put(byte[] key, byte[] value);

  /** The value of {@code key}, or {@code null} when absent. */
  byte[] get(byte[] key);

  /** A new cursor over the store's current contents; the caller closes it. */
  KvCursor cursor();

  /** The engine's own counters (stalls, write amplification) where it exposes them. */
  StoreStats stats();

  /**
   * Whether the engine has no flush or compaction running, scheduled or due (read several times
   * in a row by a caller that waits for quiet: a compaction that a just-finished flush asked for
   * may not have started yet). An engine that cannot tell answers true.
   */
  default boolean backgroundIdle() {
    return true;
  }

  /**
   * Flushes the memtable and compacts every key into the engine's deeper levels, and returns when
   * done; an engine without levels (or that cannot) does nothing. The bench's warm-up calls it so
   * that the JIT has compiled the flush, compaction and table-read paths before anything is
   * measured, whichever engine runs first.
   */
  default void compactAll() {}

  /** Tables in the engine's level 0 now, or -1 when the engine does not say. */
  default int level0Tables() {
    return -1;
  }

  /** Waits for nothing more than the engine's own close does, and releases every resource. */
  @Override
  void close();
}
