package io.cairn.lsm.internal.table;

import io.cairn.lsm.internal.iterator.InternalIterator;
import java.util.Set;

/**
 * Makes, opens and deletes the tables of one {@link TableKind}: the seam through which the
 * engine's flush path (memtable to L0) and its table cache reach a table format. The SSTable
 * factory serves every level in {@code L0Mode.SSD}; an NVMTable factory serves L0 in {@code
 * L0Mode.PMEM}, while compaction keeps writing SSTables for L1 and below. See {@code
 * docs/engine.md}, "L0 seams".
 *
 * <p>Thread-safety: implementations are safe for concurrent use (the flush thread writes while
 * readers open tables).
 */
public interface TableFactory {
  /** The kind of table this factory handles. */
  TableKind kind();

  /**
   * Writes every entry of {@code entries} (from its first, in internal-key order; at least one)
   * into a new table numbered {@code fileNumber}, durably: when this returns, the table survives
   * a crash and may be listed in the MANIFEST.
   *
   * @throws io.cairn.common.CairnIoException when the device refuses (the partial table is
   *     removed)
   */
  WrittenTable write(long fileNumber, InternalIterator entries);

  /**
   * Opens the table numbered {@code fileNumber} as listed in the MANIFEST.
   *
   * @throws io.cairn.common.CorruptionException naming the file when it is missing, truncated or
   *     fails its checks
   */
  Table open(long fileNumber, long fileBytes, byte[] auxiliary);

  /** Deletes the table's files; missing files are ignored. */
  void delete(long fileNumber, byte[] auxiliary);

  /** Numbers of the tables of this kind present on the device, listed or not (for orphan cleanup). */
  Set<Long> storedTableNumbers();
}
