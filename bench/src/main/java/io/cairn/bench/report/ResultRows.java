package io.cairn.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The results as rows of text cells, one per run and phase, shared by the terminal table and the
 * Markdown report: engine, workload, value size, phase, mean, p50, p99, p99.9, max (µs), ops/s,
 * MiB/s of keys and values, keys found (reads) and the mean latency relative to a baseline engine's same row.
 */
public final class ResultRows {
  /** Column headers. */
  public static final List<String> HEADER = List.of("engine", "workload", "value", "phase",
      "mean µs", "p50 µs", "p99 µs", "p99.9 µs", "max µs", "ops/s", "MB/s", "found", "vs %s");

  /** Column headers of the engine counters' table. */
  public static final List<String> COUNTER_HEADER = List.of("engine", "workload", "value",
      "write stalls", "stalled ms", "write amp", "disk", "read retries", "cpu us/op", "settle ms", "L0 after");

  private ResultRows() {}

  /**
   * One row per run with the engine's counters at its end ("-" where the engine does not report
   * one): stalls, time stalled, write amplification, directory size, reads the adapter retried,
   * and for a YCSB row the process CPU per operation, the wait for the store to settle and the
   * level-0 tables it then had.
   */
  public static List<List<String>> counterRows(BenchResults results) {
    List<List<String>> rows = new ArrayList<>();
    for (RunResult run : results.runs()) {
      io.cairn.bench.kv.StoreStats stats = run.stats();
      rows.add(List.of(run.engine(), run.workload(), valueLabel(run.valueBytes()),
          orDash(stats.writeStalls()),
          stats.writeStallMillis() == null ? "-" : String.format(Locale.ROOT, "%.1f", stats.writeStallMillis()),
          stats.writeAmplification() == null ? "-" : String.format(Locale.ROOT, "%.2f", stats.writeAmplification()),
          Units.bytes(run.diskBytes()), orDash(stats.readRetries()),
          run.mix() == null || run.mix().cpuMicrosPerOperation() == null ? "-"
              : String.format(Locale.ROOT, "%.1f", run.mix().cpuMicrosPerOperation()),
          run.mix() == null ? "-" : String.format(Locale.ROOT, "%.0f", run.mix().settleMillis()),
          run.mix() == null || run.mix().level0TablesAfter() == null ? "-"
              : String.format(Locale.ROOT, "%.1f", run.mix().level0TablesAfter())));
    }
    return rows;
  }

  private static String orDash(Long value) {
    return value == null ? "-" : value.toString();
  }

  /** The header with the baseline's name filled in. */
  public static List<String> header(String baseline) {
    List<String> header = new ArrayList<>(HEADER);
    header.set(header.size() - 1, baseline == null ? "vs base" : "vs " + baseline);
    return header;
  }

  /**
   * One row per phase of every run; a mixed run (YCSB) has a row {@code all} with the whole run's
   * ops/s, then one per operation kind (no ops/s of its own: "-"). The last column is this row's mean divided by the
   * baseline's mean for the same workload, value size and phase ("-" when the baseline has no
   * such row, "1.00" on the baseline itself).
   */
  public static List<List<String>> rows(BenchResults results, String baseline) {
    List<List<String>> rows = new ArrayList<>();
    for (RunResult run : results.runs()) {
      if (run.mix() != null) {
        addPhase(rows, results, run, "all", run.phase("all"), baseline);
        for (String kind : run.mix().kinds()) {
          addPhase(rows, results, run, kind, run.phase(kind), baseline);
        }
        continue;
      }
      addPhase(rows, results, run, "write", run.write(), baseline);
      addPhase(rows, results, run, "read", run.read(), baseline);
    }
    return rows;
  }

  private static void addPhase(List<List<String>> rows, BenchResults results, RunResult run,
      String phase, LatencySummary summary, String baseline) {
    if (summary == null) {
      return;
    }
    rows.add(List.of(run.engine(), run.workload(), valueLabel(run.valueBytes()), phase,
        micros(summary.meanMicros()), micros(summary.p50Micros()), micros(summary.p99Micros()),
        micros(summary.p999Micros()), micros(summary.maxMicros()),
        summary.opsPerSecond() > 0 ? String.format(Locale.ROOT, "%.0f", summary.opsPerSecond()) : "-",
        summary.opsPerSecond() > 0 ? String.format(Locale.ROOT, "%.1f", run.mebibytesPerSecond(summary)) : "-",
        summary.found() == null ? "" : summary.found() + "/" + summary.ops(),
        ratio(results, run, phase, summary, baseline)));
  }

  private static String ratio(BenchResults results, RunResult run, String phase,
      LatencySummary summary, String baseline) {
    if (baseline == null) {
      return "-";
    }
    Optional<LatencySummary> base = results.row(baseline, run.workload(), run.valueBytes())
        .map(r -> r.phase(phase));
    return base.filter(b -> b.meanMicros() > 0)
        .map(b -> String.format(Locale.ROOT, "%.2f", summary.meanMicros() / b.meanMicros()))
        .orElse("-");
  }

  /** Microseconds with two decimals (10 ns resolution). */
  public static String micros(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  /** A value size as the paper writes it: "4 KiB" for 4096, "100 B" for 100. */
  public static String valueLabel(int bytes) {
    return bytes >= 1024 && bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " B";
  }
}
