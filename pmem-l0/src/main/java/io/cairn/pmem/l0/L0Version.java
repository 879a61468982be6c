package io.cairn.pmem.l0;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One state of the L0 table set: its tables, newest first, held open while this version is. A
 * reader takes the current one from {@link L0TableSet#current()}, looks keys up in its tables in
 * order (the first table holding a key has its newest version) and closes it; a compaction that
 * removes tables meanwhile does not pull them from under it: their files go when the last
 * version holding them is closed.
 *
 * <p>Thread-safety: safe for concurrent use. Close once per {@link L0TableSet#current()} call.
 */
public final class L0Version implements AutoCloseable {
  private final List<NvmTable> tables;
  private final long bytes;
  private final AtomicInteger references = new AtomicInteger(1);

  /** A version of {@code tables} (newest first), retaining each. */
  L0Version(List<NvmTable> tables) {
    this.tables = List.copyOf(tables);
    long sum = 0;
    for (NvmTable table : this.tables) {
      table.retain();
      sum += table.sizeBytes();
    }
    this.bytes = sum;
  }

  /** The tables, newest (highest id) first. Valid while this version is open. */
  public List<NvmTable> tables() {
    return tables;
  }

  /** Number of tables. */
  public int size() {
    return tables.size();
  }

  /** Pmem bytes of the tables (table and container regions). */
  public long bytes() {
    return bytes;
  }

  /** The table with {@code id}, or {@code null}. */
  public NvmTable table(long id) {
    for (NvmTable table : tables) {
      if (table.id() == id) {
        return table;
      }
    }
    return null;
  }

  /** Takes a reference unless the last one is gone. */
  boolean tryRetain() {
    while (true) {
      int count = references.get();
      if (count == 0) {
        return false;
      }
      if (references.compareAndSet(count, count + 1)) {
        return true;
      }
    }
  }

  /** Drops a reference; the last one releases the tables. */
  @Override
  public void close() {
    int count = references.decrementAndGet();
    if (count < 0) {
      references.incrementAndGet();
      throw new IllegalStateException("an L0 version was closed more often than it was taken");
    }
    if (count == 0) {
      for (NvmTable table : tables) {
        table.release();
      }
    }
  }

  @Override
  public String toString() {
    return "L0Version" + tables.stream().map(NvmTable::id).toList();
  }
}
