package io.cairn.bench.kv;

import io.cairn.common.InvalidArgumentException;
import io.cairn.node.api.Json;

/**
 * The tuning every engine of a run gets, so that they are compared like for like: the same
 * memtable size, block size, block cache, bloom filter, L0 thresholds, level sizes and write
 * durability. An engine that cannot take one of them says so in {@link Engine#deviations}.
 * Compression is off for every engine: the values are random bytes, which no codec shrinks.
 *
 * @param writeBufferBytes memtable size that triggers a flush to L0
 * @param blockBytes target size of a table's data block
 * @param blockCacheBytes capacity of the block cache
 * @param bloomBitsPerKey bloom filter bits per key (0: none)
 * @param l0CompactionTrigger L0 table count that starts a compaction into L1
 * @param l0SlowdownTrigger L0 table count from which writes are slowed down
 * @param l0StopTrigger L0 table count at which writes stop until compaction catches up: the
 *     paper's "L0 limit"
 * @param level1MaxBytes target size of L1 (each further level ten times bigger)
 * @param targetFileBytes target size of a table written by compaction
 * @param maxOpenFiles tables kept open at once
 * @param syncWrites whether every write waits for an fsync of the WAL (the WAL is always on)
 * @param directIo whether tables are read and written with O_DIRECT (RocksDB's {@code
 *     use_direct_reads} and {@code use_direct_io_for_flush_and_compaction}), so that every
 *     block-cache miss pays the device; false: through the page cache
 * @param maxWriteBufferNumber memtables held at once, the one being written included (RocksDB's
 *     {@code max_write_buffer_number}): writes wait for a flush only when all are full
 * @param maxSubcompactions key-range pieces one L0 to L1 compaction may be split into, run in
 *     parallel (RocksDB's {@code max_subcompactions})
 */
