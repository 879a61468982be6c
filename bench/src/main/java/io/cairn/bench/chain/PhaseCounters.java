package io.cairn.bench.chain;

import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.DbStats;
import io.cairn.node.api.Json;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What the process and the two engines did during one phase of {@code bench chain}: the state a
 * phase's figures were measured in, so that two runs whose CPU per record differ can be told apart
 * by cause (a block cache that missed more, a garbage collection, the JIT compiling, page faults,
 * a flush or compaction running beside the measured threads). Take {@link #now} before and after
 * the phase and report {@link #since}.
 *
 * @param gcCount garbage collections (all collectors)
 * @param gcMillis their accumulated time as the collectors report it
 * @param jitMillis time the JIT compilers spent compiling (-1 where the JVM does not say)
 * @param minorFaults page faults served without I/O (-1 where the platform does not say)
 * @param majorFaults page faults that read from storage (-1 where the platform does not say)
 * @param records the records engine's counters
 * @param ledger the ledger engine's counters
 */
record PhaseCounters(long gcCount, long gcMillis, long jitMillis, long minorFaults, long majorFaults,
    DbStats records, DbStats ledger) {
  private static final Path PROC_STAT = Path.of("/proc/self/stat");

  /** The counters now. */
  static PhaseCounters now(Db records, Db ledger) {
    long count = 0;
    long millis = 0;
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, collector.getCollectionCount());
      millis += Math.max(0, collector.getCollectionTime());
    }
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    long jitMillis = jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    long[] faults = pageFaults();
    return new PhaseCounters(count, millis, jitMillis, faults[0], faults[1], records.stats(), ledger.stats());
  }

  /** What happened between {@code before} and this (the engines' level layout is this one's). */
  Json.Obj since(PhaseCounters before) {
    return Json.object()
        .put("gc_count", gcCount - before.gcCount)
        .put("gc_ms", gcMillis - before.gcMillis)
        .put("jit_ms", jitMillis < 0 ? -1 : jitMillis - before.jitMillis)
        .put("minor_faults", minorFaults < 0 ? -1 : minorFaults - before.minorFaults)
        .put("major_faults", majorFaults < 0 ? -1 : majorFaults - before.majorFaults)
        .put("records_db", engine(records, before.records))
        .put("ledger_db", engine(ledger, before.ledger));
  }

  /** One line for the text report: what differs between runs when a phase's CPU per record does. */
  String describeSince(PhaseCounters before) {
    return String.format(Locale.ROOT, "GC %d (%d ms), JIT %d ms, page faults %d minor / %d major; records: %s;"
        + " ledger: %s", gcCount - before.gcCount, gcMillis - before.gcMillis,
        jitMillis < 0 ? -1 : jitMillis - before.jitMillis, minorFaults < 0 ? -1 : minorFaults - before.minorFaults,
        majorFaults < 0 ? -1 : majorFaults - before.majorFaults, describe(records, before.records),
        describe(ledger, before.ledger));
  }

  private static Json.Obj engine(DbStats now, DbStats before) {
    long hits = now.blockCacheHits() - before.blockCacheHits();
    long misses = now.blockCacheMisses() - before.blockCacheMisses();
    long gets = now.gets() - before.gets();
    return Json.object()
        .put("files_per_level", filesPerLevel(now))
        .put("block_cache_hit_rate", Json.round(hits + misses == 0 ? 0 : (double) hits / (hits + misses), 4))
        .put("gets", gets)
        .put("tables_asked_per_get", Json.round(perGet(now.getL0TablesAsked() + now.getDeeperTablesAsked()
            - before.getL0TablesAsked() - before.getDeeperTablesAsked(), gets), 3))
        .put("block_reads_per_get", Json.round(perGet(now.getBlockReads() - before.getBlockReads(), gets), 3))
        .put("flushes", now.flushes() - before.flushes())
        .put("compactions", now.compactions() - before.compactions() + now.l0Merges() - before.l0Merges());
  }

  private static Json.Arr filesPerLevel(DbStats stats) {
    Json.Arr files = Json.array();
    for (int level = 0; level <= lastNonEmpty(stats); level++) {
      files.add(stats.filesPerLevel().get(level));
    }
    return files;
  }

  private static String describe(DbStats now, DbStats before) {
    long hits = now.blockCacheHits() - before.blockCacheHits();
    long misses = now.blockCacheMisses() - before.blockCacheMisses();
    long gets = now.gets() - before.gets();
    return String.format(Locale.ROOT, "files %s, block cache hits %.1f %%, %.2f block reads per get, %d flushes,"
        + " %d compactions", now.filesPerLevel().subList(0, lastNonEmpty(now) + 1),
        hits + misses == 0 ? 0.0 : 100.0 * hits / (hits + misses),
        perGet(now.getBlockReads() - before.getBlockReads(), gets), now.flushes() - before.flushes(),
        now.compactions() - before.compactions() + now.l0Merges() - before.l0Merges());
  }

  private static int lastNonEmpty(DbStats stats) {
    int last = 0;
    for (int level = 0; level < stats.filesPerLevel().size(); level++) {
      if (stats.filesPerLevel().get(level) > 0) {
        last = level;
      }
    }
    return last;
  }

  private static double perGet(long count, long gets) {
    return gets == 0 ? 0 : (double) count / gets;
  }

  /** Minor and major page faults of this process so far (Linux), else {-1, -1}. */
  private static long[] pageFaults() {
    try {
      String stat = Files.readString(PROC_STAT);
      // Fields after the command name, which is in parentheses and may hold spaces: state is
      // field 3, minflt field 10, majflt field 12 (proc(5)).
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return new long[] {Long.parseLong(fields[7]), Long.parseLong(fields[9])};
    } catch (IOException | RuntimeException e) {
      return new long[] {-1, -1};
    }
  }
}
