package io.cairn.bench.kv;

import java.util.Map;

/**
 * Reads RocksDB's statistics maps ({@code rocksdb.cfstats}, {@code rocksdb.dbstats}) into the
 * figures of {@link StoreStats}. A key missing from the maps (another RocksDB version) gives an
 * unknown figure, never a made-up zero.
 */
final class RocksDbStats {
  private static final double GIB = 1L << 30;

  private RocksDbStats() {}

  /** Writes delayed or stopped, for any reason (L0 files, memtables, pending compaction). */
  static Long writeStalls(Map<String, String> cfStats) {
    Double delays = number(cfStats, "total-delays");
    Double stops = number(cfStats, "total-stops");
    return delays == null || stops == null ? null : Math.round(delays + stops);
  }

  /** Time user writes spent stalled, in milliseconds. */
  static Double writeStallMillis(Map<String, String> dbStats) {
    Double micros = number(dbStats, "db.user_write_stall_micros");
    return micros == null ? null : micros / 1000;
  }

  /**
   * Bytes written by flushes and compactions (RocksDB counts both in {@code compaction.Sum
   * .WriteGB}, in GiB) per user byte written ({@code db.user_bytes_written}).
   */
  static Double writeAmplification(Map<String, String> cfStats, Map<String, String> dbStats) {
    Double writtenGib = number(cfStats, "compaction.Sum.WriteGB");
    Double userBytes = number(dbStats, "db.user_bytes_written");
    if (writtenGib == null || userBytes == null || userBytes == 0) {
      return null;
    }
    return writtenGib * GIB / userBytes;
  }

  private static Double number(Map<String, String> stats, String key) {
    String text = stats.get(key);
    if (text == null) {
      return null;
    }
    try {
      return Double.parseDouble(text.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
