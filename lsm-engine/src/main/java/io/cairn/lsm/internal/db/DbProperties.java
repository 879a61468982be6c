package io.cairn.lsm.internal.db;

import io.cairn.lsm.api.DbStats;
import io.cairn.lsm.internal.version.Version;
import java.util.Locale;

/**
 * The named properties of {@link io.cairn.lsm.api.Db#property} (documented in {@code
 * docs/engine.md}):
 *
 * <pre>
 * cairn.num-files-at-level&lt;N&gt;      table files at level N
 * cairn.bytes-at-level&lt;N&gt;          bytes of the tables at level N
 * cairn.stats                        a table of levels and the counters since open
 * cairn.sstables                     every table with its key range, level by level
 * cairn.approximate-memory-usage     memtables (entries and key filters) plus block cache, in bytes
 * cairn.last-sequence                the last sequence number written
 * cairn.live-snapshots               snapshots not yet released
 * cairn.block-cache                  capacity, usage, hits and misses of the block cache
 * cairn.num-immutable-mem-table      sealed memtables waiting for their flush
 * cairn.subcompactions               pieces run by compactions split into subcompactions
 * cairn.background-idle              true when no flush or compaction runs or waits, else false
 * </pre>
 *
 * Thread-safety: stateless; reads a consistent version and atomic counters.
 */
final class DbProperties {
  private static final String PREFIX = "cairn.";

  private DbProperties() {}

  /** The value of property {@code name}, or null when there is no such property. */
  static String get(DbImpl db, String name) {
    if (!name.startsWith(PREFIX)) {
      return null;
    }
    String key = name.substring(PREFIX.length());
    Version version = db.versions.refCurrent();
    try {
      if (key.startsWith("num-files-at-level")) {
        int level = level(key.substring("num-files-at-level".length()), version);
        return level < 0 ? null : String.valueOf(version.fileCount(level));
      }
      if (key.startsWith("bytes-at-level")) {
        int level = level(key.substring("bytes-at-level".length()), version);
        return level < 0 ? null : String.valueOf(version.levelBytes(level));
      }
      return switch (key) {
        case "stats" -> stats(db, version);
        case "sstables" -> version.describe();
        case "approximate-memory-usage" -> String.valueOf(memoryUsage(db));
        case "last-sequence" -> String.valueOf(db.versions.lastSequence());
        case "live-snapshots" -> String.valueOf(db.snapshots.size());
        case "num-immutable-mem-table" -> String.valueOf(immutableMemTables(db));
        case "subcompactions" -> String.valueOf(db.counters.subcompactions.sum());
        case "background-idle" -> String.valueOf(db.background.idle());
        case "block-cache" -> "capacity=" + db.blockCache.capacityBytes() + " usage=" + db.blockCache.usageBytes()
            + " hits=" + db.blockCache.hits() + " misses=" + db.blockCache.misses()
            + " hit-rate=" + String.format(Locale.ROOT, "%.4f", db.stats().blockCacheHitRate());
        default -> null;
      };
    } finally {
      version.unref();
    }
  }

