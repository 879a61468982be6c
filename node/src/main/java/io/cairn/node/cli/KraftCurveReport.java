package io.cairn.node.cli;

import io.cairn.kraft.api.KraftCurves;
import io.cairn.kraft.api.Mode;
import io.cairn.node.api.ExitCodes;
import io.cairn.node.api.Json;
import io.cairn.node.api.JsonOption;
import io.cairn.node.api.LineCharts;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code sim kraft --curve}: runs {@link KraftCurves}, prints a table, writes the JSON of the
 * issue's contract ({@code {"curves": [{"mode", "nodes", "entry_bytes", "link_gbps",
 * "max_throughput_per_s", "election_ms_p50", "split_votes", "commit_ms_p50_half_load", ...}]}}, each
 * curve with its points) and the PNG charts.
 */
final class KraftCurveReport {
  private KraftCurveReport() {}

  static int run(CommandSpec spec, KraftCurves.Settings settings, JsonOption json, Path chartsOption) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long start = System.nanoTime();
    List<KraftCurves.Curve> curves = KraftCurves.run(settings, line -> {
      err.println(line);
      err.flush();
    });
    out.println("mode   nodes  entry_B  max_per_s  election_p50_ms  split_votes  half_load_per_s  commit_p50_half_ms");
    for (KraftCurves.Curve c : curves) {
      out.printf(Locale.ROOT, "%-6s %5d  %7d  %9.0f  %15.1f  %11d  %15.0f  %18.2f%n", name(c.mode()), c.nodes(),
          c.entryBytes(), c.maxThroughputPerSecond(), c.electionMillisP50(), c.splitVotes(), c.halfLoadPerSecond(),
          c.commitMillisP50HalfLoad());
    }
    out.flush();
    json.write(toJson(settings, curves));
    ReportCharts.draw(chartsOption, json, err, (charts, dir) -> writeCharts(charts, dir, settings, curves).size());
    err.printf(Locale.ROOT, "%d curves in %.1f s wall time%n", curves.size(), (System.nanoTime() - start) / 1e9);
    err.flush();
    return ExitCodes.OK;
  }

  private static String name(Mode mode) {
    return mode.name().toLowerCase(Locale.ROOT);
  }

  static Json.Obj toJson(KraftCurves.Settings settings, List<KraftCurves.Curve> curves) {
    Json.Arr array = Json.array();
    for (KraftCurves.Curve c : curves) {
      Json.Arr points = Json.array();
      for (KraftCurves.Point p : c.points()) {
        points.add(Json.object()
            .put("offered_per_s", Json.round(p.offeredPerSecond(), 1))
            .put("committed_per_s", Json.round(p.committedPerSecond(), 1))
            .put("commit_ms_p50", Json.round(p.commitMillisP50(), 3))
            .put("commit_ms_p99", Json.round(p.commitMillisP99(), 3))
            .put("busiest_cpu_share", Json.round(p.busiestCpuShare(), 3))
            .put("leader_egress_mb_per_s", Json.round(p.leaderEgressMegabytesPerSecond(), 2))
            .put("sustainable", p.sustainable())
            .put("stopped_early", p.stoppedEarly()));
      }
      array.add(Json.object()
          .put("mode", name(c.mode()))
          .put("nodes", c.nodes())
          .put("entry_bytes", c.entryBytes())
          .put("link_gbps", c.linkGbps())
          .put("max_throughput_per_s", Json.round(c.maxThroughputPerSecond(), 1))
          .put("election_ms_p50", Json.round(c.electionMillisP50(), 2))
          .put("split_votes", c.splitVotes())
          .put("commit_ms_p50_half_load", Json.round(c.commitMillisP50HalfLoad(), 3))
          .put("elections", c.elections())
          .put("half_load_per_s", Json.round(c.halfLoadPerSecond(), 1))
          .put("points", points));
    }
    Json.Obj settingsJson = Json.object()
        .put("p99_bound_ms", settings.p99BoundMillis())
        .put("election_seeds", settings.electionSeeds())
        .put("calibration", settings.calibration().name().toLowerCase(Locale.ROOT))
        .put("seed", settings.seed());
    return Json.object().put("settings", settingsJson).put("curves", array);
  }

  private static List<Path> writeCharts(LineCharts charts, Path dir, KraftCurves.Settings settings,
      List<KraftCurves.Curve> curves) {
    List<Path> written = new ArrayList<>();
    for (int bytes : new TreeSet<>(settings.entryBytes())) {
      List<LineCharts.Series> max = new ArrayList<>();
      List<LineCharts.Series> election = new ArrayList<>();
      for (Mode mode : settings.modes()) {
        List<KraftCurves.Curve> ofMode = curves.stream()
            .filter(c -> c.mode() == mode && c.entryBytes() == bytes).toList();
        double[] nodes = ofMode.stream().mapToDouble(KraftCurves.Curve::nodes).toArray();
        max.add(new LineCharts.Series(name(mode), nodes,
            ofMode.stream().mapToDouble(KraftCurves.Curve::maxThroughputPerSecond).toArray()));
        election.add(new LineCharts.Series(name(mode), nodes,
            ofMode.stream().mapToDouble(c -> Double.isNaN(c.electionMillisP50()) ? 0 : c.electionMillisP50()).toArray()));
      }
      String link = String.format(Locale.ROOT, "%s Gbit/s", trim(settings.linkGbps()));
      written.add(write(charts, dir.resolve("kraft-max-throughput-" + bytes + "B.png"), new LineCharts.Chart(
          "Max sustained commits/s, " + bytes + " B entries, " + link + " (p99 <= " + trim(settings.p99BoundMillis())
              + " ms)", "nodes", "commits per second", false, true, max)));
      written.add(write(charts, dir.resolve("kraft-election-p50-" + bytes + "B.png"), new LineCharts.Chart(
          "Election time after a leader crash (p50), " + link, "nodes", "ms", false, false, election)));
      for (int n : new TreeSet<>(settings.nodes())) {
        List<LineCharts.Series> latency = new ArrayList<>();
        for (KraftCurves.Curve c : curves) {
          if (c.entryBytes() == bytes && c.nodes() == n) {
            List<KraftCurves.Point> shown = c.points().stream().filter(KraftCurves.Point::sustainable).toList();
            latency.add(new LineCharts.Series(name(c.mode()) + " p99",
                shown.stream().mapToDouble(KraftCurves.Point::committedPerSecond).toArray(),
                shown.stream().mapToDouble(KraftCurves.Point::commitMillisP99).toArray()));
            latency.add(new LineCharts.Series(name(c.mode()) + " p50",
                shown.stream().mapToDouble(KraftCurves.Point::committedPerSecond).toArray(),
                shown.stream().mapToDouble(KraftCurves.Point::commitMillisP50).toArray()));
          }
        }
        written.add(write(charts, dir.resolve("kraft-latency-" + n + "n-" + bytes + "B.png"), new LineCharts.Chart(
            "Commit latency vs load, " + n + " nodes, " + bytes + " B entries, " + link, "commits per second",
            "ms", true, false, latency)));
      }
    }
    return written;
  }

  private static Path write(LineCharts charts, Path file, LineCharts.Chart chart) {
    charts.write(chart, file);
    return file;
  }

  private static String trim(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
