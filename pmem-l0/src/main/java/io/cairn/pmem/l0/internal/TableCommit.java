package io.cairn.pmem.l0.internal;

import static io.cairn.pmem.l0.internal.NvmTableFormat.BLOCK_ENTRIES;
import static io.cairn.pmem.l0.internal.NvmTableFormat.COMMIT_OFFSET;

import io.cairn.common.Crc32c;
import io.cairn.pgm.PgmIndex;
import io.cairn.pmem.api.PmemDirectory;
import io.cairn.pmem.api.PmemRegion;
import io.cairn.pmem.api.RegionWriter;

/**
 * The end of a build: makes the container records durable, then writes the table's blocks in the
 * design's order, each step persisted before the next, and the commit word last.
 *
 * <pre>
 * step  what                                   persist point
 * 1     container records (already written     v2: the table's writer sized to the layout,
 *       as entries arrived)                    then a fence over [256, C) of the table
 *                                              v1: fence + publish of the container
 * 2     table region started (v1 only)         v1: directory createWriter
 * 3     entry blocks (staged in DRAM)          fence
 * 4     meta blocks                            fence
 * 5     PGM model                              fence
 * 6     bloom filter (if any)                  fence
 * 7     super block fields + CRC               fence
 * 8     commit word, one atomic 8-byte store   fence: the table exists from here on
 * </pre>
 *
 * <p>A crash before step 8's fence leaves a table whose commit word is 0 (or no table region):
 * garbage that recovery deletes (with its container, in version 1). Persist rule 2 (persists are
 * ordered) makes every byte the commit word publishes durable before it; the super block's CRC
 * and the commit word's copy of it catch a super block that is not.
 *
 * <p>Regions are written through {@link RegionWriter}s. On a file-backed directory (FFM, libpmem)
 * a region is a file written with positional writes and published by fsync and rename: in
 * version 2 the whole table, records included, is one file published once with its commit word
 * (one fsync, one rename, one directory fsync, one mapping per flush); in version 1 the container
 * was published before the table was started, which doubled that cost. The steps' fences are then
 * implied by the publish, and a crash leaves no table or a whole one. Elsewhere (llpl, the crash
 * simulator) the steps run in place, fence by fence, as the table above says.
 *
 * <p>Thread-safety: not thread-safe; the builder's thread only.
 */
public final class TableCommit {
  private final PmemDirectory directory;
  private final long tableId;
  private final ContainerWriter container;
  private final EntryStaging staging;
  private final PgmIndex model;
  private final byte[] modelBytes;
  private final byte[] filter;
  private final TableLayout layout;
  private final RegionWriter tableWriter;
  private final int version;

  /**
   * @param tableWriter the table's writer holding the records (version 2), or {@code null} when
   *     the records have a Container region of their own (version 1)
   * @param filter the bloom filter's bytes, or {@code null} for none
   */
  public TableCommit(PmemDirectory directory, long tableId, ContainerWriter container, RegionWriter tableWriter,
      EntryStaging staging, PgmIndex model, byte[] filter) {
    assert container.inTable() == (tableWriter != null) : "version 2 records go to the table's writer";
    this.tableWriter = tableWriter;
    this.version = tableWriter != null ? NvmTableFormat.VERSION : NvmTableFormat.VERSION_SEPARATE_CONTAINER;
    this.directory = directory;
    this.tableId = tableId;
    this.container = container;
    this.staging = staging;
    this.model = model;
    this.modelBytes = model.toBytes();
    this.filter = filter;
    this.layout = TableLayout.of(SuperBlock.entriesOffset(version, container.bytesInUse()), staging.count(), NvmTableFormat.slotBytes(inlineKey(), inlineValue()),
        modelBytes.length, filter == null ? 0 : filter.length);
  }

  private int inlineKey() {
    return staging.inlineKeyBytes();
  }

  private int inlineValue() {
    return staging.inlineValueBytes();
  }

  /**
   * Steps 1 and 2: the container records made durable, then the table region sized to its layout
   * (version 2, the writer given) or started (version 1, a new writer the caller must close).
   */
  public RegionWriter createRegion() {
    if (tableWriter != null) {
      // Sized before the records' persist point: the in-place writer creates the region there.
      tableWriter.resize(layout.regionBytes());
      container.persist();
      return tableWriter;
    }
    container.persist();
    return directory.createWriter(NvmTableFormat.tableName(tableId), layout.regionBytes());
  }

  /**
   * Steps 3 to 8 through {@code table} (from {@link #createRegion}), which then publishes the
   * region; returns what a reader needs (the model and filter as built, in DRAM).
   */
  public TableOpener.Opened write(RegionWriter table, long smallestModelKey, long largestModelKey, long keyBytes,
      long valueBytes) {
    for (int block = 0; block < staging.blockCount(); block++) {
      table.write(layout.slotOffset(block * BLOCK_ENTRIES), staging.block(block), 0, staging.blockBytes(block));
    }
    table.persist(layout.entriesOffset(), layout.entriesBytes());
    byte[] meta = staging.encodeMetaBlocks();
    table.write(layout.metaOffset(), meta);
    table.persist(layout.metaOffset(), meta.length);
    table.write(layout.modelOffset(), modelBytes);
    table.persist(layout.modelOffset(), modelBytes.length);
    int filterCrc = 0;
    if (filter != null) {
      filterCrc = Crc32c.mask(Crc32c.of(filter));
      table.write(layout.filterOffset(), filter);
      table.persist(layout.filterOffset(), filter.length);
    }
    SuperBlock superBlock = new SuperBlock(version, tableId, tableId, container.bytesInUse(), staging.count(), inlineKey(),
        inlineValue(), layout, filterCrc, smallestModelKey, largestModelKey, keyBytes, valueBytes);
    byte[] fields = superBlock.encode();
    table.write(0, fields);
    table.persist(0, fields.length);
    table.storeLongAtomic(COMMIT_OFFSET, NvmTableFormat.commitWord(SuperBlock.storedCrc(fields)));
    table.persist(COMMIT_OFFSET, Long.BYTES);
    PmemRegion region = table.finish();
    return new TableOpener.Opened(region, tableWriter != null ? region : container.region(), superBlock, model, filter);
  }
}
