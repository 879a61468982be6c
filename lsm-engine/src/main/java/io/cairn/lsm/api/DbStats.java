package io.cairn.lsm.api;

import java.util.List;
import java.util.Objects;

/**
 * A point-in-time copy of the engine's counters. Immutable.
 *
 * @param filesPerLevel number of table files at each level, index 0 = L0
 * @param bytesPerLevel bytes of table files at each level, index 0 = L0
 * @param userBytesWritten key + value bytes accepted from users since open
 * @param walBytesWritten bytes appended to the WAL since open
 * @param flushBytesWritten bytes written by minor compactions (memtable to L0) since open
 * @param compactionBytesRead bytes read by major compactions since open
 * @param compactionBytesWritten bytes written by major compactions since open
 * @param writeStalls number of writes that waited (slowdown or stop) since open
 * @param writeStallNanos total time writes spent waiting since open
 * @param flushes minor compactions since open
 * @param compactions major compactions since open
 * @param pmemFlushBytesWritten the part of {@code flushBytesWritten} written to persistent memory
 *     (the NVMTables of {@code L0Mode.PMEM}; 0 in SSD mode)
 * @param l0Slices key-range slice compactions of the pmem L0 since open (part of {@code compactions})
 * @param writeNanos total time spent inside write calls (put, delete, write) since open, stalls
 *     included: the denominator of {@link #stallShare()}
 * @param blockCacheHits block-cache lookups that found their block since open
 * @param blockCacheMisses block-cache lookups that missed (each one a table read: a device read
 *     with {@code useDirectReads}) since open
 * @param l0Merges merges of L0 tables into one larger L0 table since open: NVMTables on pmem
 *     (the pmem-sized L0's tiers, or intra-L0 merges), SSTables on SSD (intra-L0 merges in SSD mode)
 * @param l0MergeBytesWritten bytes those merges wrote since open (an SSD-mode merge's bytes are
 *     also counted in {@code compactionBytesRead/Written}: they are SSD traffic)
 * @param gets point reads ({@code Db.get}) since open
 * @param getL0TablesAsked L0 tables those reads asked (the key in the table's range and not yet
 *     moved to L1 by a slice)
 * @param getDeeperTablesAsked tables of L1 and deeper those reads asked (at most one per level)
 * @param getFilterSkips tables asked whose bloom filter ruled the key out (no search, no read)
 * @param getBlockReads data blocks those reads had to read from SSTables (block-cache misses on
 *     the point-read path only: device reads with {@code useDirectReads})
 * @param getL0Answers point reads an L0 table answered (value or deletion)
 * @param tableOpens tables opened by the table cache since open (each SSTable open reads its
 *     footer, index and filter)
 * @param valueContainerBytes key-value separation: pmem bytes of the Containers kept for their
 *     values after leaving L0, and of the value Containers relocation wrote (because SSTables
 *     reference their values); 0 without separation
 * @param valueContainerReferencedBytes the value bytes the current version's SSTables reference
 *     in those Containers: the sum of each SSTable's per-Container reference bytes (MANIFEST tag
 *     9), exact for the current version since each live entry lies in one of its tables (what the
 *     relocation rule weighs, per Container)
 * @param l0MergeEntries entries those L0 merges wrote since open: per user write, how many times
 *     an entry was merged again inside L0 (the merges' write amplification by entries)
 * @param l0MergeValueBytesKept value bytes those merges left in their inputs' pmem Containers
 *     and wrote as references instead of copying (key-value separation inside L0, session 11):
 *     {@code l0MergeBytesWritten} holds only the keys and references
 * @param stallCauses {@code writeStallNanos} split by what the writers waited for (session 15)
 * @param flushTimes where the flushes' wall time went (session 15)
 * @param syncs WAL syncs since open: synced write groups and {@code Db.syncWal} calls, each one
 *     {@code fsync} of the live segment (session 17: the stage trace counts them per window)
 */
