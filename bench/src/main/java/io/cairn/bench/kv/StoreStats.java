package io.cairn.bench.kv;

import io.cairn.node.api.Json;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * An engine's own counters after a run, where the engine exposes them; {@code null} members mean
 * "this engine does not report it", never zero.
 *
 * @param writeStalls writes that were slowed down or stopped by L0 thresholds
 * @param writeStallMillis total time writes spent stalled
 * @param writeAmplification bytes written by flushes and compactions per user byte
 * @param readRetries reads the adapter repeated after a transient engine error (see {@link
 *     Engine#deviations}); null for adapters that never retry
 * @param stallShare time writes spent stalled per time spent in write calls (0..1)
 * @param blockCacheHitRate block-cache hits per block-cache lookup (0..1)
 * @param readPath what a point read cost on its way down, for engines that count it; null otherwise
 * @param valueContainerBytes pmem bytes of the value Containers kept for key-value separation
 *     (Cairn's {@code DbStats.valueContainerBytes}); null for engines without them
 * @param l0Merge what Cairn's merges of L0 tables into larger L0 tables did; null for other engines
 * @param stallCauses Cairn's stalled time by cause and its flushes' wall time (session 15); null for
 *     other engines
 */
public record StoreStats(Long writeStalls, Double writeStallMillis, Double writeAmplification, Long readRetries,
    Double stallShare, Double blockCacheHitRate, ReadPath readPath, Long valueContainerBytes, L0Merge l0Merge,
    StallCauses stallCauses) {
  /** Nothing known. */
  public static final StoreStats NONE = new StoreStats(null, null, null, null, null, null, null, null, null, null);

  /**
   * What Cairn's writers waited for, and where its flushes' time went, over the store's life
   * (milliseconds; Cairn's {@code DbStats.stallCauses} and {@code flushTimes}; session 15).
   *
   * @param slowdownMs slept at the delayed write rate (L0 in the slowdown zone)
   * @param flushBehindMs waited with every memtable slot sealed while the flush ran
   * @param l0StopMs waited with L0 at the stop trigger
   * @param pmemBudgetMs waited for the pmem L0 to get below its budget
   * @param switchMs memtable switches that ended a stall
   * @param flushes flushes run
   * @param flushedMemTables memtables they wrote (more than {@code flushes} when one flush took several)
   * @param flushTableMs the flushes' wall time writing tables
   * @param flushInstallMs the flushes' wall time recording them (directory sync, MANIFEST edit and its fsync)
   */
  public record StallCauses(double slowdownMs, double flushBehindMs, double l0StopMs, double pmemBudgetMs,
      double switchMs, double flushes, double flushedMemTables, double flushTableMs, double flushInstallMs) {
    static StallCauses mean(List<StallCauses> rounds) {
      return new StallCauses(
          average(rounds, StallCauses::slowdownMs),
          average(rounds, StallCauses::flushBehindMs),
          average(rounds, StallCauses::l0StopMs),
          average(rounds, StallCauses::pmemBudgetMs),
          average(rounds, StallCauses::switchMs),
          average(rounds, StallCauses::flushes),
          average(rounds, StallCauses::flushedMemTables),
          average(rounds, StallCauses::flushTableMs),
          average(rounds, StallCauses::flushInstallMs));
    }

    Json.Obj stallJson() {
      return Json.object()
          .put("slowdown_rate", slowdownMs)
          .put("flush_behind", flushBehindMs)
          .put("l0_stop", l0StopMs)
          .put("pmem_budget", pmemBudgetMs)
          .put("memtable_switch", switchMs);
    }

    Json.Obj flushJson() {
      return Json.object()
          .put("flushes", flushes)
          .put("memtables", flushedMemTables)
          .put("table_ms", flushTableMs)
          .put("install_ms", flushInstallMs);
    }
  }

  /** Counters without stall causes. */
  public StoreStats(Long writeStalls, Double writeStallMillis, Double writeAmplification, Long readRetries,
      Double stallShare, Double blockCacheHitRate, ReadPath readPath, Long valueContainerBytes, L0Merge l0Merge) {
    this(writeStalls, writeStallMillis, writeAmplification, readRetries, stallShare, blockCacheHitRate, readPath,
        valueContainerBytes, l0Merge, null);
  }

  /**
   * Merges of L0 tables into larger L0 tables over the store's life (Cairn's {@code DbStats}; session 11).
   *
   * @param merges merges run
   * @param entries entries they wrote (divided by the records written: how often an entry was merged again)
   * @param bytesWritten bytes they wrote
   * @param valueBytesKept value bytes they left in place and referenced instead of copying
   * @param bytesPerUserByte {@code bytesWritten} per user byte written: the merges' write amplification
   */
  public record L0Merge(long merges, long entries, long bytesWritten, long valueBytesKept, double bytesPerUserByte) {
    static L0Merge mean(List<L0Merge> rounds) {
      return new L0Merge(
          Math.round(average(rounds, L0Merge::merges)),
          Math.round(average(rounds, L0Merge::entries)),
          Math.round(average(rounds, L0Merge::bytesWritten)),
          Math.round(average(rounds, L0Merge::valueBytesKept)),
          average(rounds, L0Merge::bytesPerUserByte));
    }

    Json.Obj toJson() {
      return Json.object()
          .put("merges", merges)
          .put("entries", entries)
          .put("bytes_written", bytesWritten)
          .put("value_bytes_kept", valueBytesKept)
          .put("bytes_per_user_byte", bytesPerUserByte);
    }
  }

  /** Counters without L0 merges. */
  public StoreStats(Long writeStalls, Double writeStallMillis, Double writeAmplification, Long readRetries,
      Double stallShare, Double blockCacheHitRate, ReadPath readPath, Long valueContainerBytes) {
    this(writeStalls, writeStallMillis, writeAmplification, readRetries, stallShare, blockCacheHitRate, readPath,
        valueContainerBytes, null);
  }

  /**
   * Per point read, averaged over every read of the run (the engine's {@code DbStats}).
   *
   * @param l0TablesPerGet L0 tables asked
   * @param deeperTablesPerGet tables of L1 and deeper asked
   * @param filterSkipsPerGet tables asked whose bloom filter ruled the key out
   * @param l0AnswerShare share of the point reads an L0 table answered
   * @param blockReadsPerGet data blocks read from SSTables (device reads with direct I/O)
   * @param tableOpens tables the engine opened during the whole run (an SSTable open reads its
   *     footer, index and filter)
   */
  public record ReadPath(double l0TablesPerGet, double deeperTablesPerGet, double filterSkipsPerGet,
      double l0AnswerShare, double blockReadsPerGet, double tableOpens) {
    static ReadPath mean(List<ReadPath> rounds) {
      return new ReadPath(
          average(rounds, ReadPath::l0TablesPerGet),
          average(rounds, ReadPath::deeperTablesPerGet),
          average(rounds, ReadPath::filterSkipsPerGet),
          average(rounds, ReadPath::l0AnswerShare),
          average(rounds, ReadPath::blockReadsPerGet),
          average(rounds, ReadPath::tableOpens));
    }

    Json.Obj toJson() {
      return Json.object()
          .put("l0_tables_per_get", l0TablesPerGet)
          .put("deeper_tables_per_get", deeperTablesPerGet)
          .put("filter_skips_per_get", filterSkipsPerGet)
          .put("l0_answer_share", l0AnswerShare)
          .put("block_reads_per_get", blockReadsPerGet)
          .put("table_opens", tableOpens);
    }
  }

  /** Counters without value Containers. */
  public StoreStats(Long writeStalls, Double writeStallMillis, Double writeAmplification, Long readRetries,
      Double stallShare, Double blockCacheHitRate, ReadPath readPath) {
    this(writeStalls, writeStallMillis, writeAmplification, readRetries, stallShare, blockCacheHitRate, readPath, null);
  }

  /** Counters without a read-path breakdown. */
  public StoreStats(Long writeStalls, Double writeStallMillis, Double writeAmplification, Long readRetries,
      Double stallShare, Double blockCacheHitRate) {
    this(writeStalls, writeStallMillis, writeAmplification, readRetries, stallShare, blockCacheHitRate, null, null);
  }

  /** Counters of an engine whose adapter never retries. */
  public StoreStats(Long writeStalls, Double writeStallMillis, Double writeAmplification) {
    this(writeStalls, writeStallMillis, writeAmplification, null, null, null);
  }

  /** Counters without a stall share or block-cache hit rate. */
  public StoreStats(Long writeStalls, Double writeStallMillis, Double writeAmplification, Long readRetries) {
    this(writeStalls, writeStallMillis, writeAmplification, readRetries, null, null);
  }

  /** Stalled time per write time, from stalled milliseconds and nanoseconds spent in write calls; null when unknown. */
  public static Double stallShare(Double writeStallMillis, long writeNanos) {
    return writeStallMillis == null || writeNanos <= 0 ? null : Math.min(1.0, writeStallMillis * 1e6 / writeNanos);
  }

  /** The mean of {@code field} over {@code rounds} (at least one). */
  static <T> double average(List<T> rounds, ToDoubleFunction<T> field) {
    return rounds.stream().mapToDouble(field).average().orElseThrow();
  }

  /**
   * The mean of the counters of several rounds of the same run (each round is a fresh store);
   * a member unknown in any round stays unknown.
   *
   * @throws IllegalArgumentException when {@code rounds} is empty
   */
  public static StoreStats mean(List<StoreStats> rounds) {
    if (rounds.isEmpty()) {
      throw new IllegalArgumentException("no rounds");
    }
    return new StoreStats(
        meanOrNullLong(rounds.stream().map(StoreStats::writeStalls).toList()),
        meanOrNull(rounds.stream().map(StoreStats::writeStallMillis).toList()),
        meanOrNull(rounds.stream().map(StoreStats::writeAmplification).toList()),
        meanOrNullLong(rounds.stream().map(StoreStats::readRetries).toList()),
        meanOrNull(rounds.stream().map(StoreStats::stallShare).toList()),
        meanOrNull(rounds.stream().map(StoreStats::blockCacheHitRate).toList()),
        rounds.stream().anyMatch(round -> round.readPath() == null)
            ? null : ReadPath.mean(rounds.stream().map(StoreStats::readPath).toList()),
        meanOrNullLong(rounds.stream().map(StoreStats::valueContainerBytes).toList()),
        rounds.stream().anyMatch(round -> round.l0Merge() == null)
            ? null : L0Merge.mean(rounds.stream().map(StoreStats::l0Merge).toList()),
        rounds.stream().anyMatch(round -> round.stallCauses() == null)
            ? null : StallCauses.mean(rounds.stream().map(StoreStats::stallCauses).toList()));
  }

  private static Long meanOrNullLong(List<Long> values) {
    return values.contains(null) ? null : Math.round(values.stream().mapToLong(Long::longValue).average().orElseThrow());
  }

  private static Double meanOrNull(List<Double> values) {
    return values.contains(null) ? null : values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }

  /** The JSON report's {@code stats} object (disk bytes are added by the caller). */
  public Json.Obj toJson() {
    return Json.object()
        .put("write_stalls", writeStalls)
        .put("write_stall_ms", writeStallMillis)
        .put("write_amplification", writeAmplification)
        .put("read_retries", readRetries)
        .put("stall_share", stallShare)
        .put("block_cache_hit_rate", blockCacheHitRate)
        .put("read_path", readPath == null ? null : readPath.toJson())
        .put("value_container_bytes", valueContainerBytes)
        .put("l0_merge", l0Merge == null ? null : l0Merge.toJson())
        .put("stall_ms_by_cause", stallCauses == null ? null : stallCauses.stallJson())
        .put("flush_ms", stallCauses == null ? null : stallCauses.flushJson());
  }
}
