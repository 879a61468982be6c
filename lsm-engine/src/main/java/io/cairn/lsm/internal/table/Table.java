package io.cairn.lsm.internal.table;

import io.cairn.lsm.api.ReadOptions;
import io.cairn.lsm.internal.iterator.InternalIterator;
import io.cairn.lsm.internal.key.Lookup;

/**
 * A readable, immutable table of internal keys: the one interface the read path, compaction and
 * the table cache use, whatever the table's {@link TableKind} (an SSTable on disk today, an
 * NVMTable on persistent memory for the pmem L0). See {@code docs/engine.md}, "L0 seams".
 *
 * <p>Thread-safety: every method may be called by any number of threads at once, except {@link
 * #close}, which the table cache calls once no reader holds the table.
 *
 * <p>Errors: {@link io.cairn.common.CorruptionException} naming the file when stored bytes fail
 * their checks; {@link io.cairn.common.CairnIoException} when the device fails a read.
 */
public interface Table {
  /**
   * Looks up {@code lookup}'s user key as of its sequence. When this table holds a visible
   * version, records it in {@code lookup} (a value or a deletion) and returns true; otherwise
   * returns false and leaves {@code lookup} alone.
   */
  boolean get(Lookup lookup, ReadOptions options);

  /** A cursor over every entry in internal-key order; the caller closes it. */
  InternalIterator newIterator(ReadOptions options);

  /**
   * Approximate byte offset in the table's data where {@code internalKey} is or would be (the
   * table's size for keys after its last): for size estimates and compaction splitting.
   */
  long approximateOffsetOf(byte[] internalKey);

  /** Bytes the table occupies on its device. */
  long fileBytes();

  /** Releases the table's resources (mappings, file handles). */
  void close();
}