  private static int level(String digits, Version version) {
    try {
      int level = Integer.parseInt(digits);
      return level >= 0 && level < version.levelCount() ? level : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static int immutableMemTables(DbImpl db) {
    SuperVersion view = db.acquireSuperVersion();
    try {
      return view.immutables.size();
    } finally {
      view.unref();
    }
  }

  private static long memoryUsage(DbImpl db) {
    SuperVersion view = db.acquireSuperVersion();
    try {
      long bytes = view.mem.approximateBytes() + view.mem.filterBytes();
      for (io.cairn.lsm.internal.memtable.MemTable sealed : view.immutables) {
        bytes += sealed.approximateBytes() + sealed.filterBytes();
      }
      return bytes + db.blockCache.usageBytes();
    } finally {
      view.unref();
    }
  }

  private static String stats(DbImpl db, Version version) {
    DbStats stats = db.statsOf(version);
    StringBuilder text = new StringBuilder();
    text.append("Level  Files    Size(MiB)  Target(MiB)\n");
    text.append("---------------------------------------\n");
    for (int level = 0; level < version.levelCount(); level++) {
      String target = level == 0 ? "-" : String.format(Locale.ROOT, "%.1f", db.versions.maxBytesForLevel(level) / 1048576.0);
      text.append(String.format(Locale.ROOT, "%5d %6d %12.2f %12s%n", level, version.fileCount(level),
          version.levelBytes(level) / 1048576.0, target));
    }
    text.append(String.format(Locale.ROOT,
        "user bytes written %d, WAL bytes %d (%d write groups for %d writes, %d synced)%n",
        stats.userBytesWritten(), stats.walBytesWritten(), db.counters.writeGroups.sum(), db.counters.writes.sum(),
        db.counters.syncs.sum()));
    text.append(String.format(Locale.ROOT, "flushes %d of %d memtables writing %d bytes; compactions %d (+%d trivial"
        + " moves) reading %d and writing %d bytes%n", stats.flushes(), db.counters.flushedMemTables.sum(),
        stats.flushBytesWritten(), stats.compactions(),
        db.counters.trivialMoves.sum(), stats.compactionBytesRead(), stats.compactionBytesWritten()));
    text.append(String.format(Locale.ROOT, "L0 on %s; %d bytes flushed to pmem; %d L0 slice compactions%n",
        db.options.l0Mode(), stats.pmemFlushBytesWritten(), stats.l0Slices()));
    text.append(String.format(Locale.ROOT, "L0 merges %d writing %d entries and %d bytes; %d value bytes kept in place"
        + " as references%n", stats.l0Merges(), stats.l0MergeEntries(), stats.l0MergeBytesWritten(),
        stats.l0MergeValueBytesKept()));
    text.append(String.format(Locale.ROOT,
        "write amplification %.2f (SSD only %.2f); write stalls %d totalling %.3f ms (%.1f %% of write time)%n",
        stats.writeAmplification(), stats.ssdWriteAmplification(), stats.writeStalls(), stats.writeStallNanos() / 1e6,
        100 * stats.stallShare()));
    DbStats.WriteStallCauses causes = stats.stallCauses();
    text.append(String.format(Locale.ROOT, "stalled ms by cause: slowdown rate %.1f, flush behind %.1f, L0 stop %.1f,"
        + " pmem budget %.1f, memtable switch %.1f%n", causes.slowdownNanos() / 1e6, causes.flushBehindNanos() / 1e6,
        causes.l0StopNanos() / 1e6, causes.pmemBudgetNanos() / 1e6, causes.switchNanos() / 1e6));
    text.append(String.format(Locale.ROOT, "background ms: flushes %.1f (table %.1f, directory sync and MANIFEST %.1f),"
        + " L0 compactions %.1f, deeper compactions %.1f%n", db.counters.flushNanos.sum() / 1e6,
        db.counters.flushTableNanos.sum() / 1e6, db.counters.flushInstallNanos.sum() / 1e6,
        db.counters.l0CompactionNanos.sum() / 1e6, db.counters.deeperCompactionNanos.sum() / 1e6));
    text.append(String.format(Locale.ROOT, "block cache hit rate %.3f (%d hits, %d misses); table I/O %s reads, %s"
        + " flush and compaction writes%n", stats.blockCacheHitRate(), stats.blockCacheHits(), stats.blockCacheMisses(),
        db.options.useDirectReads() ? "direct" : "buffered",
        db.options.useDirectIoForFlushAndCompaction() ? "direct" : "buffered"));
    text.append(String.format(Locale.ROOT, "point reads %d: per read %.2f L0 and %.2f deeper tables asked, %.2f filter"
        + " skips, %.2f block reads; %.1f %% answered in L0; %d tables opened%n", stats.gets(),
        stats.perGet(stats.getL0TablesAsked()), stats.perGet(stats.getDeeperTablesAsked()),
        stats.perGet(stats.getFilterSkips()), stats.blockReadsPerGet(), 100 * stats.perGet(stats.getL0Answers()),
        stats.tableOpens()));
    if (db.options.pmemValueSeparation() || stats.valueContainerBytes() > 0) {
      text.append(String.format(Locale.ROOT, "key-value separation %s: value Containers %d bytes, %d referenced, %d"
          + " garbage (current version)%n", db.options.pmemValueSeparation() ? "on" : "off (references kept)",
          stats.valueContainerBytes(), stats.valueContainerReferencedBytes(), stats.valueContainerGarbageBytes()));
    }
    return text.toString();
  }
}
