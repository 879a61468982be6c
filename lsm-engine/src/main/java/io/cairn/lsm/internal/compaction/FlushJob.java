package io.cairn.lsm.internal.compaction;

import io.cairn.lsm.internal.memtable.MemTable;
import io.cairn.lsm.internal.table.TableFactory;
import io.cairn.lsm.internal.table.WrittenTable;
import io.cairn.lsm.internal.version.FileMetaData;
import io.cairn.lsm.internal.version.VersionSet;

/**
 * Minor compaction: writes an immutable memtable as one L0 table through the L0 {@link
 * TableFactory} (SSTables in {@code L0Mode.SSD}; the pmem L0 plugs in its NVMTable factory here).
 * The caller records the result in a version edit. Thread-safety: stateless.
 */
public final class FlushJob {
  private FlushJob() {}

  /**
   * Writes {@code memtable} (not empty) as a new, durable L0 table.
   *
   * @return the table's metadata, not yet in any version
   * @throws io.cairn.common.CairnIoException when the device refuses (no table is left behind)
   */
  public static FileMetaData write(MemTable memtable, TableFactory l0Tables, VersionSet versions) {
    assert !memtable.isEmpty();
    long number = versions.newFileNumber();
    WrittenTable written = l0Tables.write(number, memtable.newIterator());
    return new FileMetaData(number, written.fileBytes(), written.smallestKey(), written.largestKey(),
        l0Tables.kind(), written.auxiliary());
  }
}
