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

  /**
   * {@link #getFromMemTables(io.cairn.lsm.internal.key.Lookup)} with one finger per memtable
   * ({@link #memTableFingers}), for lookups in ascending key order.
   */
  boolean getFromMemTables(io.cairn.lsm.internal.key.Lookup lookup, MemTable.Finger[] fingers) {
    if (mem.get(lookup, fingers[0])) {
      return true;
    }
    for (int i = 0; i < immutables.size(); i++) {
      if (immutables.get(i).get(lookup, fingers[i + 1])) {
        return true;
      }
    }
    return false;
  }

  /** A fresh finger for each memtable of this view: the mutable one first, then the sealed ones. */
  MemTable.Finger[] memTableFingers() {
    MemTable.Finger[] fingers = new MemTable.Finger[1 + immutables.size()];
    for (int i = 0; i < fingers.length; i++) {
      fingers[i] = new MemTable.Finger();
    }
    return fingers;
  }

  /** Drops a reference; the last one releases the version. */
  void unref() {
    if (references.decrementAndGet() == 0) {
      version.unref();
    }
  }
}
