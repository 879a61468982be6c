package io.cairn.lsm.api;

/**
 * An open Cairn database: a sorted map from byte strings to byte strings, durable on disk (and on
 * persistent memory when L0 is on pmem). Obtained from {@link Cairn#open}.
 *
 * <p>Thread-safety: one {@code Db} is meant to be shared by all threads of a process; every
 * method may be called concurrently. Writes from concurrent threads are group-committed to the
 * WAL. Only one process may have a directory open at a time (a file lock refuses the second).
 *
 * <p>Memory: arrays passed in are read during the call only and may be reused afterwards;
 * arrays returned belong to the caller.
 *
 * <p>Errors: every method throws unchecked {@link io.cairn.common.CairnException}s: {@code
 * ClosedException} after {@link #close()}, {@code CairnIoException} when the disk refuses a
 * write (the write fails, the database stays consistent), {@code CorruptionException} naming the
 * file when stored bytes fail their checks, {@code InvalidArgumentException} for bad arguments.
 */
public interface Db extends AutoCloseable {
  /** Sets {@code key} to {@code value} with {@link WriteOptions#DEFAULT}. */
  default void put(byte[] key, byte[] value) {
    put(key, value, WriteOptions.DEFAULT);
  }

  /**
   * Sets {@code key} to {@code value}. When {@code options.sync()} is true the call returns only
   * after the WAL record is durable, so the write survives a crash or {@code kill -9}.
   */
  void put(byte[] key, byte[] value, WriteOptions options);

  /** Removes {@code key} (a no-op when absent) with {@link WriteOptions#DEFAULT}. */
  default void delete(byte[] key) {
    delete(key, WriteOptions.DEFAULT);
  }

  /** Removes {@code key}; a no-op when absent. Durability as for {@link #put}. */
  void delete(byte[] key, WriteOptions options);

  /** Applies every operation of {@code batch} atomically, with {@link WriteOptions#DEFAULT}. */
  default void write(WriteBatch batch) {
    write(batch, WriteOptions.DEFAULT);
  }

  /**
   * Applies every operation of {@code batch} atomically: after a crash either all of them or none
   * is visible, and readers never see part of the batch. The batch may be reused afterwards.
   */
  void write(WriteBatch batch, WriteOptions options);

  /**
   * Makes every write that returned before this call durable, like an empty synced {@link #write},
   * but without holding back the writes issued meanwhile: where it can, the engine syncs the live
   * WAL segment outside its queue of writers (one {@code fsync} of the file those writes went to),
   * so a writer on another thread goes on appending unsynced while this call waits for the disk.
   * Where that cannot be done (a sealed segment or the live segment's name not durable yet, a WAL
   * on pmem) it is the empty synced write. This default is that write.
   */
  default void syncWal() {
    write(new WriteBatch(), WriteOptions.SYNC);
  }

  /** The value of {@code key}, or {@code null} when absent, with {@link ReadOptions#DEFAULT}. */
  default byte[] get(byte[] key) {
    return get(key, ReadOptions.DEFAULT);
  }

  /**
   * The value of {@code key} as of {@code options.snapshot()} (or now, when none), or {@code
   * null} when absent. The returned array is a fresh copy owned by the caller.
   */
  byte[] get(byte[] key, ReadOptions options);

  /**
   * The values of {@code keys} ({@code null} where absent), in the same order, as {@link #get}
   * answers each. The engine reads them all at one sequence from one view of its memtables and
   * tables, and keys given in ascending order walk each memtable once (a lookup starts from where
   * the previous one ended) instead of searching it from the top per key: sort a large batch of
   * lookups first. This default reads each key with {@link #get}.
   */
  default byte[][] multiGet(byte[][] keys, ReadOptions options) {
    byte[][] values = new byte[keys.length][];
    for (int i = 0; i < keys.length; i++) {
      values[i] = get(keys[i], options);
    }
    return values;
  }

  /**
   * A consistent, read-only view of the database as of now, kept until the snapshot is closed.
   * Compaction keeps the versions the snapshot can see, so release snapshots promptly.
   */
  Snapshot getSnapshot();

  /**
   * A cursor over the database as of {@code options.snapshot()} (or an implicit snapshot taken
   * now). It pins the files it reads until closed, so close it promptly.
   */
  DbIterator newIterator(ReadOptions options);

  /** {@link #newIterator(ReadOptions)} with {@link ReadOptions#DEFAULT}. */
  default DbIterator newIterator() {
    return newIterator(ReadOptions.DEFAULT);
  }

  /**
   * Compacts the key range {@code [begin, end]} (either bound {@code null} = unbounded) down to
   * the bottom level, dropping overwritten values and tombstones no snapshot needs. Blocks until
   * done.
   */
  void compactRange(byte[] begin, byte[] end);

  /**
   * Replaces every pair of the database by those of {@code pairs}, atomically and durably,
   * without the WAL or the memtable (an ingest of sorted tables, like RocksDB's {@code
   * IngestExternalFile} into an emptied database). The pairs are written into new SSTables at
   * the bottom level, synced, and then one MANIFEST record drops every table and WAL segment the
   * database had and lists the new tables. A crash leaves the old contents or the new, never a
   * mix; readers see one or the other. Writes issued meanwhile wait for the call and apply
   * after it; a flush or compaction running when the tables are committed is waited for, and
   * none starts until the commit is done. Iterators opened before keep reading the old
   * contents; a {@link Snapshot} taken before reads the new ones (the ingested pairs carry
   * sequence number 0).
   *
   * @throws io.cairn.common.InvalidArgumentException when the keys are not strictly ascending; the database is
   *     unchanged (so it is when {@code pairs} throws)
   * @throws io.cairn.common.CairnIoException when a table or the MANIFEST cannot be written
   */
  void replaceAll(SortedPairs pairs);

  /**
   * A named property of the engine, or {@code null} for an unknown name. Names (documented in
   * {@code docs/engine.md}): {@code cairn.num-files-at-level<N>}, {@code cairn.bytes-at-level<N>},
   * {@code cairn.stats}, {@code cairn.sstables}, {@code cairn.approximate-memory-usage}.
   */
  String property(String name);

  /** A snapshot of the engine's counters (writes, stalls, compaction bytes, per-level files). */
  DbStats stats();

  /**
   * Waits for background work, syncs the WAL and releases the directory lock. Idempotent. After
   * close every other method throws {@code ClosedException}.
   *
   * @throws io.cairn.common.CairnIoException when the final sync fails (the data acknowledged
   *     with {@code sync=true} is still safe)
   */
  @Override
  void close();
}
