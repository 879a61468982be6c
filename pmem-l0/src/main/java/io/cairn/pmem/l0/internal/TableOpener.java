package io.cairn.pmem.l0.internal;

import static io.cairn.pmem.l0.internal.NvmTableFormat.COMMIT_OFFSET;
import static io.cairn.pmem.l0.internal.NvmTableFormat.SUPER_BLOCK_BYTES;
import static io.cairn.pmem.l0.internal.NvmTableFormat.SUPER_FIELDS_BYTES;
import static io.cairn.pmem.l0.internal.NvmTableFormat.TABLE_ID_OFFSET;

import io.cairn.common.CorruptionException;
import io.cairn.common.Crc32c;
import io.cairn.pgm.PgmIndex;
import io.cairn.pmem.api.PmemDirectory;
import io.cairn.pmem.api.PmemRegion;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * Opens an NVMTable and its Container (the table's own region in version 2, a region of its own in
 * version 1) from a directory and checks everything a reader will
 * trust, in order: the commit word, the super block (magic, CRC, the commit word matching it,
 * version, every field's range, the layout against the region's size), the container's header,
 * the meta and entry blocks and, if asked, every container record ({@link EntryCheck}), the PGM
 * model (its own format checks and CRC) and the bloom filter's CRC. The model and the filter are copied to DRAM: every lookup reads
 * them, and they are small (about 9 KB and 125 KB for 100,000 entries at ε = 8). The first failure is a {@link CorruptionException} naming the file
 * and the region offset; nothing is returned half-checked.
 *
 * <p>Thread-safety: stateless.
 */
public final class TableOpener {
  /**
   * What a successful open hands the reader.
   *
   * @param table the table region
   * @param container the container region: {@code table} itself in version 2
   * @param superBlock the checked super block
   * @param model the PGM model, in DRAM
   * @param filter the bloom filter, copied to DRAM ({@code null} when the table has none)
   */
  public record Opened(PmemRegion table, PmemRegion container, SuperBlock superBlock, PgmIndex model, byte[] filter) {
    /** The distinct regions the table holds: its own, and in version 1 its container's. */
    public List<PmemRegion> regions() {
      return container == table ? List.of(table) : List.of(table, container);
    }
  }

  /**
   * Model bytes per key that no sound model reaches: at most one bottom segment per distinct key
   * and one more (20 bytes each), each upper level smaller than the one below; plus headers.
   */
  private static final long MAX_MODEL_BYTES_PER_KEY = 64;

  private TableOpener() {}

  /**
   * Whether {@code table}'s commit word is set: the one question recovery asks before deciding
   * whether a table is garbage from an interrupted build (word 0) or must open in full.
   */
  public static boolean isCommitted(PmemRegion table) {
    return table.size() >= SUPER_BLOCK_BYTES && table.readLongAtomic(COMMIT_OFFSET) != 0;
  }

  /**
   * Opens table {@code tableId} of {@code directory} with its container; with {@code
   * checkRecords}, also checks every container record against its pointer's CRC.
   *
   * @throws CorruptionException when any check fails, the table is not committed, or its
   *     container is missing
   * @throws io.cairn.common.InvalidArgumentException when there is no such table
   */
  public static Opened open(PmemDirectory directory, long tableId, boolean checkRecords) {
    PmemRegion table = directory.open(NvmTableFormat.tableName(tableId));
    PmemRegion container = null;
    try {
      Object where = Where.of(table);
      SuperBlock superBlock = readSuperBlock(table, where);
      if (superBlock.tableId() != tableId) {
        throw CorruptionException.at(where, TABLE_ID_OFFSET, "the super block names table " + superBlock.tableId()
            + ", not " + tableId);
      }
      checkPaddingIsZero(table, superBlock, where);
      container = superBlock.containerInTable() ? containerInTable(table, superBlock, where)
          : openContainer(directory, superBlock, where);
      EntryCheck.run(table, superBlock, checkRecords ? container : null);
      PgmIndex model = readModel(table, superBlock, where);
      byte[] filter = readFilter(table, superBlock, where);
      return new Opened(table, container, superBlock, model, filter);
    } catch (RuntimeException | Error e) {
      if (container != null && container != table) {
        container.close();
      }
      table.close();
      throw e;
    }
  }

  private static SuperBlock readSuperBlock(PmemRegion table, Object where) {
    if (table.size() < SUPER_BLOCK_BYTES) {
      throw CorruptionException.at(where, 0, "region of " + table.size() + " bytes cannot hold a super block");
    }
    long commitWord = table.readLongAtomic(COMMIT_OFFSET);
    if (commitWord == 0) {
      throw CorruptionException.at(where, COMMIT_OFFSET, "the table is not committed (commit word 0): an interrupted build");
    }
    byte[] fields = new byte[SUPER_FIELDS_BYTES];
    table.read(0, fields, 0, fields.length);
    SuperBlock superBlock = SuperBlock.decode(fields, commitWord, table.size(), where);
    byte[] tail = new byte[SUPER_BLOCK_BYTES - COMMIT_OFFSET - Long.BYTES];
    table.read(COMMIT_OFFSET + Long.BYTES, tail, 0, tail.length);
    for (int i = 0; i < tail.length; i++) {
      if (tail[i] != 0) {
        throw CorruptionException.at(where, COMMIT_OFFSET + Long.BYTES + i, "super block padding after the commit word is not zero");
      }
    }
    return superBlock;
  }

