package io.cairn.lsm.internal.version;

import io.cairn.common.CorruptionException;
import io.cairn.lsm.api.ReadOptions;
import io.cairn.lsm.internal.iterator.InternalIterator;
import io.cairn.lsm.internal.key.Lookup;
import io.cairn.lsm.internal.table.Table;
import io.cairn.lsm.internal.table.TableFactory;
import io.cairn.lsm.internal.table.TableKind;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Open tables by file number, at most {@code maxOpenTables} at once (least recently used closed
 * first). Tables are opened through the {@link TableFactory} of their {@link TableKind}, which is
 * how the pmem L0 plugs its NVMTables into the read path and compaction.
 *
 * <p>Each open table is reference-counted: the cache holds one reference and every reader holds
 * one while it reads, so a table evicted (or deleted) while in use is closed only after its last
 * reader lets go.
 *
 * <p>Thread-safety: safe for concurrent use; lookups take no lock.
 */
public final class TableCache {
  /** One open table and its references (package-private for {@link Version.Reader}'s pins). */
  static final class Entry {
    final Table table;
    final AtomicInteger references = new AtomicInteger(1);
    long lastUse;

    Entry(Table table) {
      this.table = table;
    }

    boolean tryRetain() {
      int count;
      do {
        count = references.get();
        if (count == 0) {
          return false;
        }
      } while (!references.compareAndSet(count, count + 1));
      return true;
    }

    void release() {
      if (references.decrementAndGet() == 0) {
        table.close();
      }
    }
  }

  private final Map<TableKind, TableFactory> factories;
  private final int maxOpenTables;
  private final ConcurrentHashMap<Long, Entry> open = new ConcurrentHashMap<>();
  private final AtomicLong clock = new AtomicLong();
  private final LongAdder opens = new LongAdder();

  /** A cache opening tables through {@code factories}, keeping at most {@code maxOpenTables}. */
  public TableCache(Map<TableKind, TableFactory> factories, int maxOpenTables) {
    this.factories = new EnumMap<>(factories);
    this.maxOpenTables = maxOpenTables;
  }

  /** The factory of {@code kind}, or a corruption naming the file when this build has none. */
  public TableFactory factory(TableKind kind, long fileNumber) {
    TableFactory factory = factories.get(kind);
    if (factory == null) {
      throw new CorruptionException("table " + fileNumber + " is an " + kind
          + " table, which this database was not opened to read (check the L0 mode and pmem directory)");
    }
    return factory;
  }

  /** Looks {@code lookup} up in {@code file}; see {@link Table#get}. */
  public boolean get(FileMetaData file, Lookup lookup, ReadOptions options) {
    Entry entry = acquire(file);
    try {
      return entry.table.get(lookup, options);
    } finally {
      entry.release();
    }
  }

  /** A cursor over {@code file}; holds the table open until closed. */
  public InternalIterator newIterator(FileMetaData file, ReadOptions options) {
    Entry entry = acquire(file);
    try {
      return new PinnedTableIterator(entry.table.newIterator(options), entry::release);
    } catch (RuntimeException e) {
      entry.release();
      throw e;
    }
  }

  /** Approximate offset of {@code internalKey} inside {@code file}. */
  public long approximateOffsetOf(FileMetaData file, byte[] internalKey) {
    Entry entry = acquire(file);
    try {
      return entry.table.approximateOffsetOf(internalKey);
    } finally {
      entry.release();
    }
  }

  /** Opens {@code file} now (to check it), keeping it cached. */
  public void verifyOpens(FileMetaData file) {
    acquire(file).release();
  }

  /** Forgets {@code fileNumber}'s table (it is being deleted); readers still holding it finish first. */
  public void evict(long fileNumber) {
    Entry entry = open.remove(fileNumber);
    if (entry != null) {
      entry.release();
    }
  }

  /** Tables opened since creation (a table evicted and used again counts again). */
  public long opens() {
    return opens.sum();
  }

  /** Number of tables open. */
  public int openTables() {
    return open.size();
  }

  /** Closes every table no reader holds; the rest close when released. */
  public void close() {
    for (Long number : open.keySet()) {
      evict(number);
    }
  }

  /**
   * Takes a reference on {@code file}'s table (opening it when needed), which the caller returns
   * with {@link Entry#release}: a {@link Version.Reader} holds one per table it asks until it closes.
   */
  Entry acquire(FileMetaData file) {
    while (true) {
      Entry entry = open.get(file.number());
      if (entry == null) {
        entry = open.computeIfAbsent(file.number(), number -> {
          opens.increment();
          return new Entry(factory(file.kind(), number).open(number, file.fileBytes(), file.auxiliary()));
        });
        if (open.size() > maxOpenTables) {
          evictLeastRecentlyUsed(file.number());
        }
      }
      if (entry.tryRetain()) {
        entry.lastUse = clock.incrementAndGet();
        return entry;
      }
      open.remove(file.number(), entry);
    }
  }

  private void evictLeastRecentlyUsed(long keep) {
    while (open.size() > maxOpenTables) {
      long oldestNumber = -1;
      long oldestUse = Long.MAX_VALUE;
      for (Map.Entry<Long, Entry> candidate : open.entrySet()) {
        if (candidate.getKey() != keep && candidate.getValue().lastUse < oldestUse) {
          oldestUse = candidate.getValue().lastUse;
          oldestNumber = candidate.getKey();
        }
      }
      if (oldestNumber < 0) {
        return;
      }
      evict(oldestNumber);
    }
  }
}
