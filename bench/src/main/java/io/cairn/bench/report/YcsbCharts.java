package io.cairn.bench.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.CategoryChart;

/**
 * The charts of mixed runs (YCSB workloads): throughput of each workload, one bar per engine;
 * and mean and p99 latency of each workload's operation kinds ("ycsb-a read", "ycsb-a update",
 * ...), one bar per engine. A run without mixed rows has none of them.
 */
final class YcsbCharts {
  /** The throughput chart's file. */
  static final String THROUGHPUT = "ycsb-throughput.png";

  private YcsbCharts() {}

  /** Writes the charts that have data into {@code directory}; returns them. */
  static List<LatencyCharts.Chart> write(BenchResults results, Path directory) {
    List<RunResult> runs = results.runs().stream().filter(r -> r.mix() != null).toList();
    if (runs.isEmpty()) {
      return List.of();
    }
    List<LatencyCharts.Chart> written = new ArrayList<>();
    LatencyCharts.Chart throughput = new LatencyCharts.Chart(THROUGHPUT, "YCSB throughput (whole run)", "all", "ops/s");
    LatencyCharts.save(throughputChart(runs, throughput.title()), directory.resolve(THROUGHPUT));
    written.add(throughput);
    for (String statistic : List.of("mean", "p99")) {
      LatencyCharts.Chart chart = new LatencyCharts.Chart("ycsb-latency-" + statistic + ".png",
          "YCSB latency per operation (" + statistic + ")", "operations", statistic);
      ToDoubleFunction<LatencySummary> value = statistic.equals("p99") ? LatencySummary::p99Micros : LatencySummary::meanMicros;
      LatencyCharts.save(latencyChart(runs, chart.title(), statistic, value), directory.resolve(chart.fileName()));
      written.add(chart);
    }
    return written;
  }

  /** Ops/s of each run, workloads on the x axis. */
  static CategoryChart throughputChart(List<RunResult> runs, String title) {
    CategoryChart chart = LatencyCharts.newChart(title, "workload", "operations per second");
    chart.getStyler().setDecimalPattern("#,##0");
    List<String> workloads = runs.stream().map(RunResult::workload).distinct().toList();
    for (String engine : runs.stream().map(RunResult::engine).distinct().toList()) {
      List<Double> ys = new ArrayList<>();
      for (String workload : workloads) {
        ys.add(runs.stream().filter(r -> r.engine().equals(engine) && r.workload().equals(workload))
            .findFirst().map(r -> r.phase("all").opsPerSecond()).orElse(null));
      }
      chart.addSeries(engine, workloads, ys);
    }
    return chart;
  }

  /** One bar per engine for each workload and operation kind. */
  static CategoryChart latencyChart(List<RunResult> runs, String title, String statistic,
      ToDoubleFunction<LatencySummary> value) {
    CategoryChart chart = LatencyCharts.newChart(title, "workload and operation", statistic + " latency (µs)");
    chart.getStyler().setXAxisLabelRotation(45);
    Set<String> categories = new LinkedHashSet<>();
    for (RunResult run : runs) {
      for (String kind : run.mix().kinds()) {
        categories.add(category(run, kind));
      }
    }
    for (String engine : runs.stream().map(RunResult::engine).distinct().toList()) {
      List<Double> ys = new ArrayList<>();
      for (String category : categories) {
        ys.add(runs.stream().filter(r -> r.engine().equals(engine))
            .flatMap(r -> r.mix().kinds().stream().filter(k -> category(r, k).equals(category)).map(r::phase))
            .findFirst().map(value::applyAsDouble).orElse(null));
      }
      chart.addSeries(engine, List.copyOf(categories), ys);
    }
    return chart;
  }

  private static String category(RunResult run, String kind) {
    return String.format(Locale.ROOT, "%s %s", run.workload(), kind);
  }
}
