package io.cairn.lsm.internal.compaction;

import io.cairn.lsm.internal.iterator.InternalIterator;
import io.cairn.lsm.internal.iterator.MergingIterator;
import io.cairn.lsm.internal.memtable.MemTable;
import io.cairn.lsm.internal.table.TableFactory;
import io.cairn.lsm.internal.table.WrittenTable;
import io.cairn.lsm.internal.version.FileMetaData;
import io.cairn.lsm.internal.version.VersionSet;
import java.util.List;

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
    return write(List.of(memtable), l0Tables, versions);
  }

  /**
   * Writes {@code memtables} (sealed, not empty; their sequence numbers never overlap, so no
   * internal key is in two of them) as one new, durable L0 table holding every entry of each: a
   * flush that found several memtables waiting pays one table's fixed costs (publish, directory
   * sync, MANIFEST edit) for all of them, as RocksDB's flush job takes every ready memtable.
   *
   * @return the table's metadata, not yet in any version
   * @throws io.cairn.common.CairnIoException when the device refuses (no table is left behind)
   */
  public static FileMetaData write(List<MemTable> memtables, TableFactory l0Tables, VersionSet versions) {
    assert !memtables.isEmpty() && memtables.stream().noneMatch(MemTable::isEmpty);
    InternalIterator entries = memtables.size() == 1 ? memtables.getFirst().newIterator()
        : new MergingIterator(memtables.getFirst().comparator(),
            memtables.stream().map(MemTable::newIterator).toList());
    long number = versions.newFileNumber();
    WrittenTable written = l0Tables.write(number, entries);
    return new FileMetaData(number, written.fileBytes(), written.smallestKey(), written.largestKey(),
        l0Tables.kind(), written.auxiliary());
  }
}