public record StoreSettings(
    long writeBufferBytes,
    int blockBytes,
    long blockCacheBytes,
    int bloomBitsPerKey,
    int l0CompactionTrigger,
    int l0SlowdownTrigger,
    int l0StopTrigger,
    long level1MaxBytes,
    long targetFileBytes,
    int maxOpenFiles,
    boolean syncWrites,
    boolean directIo,
    int maxWriteBufferNumber,
    int maxSubcompactions,
    long l0MergeMaxBytes) {

  /** The paper's L0 limit: writes stop at 10 L0 tables. */
  public static final int PAPER_L0_LIMIT = 10;

  /**
   * Memtables held at once in the paper tuning, the one being written included (our choice, not the
   * paper's): 16 since session 15 (was 4 since session 10, LevelDB's 2 before). A flush takes every
   * sealed memtable waiting, so the count bounds how many memtables share one flush's MANIFEST
   * {@code fsync}; with the WAL on pmem the writer outruns a flush that pays that {@code fsync} per
   * three memtables ({@code docs/engine.md}, session 15).
   */
  public static final int PAPER_WRITE_BUFFERS = 16;

  /** Checks the relations the engines rely on. */
  public StoreSettings {
    if (writeBufferBytes < 64 << 10 || blockBytes < 256 || blockCacheBytes < 0 || bloomBitsPerKey < 0
        || l0CompactionTrigger < 1 || l0SlowdownTrigger < l0CompactionTrigger
        || l0StopTrigger < l0SlowdownTrigger || level1MaxBytes < 64 << 10
        || targetFileBytes < 64 << 10 || maxOpenFiles < 16 || maxWriteBufferNumber < 2 || maxSubcompactions < 1
        || l0MergeMaxBytes < 0) {
      throw new InvalidArgumentException("inconsistent store settings: " + this);
    }
  }

  /**
   * The paper's tuning: LevelDB's 2011 defaults (4 MiB memtables, 4 KiB blocks, 8 MiB cache, L0
   * triggers 4/8, 10 MiB L1, 2 MiB tables, no subcompactions), 10 bloom bits, the paper's L0 limit
   * of 10 tables, WAL on and no fsync per write, and {@value #PAPER_WRITE_BUFFERS} memtables held at
   * once: the paper does not fix that count, and with LevelDB's two (or session 10's four) a flush
   * that falls behind stops the writers ({@code docs/engine.md}, sessions 10 and 15).
   */
  public static StoreSettings defaults() {
    return new StoreSettings(4L << 20, 4 << 10, 8L << 20, 10, 4, 8, PAPER_L0_LIMIT, 10L << 20,
        2L << 20, 1000, false, false, PAPER_WRITE_BUFFERS, 1, io.cairn.lsm.api.Options.DEFAULT_L0_MERGE_MAX_BYTES);
  }

  /**
   * Today's tuning, the engine's own defaults ({@code Options}; {@code docs/engine.md} says why):
   * 64 MiB memtables, four of them, 64 MiB block cache, L0 triggers 4/20/36, 256 MiB L1, 64 MiB
   * tables, L0 to L1 compactions in up to four parallel pieces; 4 KiB blocks, 10 bloom bits, WAL on
   * and no fsync per write.
   */
  public static StoreSettings today() {
    return new StoreSettings(64L << 20, 4 << 10, 64L << 20, 10, 4, 20, 36, 256L << 20, 64L << 20, 1000, false,
        false, 4, 4, io.cairn.lsm.api.Options.DEFAULT_L0_MERGE_MAX_BYTES);
  }

  /** {@code paper} ({@link #defaults}) or {@code today} ({@link #today}); null for another name. */
  public static StoreSettings tuning(String name) {
    return switch (name) {
      case "paper" -> defaults();
      case "today" -> today();
      default -> null;
    };
  }

  /**
   * These settings with memtables of {@code bytes} (the rest of the tuning kept).
   *
   * @throws InvalidArgumentException when {@code bytes} is below 64 KiB
   */
  public StoreSettings withWriteBuffer(long bytes) {
    if (bytes < 64 << 10) {
      throw new InvalidArgumentException("--write-buffer must be at least 64k, was " + bytes + " bytes");
    }
    return new StoreSettings(bytes, blockBytes, blockCacheBytes, bloomBitsPerKey,
        l0CompactionTrigger, l0SlowdownTrigger, l0StopTrigger, level1MaxBytes, targetFileBytes,
        maxOpenFiles, syncWrites, directIo, maxWriteBufferNumber, maxSubcompactions, l0MergeMaxBytes);
  }

  /**
   * These settings with {@code count} memtables held at once (the rest of the tuning kept).
   *
   * @throws InvalidArgumentException when {@code count} is below 2
   */
  public StoreSettings withMaxWriteBufferNumber(int count) {
    if (count < 2) {
      throw new InvalidArgumentException("--write-buffers must be at least 2, was " + count);
    }
    return new StoreSettings(writeBufferBytes, blockBytes, blockCacheBytes, bloomBitsPerKey,
        l0CompactionTrigger, l0SlowdownTrigger, l0StopTrigger, level1MaxBytes, targetFileBytes,
        maxOpenFiles, syncWrites, directIo, count, maxSubcompactions, l0MergeMaxBytes);
  }

  /** These settings with {@link #syncWrites} set. */
  public StoreSettings withSyncWrites(boolean sync) {
    return new StoreSettings(writeBufferBytes, blockBytes, blockCacheBytes, bloomBitsPerKey,
        l0CompactionTrigger, l0SlowdownTrigger, l0StopTrigger, level1MaxBytes, targetFileBytes,
        maxOpenFiles, sync, directIo, maxWriteBufferNumber, maxSubcompactions, l0MergeMaxBytes);
  }

  /** These settings with table I/O direct (O_DIRECT) or buffered. */
  public StoreSettings withDirectIo(boolean direct) {
    return new StoreSettings(writeBufferBytes, blockBytes, blockCacheBytes, bloomBitsPerKey,
        l0CompactionTrigger, l0SlowdownTrigger, l0StopTrigger, level1MaxBytes, targetFileBytes,
        maxOpenFiles, syncWrites, direct, maxWriteBufferNumber, maxSubcompactions, l0MergeMaxBytes);
  }

  /**
   * These settings with Cairn's intra-L0 merges bounded to {@code bytes} per L0 table (0: off);
   * RocksDB runs its own intra-L0 compaction whatever this says.
   */
  public StoreSettings withL0MergeMaxBytes(long bytes) {
    if (bytes < 0) {
      throw new InvalidArgumentException("--l0-merge-max must not be negative, was " + bytes + " bytes");
    }
    return new StoreSettings(writeBufferBytes, blockBytes, blockCacheBytes, bloomBitsPerKey,
        l0CompactionTrigger, l0SlowdownTrigger, l0StopTrigger, level1MaxBytes, targetFileBytes,
        maxOpenFiles, syncWrites, directIo, maxWriteBufferNumber, maxSubcompactions, bytes);
  }

  /** {@code direct} or {@code buffered}: the table I/O, as {@code --io} names it. */
  public String io() {
    return directIo ? "direct" : "buffered";
  }

  /**
   * These settings with L0 stopping writes at {@code limit} tables; the compaction and slowdown
   * thresholds move down with it when the limit is below them.
   *
   * @throws InvalidArgumentException when {@code limit} is below 1
   */
  public StoreSettings withL0Limit(int limit) {
    if (limit < 1) {
      throw new InvalidArgumentException("the L0 limit must be at least 1 table, was " + limit);
    }
    int slowdown = Math.min(l0SlowdownTrigger, limit);
    return new StoreSettings(writeBufferBytes, blockBytes, blockCacheBytes, bloomBitsPerKey,
        Math.min(l0CompactionTrigger, slowdown), slowdown, limit, level1MaxBytes, targetFileBytes, maxOpenFiles,
        syncWrites, directIo, maxWriteBufferNumber, maxSubcompactions, l0MergeMaxBytes);
  }

  /** One line for tables and reports, e.g. "WAL on, no fsync per write (sync=false)". */
  public String durability() {
    return syncWrites
        ? "WAL on, fsync of the WAL on every write (sync=true)"
        : "WAL on, no fsync per write (sync=false): a crash may lose the last writes, as in db_bench";
  }

  /** The settings in words, for reports. */
  public String describe() {
    return "memtable " + mebibytes(writeBufferBytes) + ", blocks " + (blockBytes >> 10) + " KiB, block cache "
        + mebibytes(blockCacheBytes) + ", bloom filter " + bloomBitsPerKey + " bits/key, no compression, L0"
        + " compaction/slowdown/stop at " + l0CompactionTrigger + "/" + l0SlowdownTrigger + "/" + l0StopTrigger
        + " tables, L1 " + mebibytes(level1MaxBytes) + " (x10 per level), tables of " + mebibytes(targetFileBytes)
        + ", " + maxWriteBufferNumber + " memtables, L0 to L1 compactions in up to " + maxSubcompactions
        + " parallel piece(s), " + maxOpenFiles + " open files at most, table I/O " + (directIo
            ? "direct (O_DIRECT: every block-cache miss is a device read)" : "buffered (through the page cache)");
  }

  private static String mebibytes(long bytes) {
    return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : (bytes >> 10) + " KiB";
  }

  /** The settings as the JSON report's {@code settings.store} object. */
  public Json.Obj toJson() {
    return Json.object()
        .put("sync_writes", syncWrites)
        .put("io", io())
        .put("compression", "none")
        .put("write_buffer_bytes", writeBufferBytes)
        .put("block_bytes", blockBytes)
        .put("block_cache_bytes", blockCacheBytes)
        .put("bloom_bits_per_key", bloomBitsPerKey)
        .put("l0_compaction_trigger", l0CompactionTrigger)
        .put("l0_slowdown_trigger", l0SlowdownTrigger)
        .put("l0_stop_trigger", l0StopTrigger)
        .put("level1_max_bytes", level1MaxBytes)
        .put("target_file_bytes", targetFileBytes)
        .put("max_open_files", maxOpenFiles)
        .put("max_write_buffer_number", maxWriteBufferNumber)
        .put("max_subcompactions", maxSubcompactions)
        .put("l0_merge_max_bytes", l0MergeMaxBytes);
  }
}
