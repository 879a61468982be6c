package io.cairn.lsm.internal.db;

import io.cairn.lsm.internal.memtable.MemTable;
import io.cairn.lsm.internal.version.Version;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a read needs, published as one immutable unit (RocksDB's "super version"): the memtable,
 * the sealed memtables waiting for their flush (newest first, maybe none) and the current table
 * version. Readers take it
 * without a lock: {@link #tryRef} fails only on a unit already retired, and the reader then reads
 * the newer one.
 *
 * <p>Thread-safety: safe for concurrent use.
 */
final class SuperVersion {
  final MemTable mem;
  /** Sealed memtables, newest first. */
  final List<MemTable> immutables;
  final Version version;
  private final AtomicInteger references = new AtomicInteger(1);

  /** A unit holding {@code version}'s reference (handed over by the caller). */
  SuperVersion(MemTable mem, List<MemTable> immutables, Version version) {
    this.mem = mem;
    this.immutables = immutables;
    this.version = version;
  }

  /** Adds a reference unless the unit is already retired. */
  boolean tryRef() {
    int count;
    do {
      count = references.get();
      if (count == 0) {
        return false;
      }
    } while (!references.compareAndSet(count, count + 1));
    return true;
  }

  /** Looks {@code lookup} up in the memtables, newest first; true when one decided it. */
  boolean getFromMemTables(io.cairn.lsm.internal.key.Lookup lookup) {
    if (mem.get(lookup)) {
      return true;
    }
    // An indexed loop: an iterator here would be one allocation per get.
    for (int i = 0; i < immutables.size(); i++) {
      if (immutables.get(i).get(lookup)) {
        return true;
      }
    }
    return false;
  }

  /** Drops a reference; the last one releases the version. */
  void unref() {
    if (references.decrementAndGet() == 0) {
      version.unref();
    }
  }
}
