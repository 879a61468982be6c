package io.cairn.chain;

import io.cairn.common.ClosedException;
import io.cairn.common.UnsignedBytes;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.DbIterator;
import io.cairn.lsm.api.DbStats;
import io.cairn.lsm.api.ReadOptions;
import io.cairn.lsm.api.Snapshot;
import io.cairn.lsm.api.WriteBatch;
import io.cairn.lsm.api.WriteOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A test double of the engine's {@link Db}: a sorted map in memory, batches applied atomically.
 * Used by the ledger's rule tests, which are about the ledger's logic and need thousands of fresh
 * ledgers; persistence (reopen, kill -9) and tamper tests run on the real engine.
 */
public final class MemoryDb implements Db {
  private final TreeMap<byte[], byte[]> map = new TreeMap<>(UnsignedBytes.COMPARATOR);
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private long writes;
  private boolean closed;

  @Override
  public void put(byte[] key, byte[] value, WriteOptions options) {
    write(new WriteBatch().put(key, value), options);
  }

  @Override
  public void delete(byte[] key, WriteOptions options) {
    write(new WriteBatch().delete(key), options);
  }

  @Override
  public void write(WriteBatch batch, WriteOptions options) {
    lock.writeLock().lock();
    try {
      checkOpen();
      writes++;
      // Through the encoding, as the engine's WAL does (WriteBatch#forEach() of the pinned API does
      // not fill in the count it then checks).
      byte[] encoded = batch.encode(0);
      WriteBatch.forEach(encoded, 0, encoded.length, new WriteBatch.Handler() {
        @Override
        public void put(byte[] key, byte[] value) {
          map.put(key.clone(), value.clone());
        }

        @Override
        public void delete(byte[] key) {
          map.remove(key);
        }
      });
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public byte[] get(byte[] key, ReadOptions options) {
    lock.readLock().lock();
    try {
      checkOpen();
      byte[] value = map.get(key);
      return value == null ? null : value.clone();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Number of write calls so far (a rejected entry must not add one). */
  public long writes() {
    lock.readLock().lock();
    try {
      return writes;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** A copy of every entry, for comparing states. */
  public Map<String, String> contents() {
    lock.readLock().lock();
    try {
      Map<String, String> copy = new TreeMap<>();
      map.forEach((k, v) -> copy.put(java.util.HexFormat.of().formatHex(k), java.util.HexFormat.of().formatHex(v)));
      return copy;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Snapshot getSnapshot() {
    throw new UnsupportedOperationException("the ledger does not use snapshots");
  }

  @Override
  public DbIterator newIterator(ReadOptions options) {
    lock.readLock().lock();
    try {
      checkOpen();
      return new ListIterator(new ArrayList<>(map.entrySet()));
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void compactRange(byte[] begin, byte[] end) {}

  @Override
  public String property(String name) {
    return null;
  }

  @Override
  public DbStats stats() {
    return new DbStats(List.of(), List.of(), 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    closed = true;
    lock.writeLock().unlock();
  }

  private void checkOpen() {
    if (closed) {
      throw new ClosedException("memory db is closed");
    }
  }

  private static final class ListIterator implements DbIterator {
    private final List<Map.Entry<byte[], byte[]>> entries;
    private int position = -1;

    ListIterator(List<Map.Entry<byte[], byte[]>> entries) {
      this.entries = entries;
    }

    @Override
    public boolean isValid() {
      return position >= 0 && position < entries.size();
    }

    @Override
    public void seekToFirst() {
      position = 0;
    }

    @Override
    public void seekToLast() {
      position = entries.size() - 1;
    }

    @Override
    public void seek(byte[] target) {
      position = 0;
      while (position < entries.size() && UnsignedBytes.compare(entries.get(position).getKey(), target) < 0) {
        position++;
      }
    }

    @Override
    public void next() {
      position++;
    }

    @Override
    public void prev() {
      position--;
    }

    @Override
    public byte[] key() {
      return entries.get(position).getKey().clone();
    }

    @Override
    public byte[] value() {
      return entries.get(position).getValue().clone();
    }

    @Override
    public void close() {}
  }
}
