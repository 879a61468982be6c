package io.cairn.lsm.internal.db;

import io.cairn.common.CairnException;
import io.cairn.lsm.api.ReadOptions;
import io.cairn.lsm.internal.compaction.ValueReferencingIterator;
import io.cairn.lsm.internal.iterator.InternalIterator;
import io.cairn.lsm.internal.iterator.MergingIterator;
import io.cairn.lsm.internal.table.TableKind;
import io.cairn.lsm.internal.table.WrittenTable;
import io.cairn.lsm.internal.version.FileMetaData;
import io.cairn.lsm.internal.version.VersionEdit;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one merge of L0 tables into one larger L0 table of the same kind: NVMTables into an
 * NVMTable on pmem (picked by {@link io.cairn.lsm.internal.compaction.L0MergePicker} for the
 * pmem-sized L0, or by {@link io.cairn.lsm.internal.compaction.IntraL0Picker}), SSTables into an
 * L0 SSTable on SSD (intra-L0 in {@code L0Mode.SSD}): every entry of the inputs, all versions and
 * tombstones kept (what a snapshot can see is unchanged; dropping versions is L1's compaction's
 * job), written through the NVMTable factory like a flush, then one MANIFEST edit that deletes the
 * inputs from L0 and adds the merged table. With key-value separation ({@link
 * CompactionStep#separateValues}) a pmem merge copies keys only: each value that lies in an
 * input's Container is written as a reference to it ({@link ValueReferencingIterator}), and the
 * merged table's {@link io.cairn.lsm.internal.version.ContainerRefs} (MANIFEST tag 9, in the same
 * edit) keep those Containers alive after the inputs leave L0. Durable order: the merged table's commit word, then
 * the MANIFEST edit (synced); the inputs are deleted once no version or reader holds them. A
 * crash before the edit leaves an unlisted committed table, which the next open deletes. The
 * merged table's pages are mapped ({@code NvmTable.prefault}) before it is published, so its readers
 * take no first-touch page faults; flushed tables are not, as most are merged or compacted soon.
 *
 * <p>Thread-safety: called by the compaction thread without the mutex; the inputs are pinned by
 * the version the caller holds.
 */
final class L0MergeStep {
  private static final Logger LOG = LoggerFactory.getLogger(L0MergeStep.class);
  private static final ReadOptions MERGE_READS = new ReadOptions(null, true, false);

  private L0MergeStep() {}

  /**
   * Merges {@code inputs} (L0 NVMTables, oldest first) into table {@code outputNumber}.
   *
   * @throws CairnException when writing or committing fails (the merged table is then removed,
   *     unless the MANIFEST's state is uncertain)
   */
  static FileMetaData run(DbImpl db, List<FileMetaData> inputs, long outputNumber) {
    assert !inputs.isEmpty();
    TableKind kind = db.l0Tables.kind();
    List<InternalIterator> children = new ArrayList<>(inputs.size());
    for (FileMetaData input : inputs) {
      assert input.kind() == kind && input.compactedThrough() == null : input;
      children.add(db.tableCache.newIterator(input, MERGE_READS));
    }
    FileMetaData merged;
    long keptValueBytes = 0;
    InternalIterator inputEntries = new MergingIterator(db.comparator, children);
    // With key-value separation the merge writes keys and references: values stay in the inputs'
    // Containers, which the merged table's references keep alive (issue #14, session 11). Without
    // it, references an input already holds still pass through and must be recorded.
    ValueReferencingIterator referencing = kind == TableKind.NVMTABLE
        ? new ValueReferencingIterator(inputEntries, CompactionStep.separateValues(db)) : null;
    try (InternalIterator entries = referencing != null ? referencing : inputEntries) {
      WrittenTable written = db.l0Tables.write(outputNumber, entries);
      merged = new FileMetaData(outputNumber, written.fileBytes(), written.smallestKey(), written.largestKey(),
          kind, written.auxiliary());
      if (referencing != null) {
        merged = merged.withContainerRefs(referencing.containerRefs());
        keptValueBytes = referencing.keptValueBytes();
      }
      db.counters.l0MergeEntries.add(written.entries());
    }
    if (kind == TableKind.NVMTABLE) {
      // A merged table is where the pmem L0 keeps its data until it moves to L1: map its pages
      // now, on this thread, rather than one page fault per first read (issue #14).
      db.nvmTables.prefault(outputNumber);
    } else {
      db.files.syncDirectory(db.directory);
    }
    VersionEdit edit = new VersionEdit();
    long inputBytes = 0;
    for (FileMetaData input : inputs) {
      edit.deleteFile(0, input.number());
      inputBytes += input.fileBytes();
    }
    edit.addFile(0, merged);
    // From here the version set owns the merged table: it deletes it if the commit fails cleanly.
    db.versions.logAndApply(edit);
    db.counters.l0Merges.increment();
    db.counters.l0MergeBytesWritten.add(merged.fileBytes());
    db.counters.l0MergeValueBytesKept.add(keptValueBytes);
    if (kind == TableKind.SSTABLE) {
      db.counters.compactionBytesRead.add(inputBytes);
      db.counters.compactionBytesWritten.add(merged.fileBytes());
    }
    LOG.debug("merged {} L0 tables ({} bytes) into {}", inputs.size(), inputBytes, merged);
    return merged;
  }
}