public record DbStats(
    List<Integer> filesPerLevel,
    List<Long> bytesPerLevel,
    long userBytesWritten,
    long walBytesWritten,
    long flushBytesWritten,
    long compactionBytesRead,
    long compactionBytesWritten,
    long writeStalls,
    long writeStallNanos,
    long flushes,
    long compactions,
    long pmemFlushBytesWritten,
    long l0Slices,
    long writeNanos,
    long blockCacheHits,
    long blockCacheMisses,
    long l0Merges,
    long l0MergeBytesWritten,
    long gets,
    long getL0TablesAsked,
    long getDeeperTablesAsked,
    long getFilterSkips,
    long getBlockReads,
    long getL0Answers,
    long tableOpens,
    long valueContainerBytes,
    long valueContainerReferencedBytes,
    long l0MergeEntries,
    long l0MergeValueBytesKept,
    WriteStallCauses stallCauses,
    FlushTimes flushTimes,
    long syncs) {

  /**
   * The stalled time of writes by cause, nanoseconds since open (session 15). Each stalled write
   * adds its waits to the cause it waited for; their sum is {@code writeStallNanos} less the
   * bookkeeping between waits (under a millisecond per stall).
   *
   * @param slowdownNanos slept at the delayed write rate (L0 at or above {@code l0SlowdownTrigger})
   * @param flushBehindNanos waited with every memtable slot sealed while the flush runs
   * @param l0StopNanos waited with L0 at {@code l0StopTrigger}
   * @param pmemBudgetNanos waited for the pmem L0 to get below its budget
   * @param switchNanos the memtable switch that ended a stall (sealing the memtable, making or
   *     claiming the next WAL segment), counted in the stall it ended
   */
  public record WriteStallCauses(long slowdownNanos, long flushBehindNanos, long l0StopNanos, long pmemBudgetNanos,
      long switchNanos) {
    /** No stall. */
    public static final WriteStallCauses NONE = new WriteStallCauses(0, 0, 0, 0, 0);

    /** The sum of the causes. */
    public long totalNanos() {
      return slowdownNanos + flushBehindNanos + l0StopNanos + pmemBudgetNanos + switchNanos;
    }
  }

  /**
   * Where the flushes' wall time went, since open (session 15).
   *
   * @param memTables memtables flushed (more than {@code flushes} when one flush wrote several
   *     waiting memtables as one table)
   * @param tableNanos writing the tables (an NVMTable up to its durable commit word, an SSTable
   *     synced)
   * @param installNanos recording them: the directory sync (SSTables) and the MANIFEST edit with its
   *     {@code fsync}
   * @param totalNanos the flushes' whole wall time (mutex waits and the obsolete-file cleanup included)
   */
  public record FlushTimes(long memTables, long tableNanos, long installNanos, long totalNanos) {
    /** No flush. */
    public static final FlushTimes NONE = new FlushTimes(0, 0, 0, 0);
  }

  /** Counters without the stall causes, flush times (before session 15) and WAL syncs (before session 17). */
  public DbStats(List<Integer> filesPerLevel, List<Long> bytesPerLevel, long userBytesWritten, long walBytesWritten,
      long flushBytesWritten, long compactionBytesRead, long compactionBytesWritten, long writeStalls,
      long writeStallNanos, long flushes, long compactions, long pmemFlushBytesWritten, long l0Slices, long writeNanos,
      long blockCacheHits, long blockCacheMisses, long l0Merges, long l0MergeBytesWritten, long gets,
      long getL0TablesAsked, long getDeeperTablesAsked, long getFilterSkips, long getBlockReads, long getL0Answers,
      long tableOpens, long valueContainerBytes, long valueContainerReferencedBytes, long l0MergeEntries,
      long l0MergeValueBytesKept) {
    this(filesPerLevel, bytesPerLevel, userBytesWritten, walBytesWritten, flushBytesWritten, compactionBytesRead,
        compactionBytesWritten, writeStalls, writeStallNanos, flushes, compactions, pmemFlushBytesWritten, l0Slices,
        writeNanos, blockCacheHits, blockCacheMisses, l0Merges, l0MergeBytesWritten, gets, getL0TablesAsked,
        getDeeperTablesAsked, getFilterSkips, getBlockReads, getL0Answers, tableOpens, valueContainerBytes,
        valueContainerReferencedBytes, l0MergeEntries, l0MergeValueBytesKept, WriteStallCauses.NONE, FlushTimes.NONE, 0);
  }

  /**
   * Key-value separation: the bytes of the value Containers no live entry references (dead values,
   * and each Container's slots, keys and index): {@code valueContainerBytes} less the referenced
   * bytes, at least 0. What garbage collection by relocation reclaims (a Container still held by
   * an older version that an iterator pins counts here until released).
   */
  public long valueContainerGarbageBytes() {
    return Math.max(0, valueContainerBytes - valueContainerReferencedBytes);
  }

  /** Copies the lists so the record stays immutable. */
  public DbStats {
    filesPerLevel = List.copyOf(filesPerLevel);
    bytesPerLevel = List.copyOf(bytesPerLevel);
    Objects.requireNonNull(stallCauses, "stallCauses");
    Objects.requireNonNull(flushTimes, "flushTimes");
  }

  /**
   * Bytes written to storage by flushes and compactions per user byte, the usual write
   * amplification (WAL excluded); 0 before any user write.
   */
  public double writeAmplification() {
    return userBytesWritten == 0
        ? 0
        : (double) (flushBytesWritten + compactionBytesWritten) / userBytesWritten;
  }

  /**
   * Bytes written to the SSD directory's tables (flushes to SSTables and compactions) per user
   * byte: the write amplification the pmem L0 is meant to cut (NVMTables on pmem excluded; the WAL
   * excluded, as above); 0 before any user write.
   */
  public double ssdWriteAmplification() {
    return userBytesWritten == 0
        ? 0
        : (double) (flushBytesWritten - pmemFlushBytesWritten + compactionBytesWritten) / userBytesWritten;
  }

  /** The share of write time spent stalled ({@code writeStallNanos / writeNanos}); 0 before any write. */
  public double stallShare() {
    return writeNanos == 0 ? 0 : Math.min(1.0, (double) writeStallNanos / writeNanos);
  }

  /** Block-cache hits per lookup; 0 before any lookup. */
  public double blockCacheHitRate() {
    long lookups = blockCacheHits + blockCacheMisses;
    return lookups == 0 ? 0 : (double) blockCacheHits / lookups;
  }

  /** {@code count} per point read (one of the {@code get...} counters); 0 before any read. */
  public double perGet(long count) {
    return gets == 0 ? 0 : (double) count / gets;
  }

  /** Tables asked per point read (L0 and deeper); 0 before any read. */
  public double tablesAskedPerGet() {
    return perGet(getL0TablesAsked + getDeeperTablesAsked);
  }

  /** Data blocks read from SSTables per point read; 0 before any read. */
  public double blockReadsPerGet() {
    return perGet(getBlockReads);
  }
}
