package io.cairn.lsm.api;

import io.cairn.common.InvalidArgumentException;
import io.cairn.pmem.api.LatencyModel;
import io.cairn.pmem.api.PmemBackend;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How a database is opened and tuned. Immutable; made with {@link #builder()}, whose {@link
 * Builder#build()} validates every value (a bad value is an {@link InvalidArgumentException}
 * naming the option, before anything touches the disk). Defaults follow LevelDB, except the
 * sizes and triggers chosen for today's machines (memtables, tables, L1, block cache, L0
 * triggers, memtable count, subcompactions; RocksDB's values or near them, measured and argued in
 * {@code docs/engine.md}); the paper's experiment sets its own.
 *
 * @param createIfMissing create the database when the directory holds none (default true)
 * @param errorIfExists refuse to open an existing database (default false)
 * @param paranoidChecks refuse to open when the WAL has a torn or corrupt tail instead of
 *     skipping it (default false: a torn tail, the normal result of a crash, is dropped and logged;
 *     writes acknowledged with {@code sync=true} are never in it)
 * @param comparator the order of keys (default bytewise)
 * @param writeBufferBytes memtable size that triggers a switch to a new memtable and a flush
 *     (default 64 MiB); bigger means fewer, larger L0 tables and a longer recovery
 * @param blockBytes target uncompressed size of an SSTable data block (default 4 KiB)
 * @param blockRestartInterval keys between restart points in a block (default 16)
 * @param compression data block compression (default LZ4)
 * @param bloomBitsPerKey bloom filter bits per key, 0 for none (default 10, about 1% false
 *     positives)
 * @param blockCacheBytes capacity of the LRU block cache (default 64 MiB)
 * @param maxOpenFiles SSTables kept open at once (default 1000)
 * @param l0CompactionTrigger L0 table count that starts a compaction into L1 (default 4)
 * @param l0SlowdownTrigger L0 table count from which writes are admitted at the delayed write
 *     rate (default 20)
 * @param l0StopTrigger L0 table count at which writes wait for compaction (default 36; the
 *     paper's experiment uses an L0 limit of 10)
 * @param level1MaxBytes target size of L1; each further level is {@code levelSizeMultiplier}
 *     times bigger (default 256 MiB)
 * @param levelSizeMultiplier growth factor between levels (default 10)
 * @param targetFileBytes target size of SSTables written by compaction (default 64 MiB)
 * @param levels number of levels including L0 (default 7)
 * @param l0Mode where L0 lives: PMEM (NVMTables on persistent memory) by default when a pmem
 *     directory is given, else SSD. PMEM without a pmem directory emulates pmem with mapped files
 *     in the {@code pmem} subdirectory of the database directory
 * @param pmemDirectory where the pmem L0 (and a WAL on pmem) lives: a directory on a DAX file
 *     system for real pmem, any directory (e.g. under {@code /dev/shm}) for emulated pmem; null
 *     for the default {@code <db>/pmem}. One database per directory
 * @param pmemBudgetBytes most pmem bytes L0 may hold (tables and containers, default 4 GiB):
 *     writes stall when the next flush would pass it
 * @param pmemBackend how pmem regions are mapped (default AUTO = FFM mapped files; LIBPMEM or
 *     LLPL on request)
 * @param latencyModel extra latency charged per pmem read and flushed line (default OFF; OPTANE
 *     approximates Optane DC PMM on DRAM-backed emulation: figures are modelled, not measured)
 * @param l0SliceBytes with the pmem L0: the input bytes (L0 part plus L1 files) one key-range
 *     slice compaction aims at (default 64 MiB). Smaller slices keep each compaction step short but
 *     cost more steps (MANIFEST syncs, partly rewritten L1 files)
 * @param walOnPmem keep the write-ahead log on pmem (appends persisted with cache-line flushes and
 *     a fence instead of {@code fsync}, each segment's extent prepared or recycled in the
 *     background). Default: {@link #defaultWalOnPmem(L0Mode)}, true with L0Mode.PMEM (a pmem
 *     directory given, or the emulated {@code <db>/pmem}) since session 15, false otherwise; the
 *     command line's {@code --wal-on-pmem} takes its default from there. Needs L0Mode.PMEM. A
 *     database may be reopened with the other placement: segments are replayed wherever they are
 * @param useDirectReads read SSTables with {@code O_DIRECT} (RocksDB's {@code use_direct_reads}):
 *     every block-cache miss is a device read, the block cache is the only cache (default false:
 *     tables are read through memory mappings, i.e. the page cache). The database directory's file
 *     system must accept {@code O_DIRECT}; where it does not, open fails naming this option
 * @param useDirectIoForFlushAndCompaction write the SSTables of flushes and compactions with
 *     {@code O_DIRECT} through aligned buffers (RocksDB's {@code
 *     use_direct_io_for_flush_and_compaction}), so background writes do not fill the page cache
 *     (default false). The WAL, MANIFEST and CURRENT are always written buffered
 * @param pmemSizedL0 bound the pmem L0 by {@code pmemBudgetBytes} alone (default false: by the
 *     table-count triggers, as the paper). The count triggers are then set to {@link
 *     #PMEM_SIZED_L0_TABLE_TRIGGER} (they never fire); NVMTables of one size tier are merged on
 *     pmem into larger ones so that a read checks few tables, and compaction moves to L1 only what
 *     exceeds part of the budget. Needs L0Mode.PMEM. {@link #toBuilder()} of such options carries
 *     the out-of-reach triggers: set the triggers again when turning it off
 * @param maxWriteBufferNumber memtables held at once, the mutable one included (RocksDB's {@code
 *     max_write_buffer_number}, default 4): a full memtable becomes immutable and waits for its
 *     flush while writes go on into a fresh one; a write waits only when all are full
 * @param maxSubcompactions most key-range pieces one L0 to L1 compaction is split into, run in
 *     parallel (RocksDB's {@code max_subcompactions}, default 4)
 * @param l0MergeMaxBytes intra-L0 compaction (RocksDB's intra-L0): while an L0 to L1 compaction
 *     holds the older L0 tables, or L0 is at its slowdown trigger, the newest L0 tables are merged
 *     into one L0 table (NVMTables on pmem, SSTables on SSD) so that L0 stays under its table
 *     triggers; an L0 table grows by such merges to at most this many bytes (default {@link
 *     #DEFAULT_L0_MERGE_MAX_BYTES}); 0 turns intra-L0 compaction off. Not used with {@code
 *     pmemSizedL0}, which merges by size tiers
 * @param pmemValueSeparation key-value separation on pmem (WiscKey; RocksDB's integrated BlobDB):
 *     a compaction that reads a value stored in an NVMTable's Container writes into its output
 *     SSTable a value reference (container number, offset, length, CRC) instead of the value, so
 *     values stay on pmem and L1 and deeper hold keys and references (default: true with
 *     L0Mode.PMEM, the pmem mode's default since session 9; false keeps values inline and copies
 *     them down to SSTables as the paper does; always false with the L0 on SSD). The
 *     Containers stay while any live table references them; values are written inline again once
 *     L0 and the referenced Containers pass {@code pmemBudgetBytes}. Needs L0Mode.PMEM. See
 *     {@code docs/engine.md}, "Key-value separation on pmem"
 * @param pmemValueGcAgeCutoff garbage collection of separated values (RocksDB's {@code
 *     blob_garbage_collection_age_cutoff}): a compaction that meets a reference into a Container
 *     among this oldest fraction of the Containers held by references alone copies the value into
 *     a new value Container and references that (default 0: none by age, so values whose Container
 *     holds no garbage are never copied; the garbage threshold bounds pmem alone). A manual
 *     compactRange rewrites every table that references such a Container
 * @param pmemValueGcGarbageThreshold a Container whose dead share (1 - referenced bytes / pmem
 *     bytes) exceeds this is relocated whatever its age (default 0.5, which bounds the Containers'
 *     bytes by 2x the live value bytes plus overhead after a compactRange; 1: never)
 * @param memTableRep how the memtables hold their entries (default {@link MemTableRep#SKIPLIST};
 *     {@link MemTableRep#SORTED_RUNS} for databases written in large batches of random keys, session
 *     16). Not stored: a database may be reopened with the other one
 */
public record Options(
    boolean createIfMissing,
    boolean errorIfExists,
    boolean paranoidChecks,
    KeyComparator comparator,
    long writeBufferBytes,
    int blockBytes,
    int blockRestartInterval,
    Compression compression,
    int bloomBitsPerKey,
    long blockCacheBytes,
    int maxOpenFiles,
    int l0CompactionTrigger,
    int l0SlowdownTrigger,
    int l0StopTrigger,
    long level1MaxBytes,
    int levelSizeMultiplier,
    long targetFileBytes,
    int levels,
    L0Mode l0Mode,
    Path pmemDirectory,
    long pmemBudgetBytes,
    PmemBackend pmemBackend,
    LatencyModel latencyModel,
    long l0SliceBytes,
    boolean walOnPmem,
    boolean useDirectReads,
    boolean useDirectIoForFlushAndCompaction,
    boolean pmemSizedL0,
    int maxWriteBufferNumber,
    int maxSubcompactions,
    long l0MergeMaxBytes,
    boolean pmemValueSeparation,
    double pmemValueGcAgeCutoff,
    double pmemValueGcGarbageThreshold,
    MemTableRep memTableRep) {

  /** Default memtable size (write buffer): 64 MiB. */
  public static final long DEFAULT_WRITE_BUFFER_BYTES = 64L << 20;
  /** Default pmem budget of the L0: 4 GiB. */
  public static final long DEFAULT_PMEM_BUDGET_BYTES = 4L << 30;
  /** The L0 table-count triggers of a pmem-sized L0: never reached (the pmem budget bounds L0). */
  public static final int PMEM_SIZED_L0_TABLE_TRIGGER = 1 << 20;
  /** Default target input of an L0 slice compaction: 64 MiB. */
  public static final long DEFAULT_L0_SLICE_BYTES = 64L << 20;
  /** Default bound on an L0 table grown by intra-L0 merges: 512 MiB (docs/engine.md says why). */
  public static final long DEFAULT_L0_MERGE_MAX_BYTES = 512L << 20;

  /**
   * Whether the WAL goes to pmem when {@code walOnPmem} is not set: with the L0 on pmem, yes (since
   * session 15: every model, crash-sweep, corruption and kill -9 suite runs with it, see {@code
   * docs/testing.md}); with the L0 on SSD, never. The one place that decides the default: the
   * builder and the command line's {@code --wal-on-pmem} both ask it.
   */
  public static boolean defaultWalOnPmem(L0Mode mode) {
    return mode == L0Mode.PMEM;
  }

  /** The pmem directory used: {@link #pmemDirectory()}, else {@code pmem} inside {@code databaseDirectory}. */
  public Path pmemDirectoryFor(Path databaseDirectory) {
    return pmemDirectory != null ? pmemDirectory : databaseDirectory.resolve("pmem");
  }

  /** The defaults. */
  public static Options defaults() {
    return builder().build();
  }

  /** A builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options, to copy and tweak. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Mutable builder; not thread-safe. Setters return {@code this}. */
  public static final class Builder {
    private boolean createIfMissing = true;
    private boolean errorIfExists;
    private boolean paranoidChecks;
    private KeyComparator comparator = KeyComparator.BYTEWISE;
    private long writeBufferBytes = DEFAULT_WRITE_BUFFER_BYTES;
    private int blockBytes = 4 << 10;
    private int blockRestartInterval = 16;
    private Compression compression = Compression.LZ4;
    private int bloomBitsPerKey = 10;
    private long blockCacheBytes = 64L << 20;
    private int maxOpenFiles = 1000;
    private int l0CompactionTrigger = 4;
    private int l0SlowdownTrigger = 20;
    private int l0StopTrigger = 36;
    private long level1MaxBytes = 256L << 20;
    private int levelSizeMultiplier = 10;
    private long targetFileBytes = 64L << 20;
    private int levels = 7;
    private L0Mode l0Mode;
    private Path pmemDirectory;
    private long pmemBudgetBytes = DEFAULT_PMEM_BUDGET_BYTES;
    private PmemBackend pmemBackend = PmemBackend.AUTO;
    private LatencyModel latencyModel = LatencyModel.OFF;
    private long l0SliceBytes = DEFAULT_L0_SLICE_BYTES;
    /** Null: the mode's default ({@link #defaultWalOnPmem(L0Mode)}). */
    private Boolean walOnPmem;
    private boolean useDirectReads;
    private boolean useDirectIoForFlushAndCompaction;
    private boolean pmemSizedL0;
    private int maxWriteBufferNumber = 4;
    private int maxSubcompactions = 4;
    private long l0MergeMaxBytes = DEFAULT_L0_MERGE_MAX_BYTES;
    /** Null: the mode's default (on with the L0 on pmem, off otherwise). */
    private Boolean pmemValueSeparation;
    private double pmemValueGcAgeCutoff = 0;
    private double pmemValueGcGarbageThreshold = 0.5;
    private MemTableRep memTableRep = MemTableRep.SKIPLIST;

    private Builder() {}

    private Builder(Options o) {
      createIfMissing = o.createIfMissing;
      errorIfExists = o.errorIfExists;
      paranoidChecks = o.paranoidChecks;
      comparator = o.comparator;
      writeBufferBytes = o.writeBufferBytes;
      blockBytes = o.blockBytes;
      blockRestartInterval = o.blockRestartInterval;
      compression = o.compression;
      bloomBitsPerKey = o.bloomBitsPerKey;
      blockCacheBytes = o.blockCacheBytes;
      maxOpenFiles = o.maxOpenFiles;
      l0CompactionTrigger = o.l0CompactionTrigger;
      l0SlowdownTrigger = o.l0SlowdownTrigger;
      l0StopTrigger = o.l0StopTrigger;
      level1MaxBytes = o.level1MaxBytes;
      levelSizeMultiplier = o.levelSizeMultiplier;
      targetFileBytes = o.targetFileBytes;
      levels = o.levels;
      l0Mode = o.l0Mode;
      pmemDirectory = o.pmemDirectory;
      pmemBudgetBytes = o.pmemBudgetBytes;
      pmemBackend = o.pmemBackend;
      latencyModel = o.latencyModel;
      l0SliceBytes = o.l0SliceBytes;
      // As pmemValueSeparation: copied only where it differs from its mode's default, so that a copy
      // switched to the other mode gets that mode's default (a pmem WAL never follows to SSD).
      walOnPmem = o.walOnPmem != defaultWalOnPmem(o.l0Mode) ? o.walOnPmem : null;
      useDirectReads = o.useDirectReads;
      useDirectIoForFlushAndCompaction = o.useDirectIoForFlushAndCompaction;
      pmemSizedL0 = o.pmemSizedL0;
      maxWriteBufferNumber = o.maxWriteBufferNumber;
      maxSubcompactions = o.maxSubcompactions;
      l0MergeMaxBytes = o.l0MergeMaxBytes;
      // Copied only where it differs from its mode's default (inline values chosen for a pmem L0):
      // otherwise the default of the mode the copy ends up with applies.
      pmemValueSeparation = o.pmemValueSeparation != (o.l0Mode == L0Mode.PMEM) ? o.pmemValueSeparation : null;
      pmemValueGcAgeCutoff = o.pmemValueGcAgeCutoff;
      pmemValueGcGarbageThreshold = o.pmemValueGcGarbageThreshold;
      memTableRep = o.memTableRep;
    }

    public Builder createIfMissing(boolean value) { createIfMissing = value; return this; }
    public Builder errorIfExists(boolean value) { errorIfExists = value; return this; }
    public Builder paranoidChecks(boolean value) { paranoidChecks = value; return this; }
    public Builder comparator(KeyComparator value) { comparator = value; return this; }
    public Builder writeBufferBytes(long value) { writeBufferBytes = value; return this; }
    public Builder blockBytes(int value) { blockBytes = value; return this; }
    public Builder blockRestartInterval(int value) { blockRestartInterval = value; return this; }
    public Builder compression(Compression value) { compression = value; return this; }
    public Builder bloomBitsPerKey(int value) { bloomBitsPerKey = value; return this; }
    public Builder blockCacheBytes(long value) { blockCacheBytes = value; return this; }
    public Builder maxOpenFiles(int value) { maxOpenFiles = value; return this; }
    public Builder l0CompactionTrigger(int value) { l0CompactionTrigger = value; return this; }
    public Builder l0SlowdownTrigger(int value) { l0SlowdownTrigger = value; return this; }
    public Builder l0StopTrigger(int value) { l0StopTrigger = value; return this; }
    public Builder level1MaxBytes(long value) { level1MaxBytes = value; return this; }
    public Builder levelSizeMultiplier(int value) { levelSizeMultiplier = value; return this; }
    public Builder targetFileBytes(long value) { targetFileBytes = value; return this; }
    public Builder levels(int value) { levels = value; return this; }
    public Builder l0Mode(L0Mode value) { l0Mode = value; return this; }
    public Builder pmemDirectory(Path value) { pmemDirectory = value; return this; }
    public Builder pmemBudgetBytes(long value) { pmemBudgetBytes = value; return this; }
    public Builder pmemBackend(PmemBackend value) { pmemBackend = value; return this; }
    public Builder latencyModel(LatencyModel value) { latencyModel = value; return this; }
    public Builder l0SliceBytes(long value) { l0SliceBytes = value; return this; }
    public Builder walOnPmem(boolean value) { walOnPmem = value; return this; }
    public Builder useDirectReads(boolean value) { useDirectReads = value; return this; }
    public Builder useDirectIoForFlushAndCompaction(boolean value) {
      useDirectIoForFlushAndCompaction = value;
      return this;
    }

    public Builder pmemSizedL0(boolean value) { pmemSizedL0 = value; return this; }
    public Builder maxWriteBufferNumber(int value) { maxWriteBufferNumber = value; return this; }
    public Builder maxSubcompactions(int value) { maxSubcompactions = value; return this; }
    public Builder l0MergeMaxBytes(long value) { l0MergeMaxBytes = value; return this; }
    public Builder pmemValueSeparation(boolean value) { pmemValueSeparation = value; return this; }
    public Builder pmemValueGcAgeCutoff(double value) { pmemValueGcAgeCutoff = value; return this; }
    public Builder pmemValueGcGarbageThreshold(double value) { pmemValueGcGarbageThreshold = value; return this; }
    public Builder memTableRep(MemTableRep value) { memTableRep = value; return this; }

    /** Garbage collection of separated values off: no Container is relocated. */
    public Builder pmemValueGcOff() {
      pmemValueGcAgeCutoff = 0;
      pmemValueGcGarbageThreshold = 1;
      return this;
    }

    /** Both direct I/O options at once: SSTable reads, and the writes of flushes and compactions. */
    public Builder directIo(boolean value) {
      useDirectReads = value;
      useDirectIoForFlushAndCompaction = value;
      return this;
    }

    /**
     * The L0 limit: writes wait for compaction from this many L0 tables on (sets {@link
     * #l0StopTrigger}, and lowers the slowdown and compaction triggers to it when above).
     */
    public Builder l0Limit(int value) {
      l0StopTrigger = value;
      l0SlowdownTrigger = Math.min(l0SlowdownTrigger, value);
      l0CompactionTrigger = Math.min(l0CompactionTrigger, value);
      return this;
    }

    /**
     * The options, validated.
     *
     * @throws InvalidArgumentException naming the first option outside its range
     */
    public Options build() {
      Objects.requireNonNull(comparator, "comparator");
      Objects.requireNonNull(compression, "compression");
      Objects.requireNonNull(pmemBackend, "pmemBackend");
      Objects.requireNonNull(latencyModel, "latencyModel");
      L0Mode mode = l0Mode != null ? l0Mode : pmemDirectory != null ? L0Mode.PMEM : L0Mode.SSD;
      require(writeBufferBytes >= 4 << 10, "writeBufferBytes must be at least 4 KiB", writeBufferBytes);
      require(blockBytes >= 256 && blockBytes <= 4 << 20, "blockBytes must be in [256, 4 MiB]", blockBytes);
      require(blockRestartInterval >= 1, "blockRestartInterval must be at least 1", blockRestartInterval);
      require(bloomBitsPerKey >= 0 && bloomBitsPerKey <= 64, "bloomBitsPerKey must be in [0, 64]", bloomBitsPerKey);
      require(blockCacheBytes >= 0, "blockCacheBytes must not be negative", blockCacheBytes);
      require(maxOpenFiles >= 16, "maxOpenFiles must be at least 16", maxOpenFiles);
      require(l0CompactionTrigger >= 1, "l0CompactionTrigger must be at least 1", l0CompactionTrigger);
      require(l0SlowdownTrigger >= l0CompactionTrigger,
          "l0SlowdownTrigger must be at least l0CompactionTrigger", l0SlowdownTrigger);
      require(l0StopTrigger >= l0SlowdownTrigger, "l0StopTrigger must be at least l0SlowdownTrigger", l0StopTrigger);
      require(level1MaxBytes >= 4 << 10, "level1MaxBytes must be at least 4 KiB", level1MaxBytes);
      require(levelSizeMultiplier >= 2, "levelSizeMultiplier must be at least 2", levelSizeMultiplier);
      require(targetFileBytes >= 4 << 10, "targetFileBytes must be at least 4 KiB", targetFileBytes);
      require(levels >= 2 && levels <= 20, "levels must be in [2, 20]", levels);
      require(pmemBudgetBytes >= 1 << 20, "pmemBudgetBytes must be at least 1 MiB", pmemBudgetBytes);
      require(maxWriteBufferNumber >= 2 && maxWriteBufferNumber <= 64, "maxWriteBufferNumber must be in [2, 64]",
          maxWriteBufferNumber);
      require(maxSubcompactions >= 1 && maxSubcompactions <= 64, "maxSubcompactions must be in [1, 64]",
          maxSubcompactions);
      require(l0SliceBytes >= 4 << 10, "l0SliceBytes must be at least 4 KiB", l0SliceBytes);
      require(l0MergeMaxBytes >= 0, "l0MergeMaxBytes must not be negative", l0MergeMaxBytes);
      if (!(pmemValueGcAgeCutoff >= 0 && pmemValueGcAgeCutoff <= 1)) {
        throw new InvalidArgumentException("invalid option: pmemValueGcAgeCutoff must be in [0, 1], was "
            + pmemValueGcAgeCutoff);
      }
      if (!(pmemValueGcGarbageThreshold >= 0 && pmemValueGcGarbageThreshold <= 1)) {
        throw new InvalidArgumentException("invalid option: pmemValueGcGarbageThreshold must be in [0, 1], was "
            + pmemValueGcGarbageThreshold);
      }
      if (pmemBackend == PmemBackend.CRASH_SIMULATION) {
        throw new InvalidArgumentException("invalid option: pmemBackend crash-sim is for tests, not a file backend");
      }
      if (pmemSizedL0 && mode != L0Mode.PMEM) {
        throw new InvalidArgumentException("invalid option: pmemSizedL0 needs l0Mode PMEM (or a pmem directory)");
      }
      int compactionTrigger = pmemSizedL0 ? PMEM_SIZED_L0_TABLE_TRIGGER : l0CompactionTrigger;
      int slowdownTrigger = pmemSizedL0 ? PMEM_SIZED_L0_TABLE_TRIGGER : l0SlowdownTrigger;
      int stopTrigger = pmemSizedL0 ? PMEM_SIZED_L0_TABLE_TRIGGER : l0StopTrigger;
      boolean wal = walOnPmem != null ? walOnPmem : defaultWalOnPmem(mode);
      if (wal && mode != L0Mode.PMEM) {
        throw new InvalidArgumentException("invalid option: walOnPmem needs l0Mode PMEM (or a pmem directory)");
      }
      boolean separation = pmemValueSeparation != null ? pmemValueSeparation : mode == L0Mode.PMEM;
      if (separation && mode != L0Mode.PMEM) {
        throw new InvalidArgumentException("invalid option: pmemValueSeparation needs l0Mode PMEM (or a pmem directory)");
      }
      return new Options(createIfMissing, errorIfExists, paranoidChecks, comparator, writeBufferBytes,
          blockBytes, blockRestartInterval, compression, bloomBitsPerKey, blockCacheBytes, maxOpenFiles,
          compactionTrigger, slowdownTrigger, stopTrigger, level1MaxBytes, levelSizeMultiplier,
          targetFileBytes, levels, mode, pmemDirectory, pmemBudgetBytes, pmemBackend, latencyModel, l0SliceBytes,
          wal, useDirectReads, useDirectIoForFlushAndCompaction, pmemSizedL0, maxWriteBufferNumber,
          maxSubcompactions, l0MergeMaxBytes, separation, pmemValueGcAgeCutoff, pmemValueGcGarbageThreshold,
          Objects.requireNonNull(memTableRep, "memTableRep"));
    }

    private static void require(boolean condition, String rule, long actual) {
      if (!condition) {
        throw new InvalidArgumentException("invalid option: " + rule + ", was " + actual);
      }
    }
  }
}