  /** The few bytes that align each block to a cache line are zero, so every byte has one meaning. */
  private static void checkPaddingIsZero(PmemRegion table, SuperBlock superBlock, Object where) {
    TableLayout layout = superBlock.layout();
    long recordsEnd = superBlock.containerInTable() ? superBlock.containerBytes() : SUPER_BLOCK_BYTES;
    long[][] gaps = {
      {recordsEnd, layout.entriesOffset()},
      {layout.entriesOffset() + layout.entriesBytes(), layout.metaOffset()},
      {layout.metaOffset() + layout.metaBytes(), layout.modelOffset()},
      {layout.modelOffset() + layout.modelBytes(), layout.filterOffset()},
      {layout.filterOffset() + layout.filterBytes(), layout.regionBytes()},
    };
    for (long[] gap : gaps) {
      for (long offset = gap[0]; offset < gap[1]; offset++) {
        if (table.readByte(offset) != 0) {
          throw CorruptionException.at(where, offset, "padding between blocks is not zero");
        }
      }
    }
  }

  private static PgmIndex readModel(PmemRegion table, SuperBlock superBlock, Object where) {
    TableLayout layout = superBlock.layout();
    // Copied to DRAM (a few KB): every lookup descends it, so it should not cost pmem reads.
    if (layout.modelBytes() > MAX_MODEL_BYTES_PER_KEY * superBlock.entryCount() + 4096) {
      throw CorruptionException.at(where, NvmTableFormat.MODEL_BYTES_OFFSET, "model of " + layout.modelBytes()
          + " bytes is larger than any table of " + superBlock.entryCount() + " entries needs");
    }
    long[] words = new long[(int) ((layout.modelBytes() + 7) / 8)];
    MemorySegment copy = MemorySegment.ofArray(words);
    table.read(layout.modelOffset(), copy.asSlice(0, layout.modelBytes()));
    PgmIndex model;
    try {
      model = PgmIndex.read(copy);
    } catch (CorruptionException e) {
      throw CorruptionException.at(where, layout.modelOffset(), "bad PGM model: " + e.getMessage());
    }
    if (model.sizeBytes() != layout.modelBytes() || model.keyCount() != superBlock.entryCount()) {
      throw CorruptionException.at(where, layout.modelOffset(), "the PGM model indexes " + model.keyCount()
          + " keys in " + model.sizeBytes() + " bytes, the super block says " + superBlock.entryCount()
          + " in " + layout.modelBytes());
    }
    return model;
  }

  private static byte[] readFilter(PmemRegion table, SuperBlock superBlock, Object where) {
    TableLayout layout = superBlock.layout();
    if (layout.filterBytes() == 0) {
      return null;
    }
    byte[] filter = new byte[layout.filterBytes()];
    table.read(layout.filterOffset(), filter, 0, filter.length);
    if (Crc32c.mask(Crc32c.of(filter)) != superBlock.filterCrc()) {
      throw CorruptionException.at(where, layout.filterOffset(), "bloom filter checksum mismatch");
    }
    return filter;
  }

  /** Version 2: the records lie in the table region itself, between the super block and the slots. */
  private static PmemRegion containerInTable(PmemRegion table, SuperBlock superBlock, Object where) {
    if (superBlock.containerId() != superBlock.tableId()) {
      throw CorruptionException.at(where, NvmTableFormat.CONTAINER_ID_OFFSET, "container id " + superBlock.containerId()
          + " is not the table's own (" + superBlock.tableId() + ") in a table that holds its records");
    }
    return table;
  }

  private static PmemRegion openContainer(PmemDirectory directory, SuperBlock superBlock, Object where) {
    String name = ContainerFormat.containerName(superBlock.containerId());
    if (!directory.exists(name)) {
      throw CorruptionException.at(where, NvmTableFormat.CONTAINER_ID_OFFSET, "its container " + name
          + " is missing from " + directory.location());
    }
    PmemRegion container = directory.open(name);
    try {
      if (container.size() < ContainerFormat.HEADER_BYTES) {
        throw CorruptionException.at(Where.of(container), 0, "region too small for a container header");
      }
      byte[] header = new byte[ContainerFormat.HEADER_BYTES];
      container.read(0, header, 0, header.length);
      ContainerFormat.checkHeader(header, container.size(), superBlock.containerId(), superBlock.containerBytes(),
          Where.of(container));
      return container;
    } catch (RuntimeException e) {
      container.close();
      throw e;
    }
  }
}
