package io.cairn.node.cli;

import io.cairn.bft.sim.ProtocolComparison;
import io.cairn.node.api.ExitCodes;
import io.cairn.node.api.Json;
import io.cairn.node.api.JsonOption;
import io.cairn.node.api.LineCharts;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code sim bft --compare}: runs {@link ProtocolComparison}, prints a table, writes {@code
 * {"settings": {...}, "rows": [{"protocol", "nodes", "msgs_per_request", "bytes_per_request",
 * "msgs_per_decision", "bytes_per_decision", "throughput_per_s_virtual", "busiest_cpu_share",
 * "primary_cpu_share", "backup_cpu_share"}]}} (the last two null for Raft/KRaft) and
 * three PNG charts ({@code bft-compare-messages.png}, {@code bft-compare-bytes.png}, {@code
 * bft-compare-throughput.png}).
 */
final class BftCompareReport {
  private BftCompareReport() {}

  static int run(CommandSpec spec, ProtocolComparison.Settings settings, List<String> protocols, JsonOption json,
      Path chartsOption) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long start = System.nanoTime();
    List<ProtocolComparison.Row> rows = ProtocolComparison.run(settings, protocols, line -> {
      err.println(line);
      err.flush();
    });
    out.println("protocol nodes  msgs_per_req  bytes_per_req  msgs_per_decision  bytes_per_decision  req_per_s  busiest_cpu");
    for (ProtocolComparison.Row r : rows) {
      out.printf(Locale.ROOT, "%-8s %5d  %12.2f  %13.0f  %17.1f  %18.0f  %9.0f  %11.2f%n", r.protocol(), r.nodes(),
          r.messagesPerRequest(), r.bytesPerRequest(), r.messagesPerDecision(), r.bytesPerDecision(),
          r.throughputPerSecond(), r.busiestCpuShare());
    }
    out.flush();
    json.write(toJson(settings, rows));
    ReportCharts.draw(chartsOption, json, err, (charts, dir) -> writeCharts(charts, dir, settings, rows));
    err.printf(Locale.ROOT, "%d rows in %.1f s wall time%n", rows.size(), (System.nanoTime() - start) / 1e9);
    err.flush();
    return ExitCodes.OK;
  }

  static Json.Obj toJson(ProtocolComparison.Settings settings, List<ProtocolComparison.Row> rows) {
    Json.Arr array = Json.array();
    for (ProtocolComparison.Row r : rows) {
      array.add(Json.object()
          .put("protocol", r.protocol())
          .put("nodes", r.nodes())
          .put("msgs_per_request", Json.round(r.messagesPerRequest(), 3))
          .put("bytes_per_request", Json.round(r.bytesPerRequest(), 1))
          .put("msgs_per_decision", Json.round(r.messagesPerDecision(), 2))
          .put("bytes_per_decision", Json.round(r.bytesPerDecision(), 1))
          .put("throughput_per_s_virtual", Json.round(r.throughputPerSecond(), 1))
          .put("busiest_cpu_share", Json.round(r.busiestCpuShare(), 3))
          .put("primary_cpu_share", Json.round(r.primaryCpuShare(), 3))
          .put("backup_cpu_share", Json.round(r.backupCpuShare(), 3)));
    }
    Json.Obj settingsJson = Json.object()
        .put("link_gbps", settings.linkGbps())
        .put("bft_clients", settings.clients())
        .put("bft_requests_per_client", settings.requestsPerClient())
        .put("raft_p99_bound_ms", settings.p99BoundMillis())
        .put("seed", settings.seed());
    return Json.object().put("settings", settingsJson).put("rows", array);
  }

  /** Writes the three charts, and the CPU chart when PBFT or SBFT ran, into {@code dir}; returns how many. */
  private static int writeCharts(LineCharts charts, Path dir, ProtocolComparison.Settings settings,
      List<ProtocolComparison.Row> rows) {
    String link = String.format(Locale.ROOT, "%s Gbit/s", settings.linkGbps());
    charts.write(chart("Messages per request, " + link, "messages", true, rows,
        ProtocolComparison.Row::messagesPerRequest), dir.resolve("bft-compare-messages.png"));
    charts.write(chart("Bytes per request, " + link, "bytes", true, rows, ProtocolComparison.Row::bytesPerRequest),
        dir.resolve("bft-compare-bytes.png"));
    charts.write(chart("Throughput (virtual time), " + link, "requests per second", true, rows,
        ProtocolComparison.Row::throughputPerSecond), dir.resolve("bft-compare-throughput.png"));
    List<ProtocolComparison.Row> bft = rows.stream().filter(r -> !Double.isNaN(r.primaryCpuShare())).toList();
    if (bft.isEmpty()) {
      return 3;
    }
    charts.write(cpuChart("CPU busy share: the primary and the backups' mean, " + link, bft),
        dir.resolve("bft-compare-cpu.png"));
    return 4;
  }

  /** PBFT/SBFT: the primary's and the backups' (SBFT's collectors among them) CPU share against n. */
  private static LineCharts.Chart cpuChart(String title, List<ProtocolComparison.Row> rows) {
    List<LineCharts.Series> series = new ArrayList<>();
    for (String protocol : new LinkedHashSet<>(rows.stream().map(ProtocolComparison.Row::protocol).toList())) {
      List<ProtocolComparison.Row> of = rows.stream().filter(r -> r.protocol().equals(protocol)).toList();
      double[] nodes = of.stream().mapToDouble(ProtocolComparison.Row::nodes).toArray();
      series.add(new LineCharts.Series(protocol + " primary", nodes,
          of.stream().mapToDouble(ProtocolComparison.Row::primaryCpuShare).toArray()));
      series.add(new LineCharts.Series(protocol + " backups", nodes,
          of.stream().mapToDouble(ProtocolComparison.Row::backupCpuShare).toArray()));
    }
    return new LineCharts.Chart(title, "nodes", "CPU share", false, false, series);
  }

  private static LineCharts.Chart chart(String title, String yTitle, boolean logY, List<ProtocolComparison.Row> rows,
      ToDoubleFunction<ProtocolComparison.Row> value) {
    List<LineCharts.Series> series = new ArrayList<>();
    for (String protocol : new LinkedHashSet<>(rows.stream().map(ProtocolComparison.Row::protocol).toList())) {
      List<ProtocolComparison.Row> of = rows.stream().filter(r -> r.protocol().equals(protocol)).toList();
      series.add(new LineCharts.Series(protocol, of.stream().mapToDouble(ProtocolComparison.Row::nodes).toArray(),
          of.stream().mapToDouble(value).toArray()));
    }
    return new LineCharts.Chart(title, "nodes", yTitle, false, logY, series);
  }
}
