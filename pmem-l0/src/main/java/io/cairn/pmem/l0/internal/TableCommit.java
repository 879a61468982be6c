package io.cairn.pmem.l0.internal;

import static io.cairn.pmem.l0.internal.NvmTableFormat.BLOCK_ENTRIES;
import static io.cairn.pmem.l0.internal.NvmTableFormat.COMMIT_OFFSET;
import static io.cairn.pmem.l0.internal.NvmTableFormat.SUPER_BLOCK_BYTES;

import io.cairn.common.Crc32c;
import io.cairn.pgm.PgmIndex;
import io.cairn.pmem.api.PmemDirectory;
import io.cairn.pmem.api.PmemRegion;
import io.cairn.pmem.api.RegionWriter;

/**
 * The end of a build: makes the container durable, then writes the table region block by block
 * in the design's order, each step persisted before the next, and the commit word last.
 *
 * <pre>
 * step  what                                   persist point
 * 1     container header + records (already    fence of container.persist
 *       written as entries arrived)
 * 2     table region started                   directory createWriter
 * 3     entry blocks (staged in DRAM)          fence
 * 4     meta blocks                            fence
 * 5     PGM model                              fence
 * 6     bloom filter (if any)                  fence
 * 7     super block fields + CRC               fence
 * 8     commit word, one atomic 8-byte store   fence: the table exists from here on
 * </pre>
 *
 * <p>A crash before step 8's fence leaves a table whose commit word is 0 (or no table region):
 * garbage that recovery deletes with its container. Persist rule 2 (persists are ordered) makes
 * every byte the commit word publishes durable before it; the super block's CRC and the commit
 * word's copy of it catch a super block that is not.
 *
 * <p>Both regions are written through {@link RegionWriter}s. On a file-backed directory (FFM,
 * libpmem) each is a file written with positional writes and published by fsync and rename, so
 * the container is published whole before the table is started, and the table is published whole
 * with its commit word: the steps' fences are then implied by the publish, and a crash leaves no
 * table or a whole one. Elsewhere (llpl, the crash simulator) the steps run in place, fence by
 * fence, as the table above says.
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

  /**
   * @param filter the bloom filter's bytes, or {@code null} for none
   */
  public TableCommit(PmemDirectory directory, long tableId, ContainerWriter container, EntryStaging staging,
      PgmIndex model, byte[] filter) {
    this.directory = directory;
    this.tableId = tableId;
    this.container = container;
    this.staging = staging;
    this.model = model;
    this.modelBytes = model.toBytes();
    this.filter = filter;
    this.layout = TableLayout.of(staging.count(), NvmTableFormat.slotBytes(inlineKey(), inlineValue()),
        modelBytes.length, filter == null ? 0 : filter.length);
  }

  private int inlineKey() {
    return staging.inlineKeyBytes();
  }

  private int inlineValue() {
    return staging.inlineValueBytes();
  }

  /** Steps 1 and 2: the container made durable, then the table region started. */
  public RegionWriter createRegion() {
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
    table.persist(SUPER_BLOCK_BYTES, layout.entriesBytes());
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
    SuperBlock superBlock = new SuperBlock(tableId, tableId, container.bytesInUse(), staging.count(), inlineKey(),
        inlineValue(), layout, filterCrc, smallestModelKey, largestModelKey, keyBytes, valueBytes);
    byte[] fields = superBlock.encode();
    table.write(0, fields);
    table.persist(0, fields.length);
    table.storeLongAtomic(COMMIT_OFFSET, NvmTableFormat.commitWord(SuperBlock.storedCrc(fields)));
    table.persist(COMMIT_OFFSET, Long.BYTES);
    PmemRegion region = table.finish();
    return new TableOpener.Opened(region, container.region(), superBlock, model, filter);
  }
}
