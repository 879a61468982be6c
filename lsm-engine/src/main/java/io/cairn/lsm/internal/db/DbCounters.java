package io.cairn.lsm.internal.db;

import io.cairn.lsm.api.DbStats;
import io.cairn.lsm.internal.cache.BlockCache;
import io.cairn.lsm.internal.key.Lookup;
import io.cairn.lsm.internal.version.TableCache;
import io.cairn.lsm.internal.version.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/** The engine's running counters since open, turned into {@link DbStats}. Thread-safe. */
final class DbCounters {
  final LongAdder userBytesWritten = new LongAdder();
  final LongAdder walBytesWritten = new LongAdder();
  final LongAdder flushBytesWritten = new LongAdder();
  final LongAdder compactionBytesRead = new LongAdder();
  final LongAdder compactionBytesWritten = new LongAdder();
  final LongAdder writeStalls = new LongAdder();
  final LongAdder writeStallNanos = new LongAdder();
  /** Stalled time by cause: the delayed write rate of the L0 slowdown zone. */
  final LongAdder stallDelayNanos = new LongAdder();
  /** Stalled time by cause: every memtable slot sealed and not yet flushed. */
  final LongAdder stallFlushNanos = new LongAdder();
  /** Stalled time by cause: L0 at its stop trigger. */
  final LongAdder stallStopNanos = new LongAdder();
  /** Stalled time by cause: the pmem L0 at its budget. */
  final LongAdder stallPmemFullNanos = new LongAdder();
  /** Stalled time by cause: the memtable switch that ended a stall (session 15). */
  final LongAdder stallSwitchNanos = new LongAdder();
  /** Wall time of compactions that merged L0 into L1 (trivial moves not counted). */
  final LongAdder l0CompactionNanos = new LongAdder();
  /** Wall time of compactions of deeper levels (trivial moves not counted). */
  final LongAdder deeperCompactionNanos = new LongAdder();
  /** Wall time of flushes (memtable to L0 table, MANIFEST edit included). */
  final LongAdder flushNanos = new LongAdder();
  /** The part of {@link #flushNanos} spent writing the table (a published NVMTable, or a closed SSTable). */
  final LongAdder flushTableNanos = new LongAdder();
  /** The part of {@link #flushNanos} spent in the directory sync and the MANIFEST edit (its sync included). */
  final LongAdder flushInstallNanos = new LongAdder();
  final LongAdder flushes = new LongAdder();
  /** Memtables those flushes wrote (more than {@link #flushes} when one flush took several). */
  final LongAdder flushedMemTables = new LongAdder();
  final LongAdder compactions = new LongAdder();
  final LongAdder trivialMoves = new LongAdder();
  final LongAdder pmemFlushBytesWritten = new LongAdder();
  final LongAdder l0Slices = new LongAdder();
  /** Pieces run by compactions that were split into subcompactions. */
  final LongAdder subcompactions = new LongAdder();
  final LongAdder writeGroups = new LongAdder();
  final LongAdder writes = new LongAdder();
  final LongAdder syncs = new LongAdder();
  final LongAdder writeNanos = new LongAdder();
  final LongAdder l0Merges = new LongAdder();
  final LongAdder l0MergeBytesWritten = new LongAdder();
  final LongAdder l0MergeEntries = new LongAdder();
  final LongAdder l0MergeValueBytesKept = new LongAdder();
  final LongAdder gets = new LongAdder();
  final LongAdder getL0TablesAsked = new LongAdder();
  final LongAdder getDeeperTablesAsked = new LongAdder();
  final LongAdder getFilterSkips = new LongAdder();
  final LongAdder getBlockReads = new LongAdder();
  final LongAdder getL0Answers = new LongAdder();

  /** Adds what one point read cost on its way down (see {@link Lookup}). */
  void countGet(Lookup lookup) {
    gets.increment();
    if (lookup.l0TablesAsked() != 0) {
      getL0TablesAsked.add(lookup.l0TablesAsked());
    }
    if (lookup.deeperTablesAsked() != 0) {
      getDeeperTablesAsked.add(lookup.deeperTablesAsked());
    }
    if (lookup.filterSkips() != 0) {
      getFilterSkips.add(lookup.filterSkips());
    }
    if (lookup.blockReads() != 0) {
      getBlockReads.add(lookup.blockReads());
    }
    if (lookup.answeredInL0()) {
      getL0Answers.increment();
    }
  }

  /**
   * The counters plus the per-level shape of {@code version}, the block cache's hits and misses
   * and the tables opened.
   */
  DbStats snapshot(Version version, BlockCache<?> blockCache, TableCache tables, long containerBytes,
      long containerReferencedBytes) {
    List<Integer> files = new ArrayList<>();
    List<Long> bytes = new ArrayList<>();
    for (int level = 0; level < version.levelCount(); level++) {
      files.add(version.fileCount(level));
      bytes.add(version.levelBytes(level));
    }
    return new DbStats(files, bytes, userBytesWritten.sum(), walBytesWritten.sum(), flushBytesWritten.sum(),
        compactionBytesRead.sum(), compactionBytesWritten.sum(), writeStalls.sum(), writeStallNanos.sum(),
        flushes.sum(), compactions.sum(), pmemFlushBytesWritten.sum(), l0Slices.sum(),
        writeNanos.sum(), blockCache.hits(), blockCache.misses(), l0Merges.sum(), l0MergeBytesWritten.sum(),
        gets.sum(), getL0TablesAsked.sum(), getDeeperTablesAsked.sum(), getFilterSkips.sum(), getBlockReads.sum(),
        getL0Answers.sum(),
        tables.opens(), containerBytes, containerReferencedBytes, l0MergeEntries.sum(), l0MergeValueBytesKept.sum(),
        new DbStats.WriteStallCauses(stallDelayNanos.sum(), stallFlushNanos.sum(), stallStopNanos.sum(),
            stallPmemFullNanos.sum(), stallSwitchNanos.sum()),
        new DbStats.FlushTimes(flushedMemTables.sum(), flushTableNanos.sum(), flushInstallNanos.sum(), flushNanos.sum()),
        syncs.sum());
  }
}
