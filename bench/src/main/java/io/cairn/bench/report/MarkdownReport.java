package io.cairn.bench.report;

import io.cairn.common.CairnIoException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The report people read: {@code report.md} with the machine, the conditions, the engines (and
 * what each could not be configured to do), the results table, the charts of {@link
 * LatencyCharts} beside it as PNG files, and what was skipped or failed.
 */
public final class MarkdownReport {
  /** The report's file name inside the report directory. */
  public static final String FILE_NAME = "report.md";

  private MarkdownReport() {}

  /**
   * Writes {@code report.md} and the charts into {@code directory} (created if missing; files of
   * the same names are replaced).
   *
   * @param commandLine the command that produced the results, quoted in the report
   * @param baseline the engine the ratio column compares with, or null
   * @return the report file
   * @throws CairnIoException when a file cannot be written
   */
  public static Path write(BenchResults results, String commandLine, String baseline, Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw CairnIoException.wrap("create report directory " + directory, e);
    }
    List<LatencyCharts.Chart> charts = LatencyCharts.write(results, directory);
    Path file = directory.resolve(FILE_NAME);
    try {
      Files.writeString(file, render(results, commandLine, baseline, charts), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw CairnIoException.wrap("write " + file, e);
    }
    return file;
  }

  static String render(BenchResults results, String commandLine, String baseline,
      List<LatencyCharts.Chart> charts) {
    StringBuilder md = new StringBuilder();
    md.append("# Cairn benchmark report\n\n");
    md.append("Produced by `").append(commandLine).append("` on ")
        .append(ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME)).append(".\n");
    md.append("How to read it: `docs/bench.md` in the repository.\n\n");
    machine(md, results.machine());
    md.append("## Conditions\n\n");
    md.append("- Durability: ").append(results.durability()).append(".\n");
    md.append("- Every engine: ").append(results.storeSettings()).append(".\n");
    md.append("- Seed ").append(results.settings().get("seed"))
        .append(", warm-up ").append(results.settings().get("warmup_ops"))
        .append(" ops per cell (not counted), rounds ").append(results.settings().get("rounds"))
        .append("; engine order rotated per value size and round.\n\n");
    md.append("## Engines\n\n");
    for (EngineInfo engine : results.engines()) {
      md.append("- **").append(engine.name()).append("**: ").append(engine.description()).append('\n');
      for (String deviation : engine.deviations()) {
        md.append("  - differs from the run's settings: ").append(deviation).append('\n');
      }
    }
    md.append('\n');
    results(md, results, baseline);
    targets(md, results);
    if (!charts.isEmpty()) {
      md.append("## Charts\n\n");
      for (LatencyCharts.Chart chart : charts) {
        md.append("![").append(chart.title()).append("](").append(chart.fileName()).append(")\n\n");
      }
    }
    if (!results.skipped().isEmpty() || !results.failed().isEmpty()) {
      md.append("## Not measured\n\n");
      for (EngineOutcome skipped : results.skipped()) {
        md.append("- **").append(skipped.engine()).append("** skipped: ").append(skipped.reason()).append('\n');
      }
      for (EngineOutcome failed : results.failed()) {
        md.append("- **").append(failed.engine()).append("** failed (").append(failed.what()).append("): ")
            .append(failed.reason()).append('\n');
      }
      md.append('\n');
    }
    return md.toString();
  }

  private static void table(StringBuilder md, List<String> header, List<List<String>> rows, int textColumns) {
    md.append("| ").append(String.join(" | ", header)).append(" |\n|");
    for (int c = 0; c < header.size(); c++) {
      md.append(c < textColumns ? "---|" : "---:|");
    }
    md.append('\n');
    for (List<String> row : rows) {
      md.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
  }

  private static void targets(StringBuilder md, BenchResults results) {
    List<PaperTargets.Check> checks = PaperTargets.evaluate(results);
    if (checks.isEmpty()) {
      return;
    }
    md.append("## Targets (issue #8)\n\nRatio of mean latencies, cairn-pmem divided by the other engine, same run.\n\n");
    md.append("| value | target | ratio | limit | verdict |\n|---|---|---:|---:|---|\n");
    for (PaperTargets.Check check : checks) {
      md.append("| ").append(ResultRows.valueLabel(check.valueBytes())).append(" | ").append(check.target())
          .append(" | ").append(String.format(java.util.Locale.ROOT, "%.2f", check.ratio()))
          .append(" | ").append(check.limit()).append(" | ").append(check.met() ? "met" : "**missed**")
          .append(" |\n");
    }
    md.append('\n');
  }

  private static void machine(StringBuilder md, MachineInfo machine) {
    md.append("## Machine\n\n| | |\n|---|---|\n");
    md.append("| CPU | ").append(machine.cpuModel()).append(", ").append(machine.cores()).append(" cores |\n");
    md.append("| Memory | ").append(machine.memoryBytes() < 0 ? "unknown" : Units.bytes(machine.memoryBytes()))
        .append(" |\n");
    md.append("| OS | ").append(machine.os()).append(" |\n");
    md.append("| JVM | ").append(machine.jvm()).append(" |\n");
    MountInfo storage = machine.storage();
    md.append("| Databases | `").append(storage.path()).append("` on ").append(storage.type())
        .append(" (").append(storage.device()).append("); DAX probe: ").append(storage.daxDetail()).append(" |\n");
    md.append("| Persistent memory | ").append(machine.pmem().describe()).append(" |\n\n");
  }

  private static void results(StringBuilder md, BenchResults results, String baseline) {
    md.append("## Results\n\n");
    List<List<String>> rows = ResultRows.rows(results, baseline);
    if (rows.isEmpty()) {
      md.append("No engine produced figures.\n\n");
      return;
    }
    table(md, ResultRows.header(baseline), rows, 4);
    md.append("\nLatencies are per operation in microseconds (HdrHistogram, 3 significant digits); ops/s"
        + " divides operations by the wall time of the timed bursts (data generation and checks excluded)."
        + " The last column divides each mean by the"
        + " baseline's mean on the same row: below 1.00 is faster than the baseline.\n\n");
    md.append("Engine counters at the end of each run (\"-\": the engine does not report it):\n\n");
    table(md, ResultRows.COUNTER_HEADER, ResultRows.counterRows(results), 3);
    md.append('\n');
  }
}
