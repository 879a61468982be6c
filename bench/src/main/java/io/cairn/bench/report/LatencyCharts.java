package io.cairn.bench.report;

import io.cairn.common.CairnIoException;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;

/**
 * Bar charts of latency per engine and value size (or workload), like the paper's Figs 10 (read)
 * and 11 (write): one chart per phase and statistic, categories on the x axis, one bar per
 * engine, microseconds on the y axis. Drawn with XChart in headless mode, saved as PNG.
 */
public final class LatencyCharts {
  /** One chart: its file, title and what it plots. */
  public record Chart(String fileName, String title, String phase, String statistic) {}

  /** The charts a report has: mean and p99 latency for writes and for reads. */
  public static final List<Chart> CHARTS = List.of(
      new Chart("write-latency-mean.png", "Write latency (mean)", "write", "mean"),
      new Chart("read-latency-mean.png", "Read latency (mean)", "read", "mean"),
      new Chart("write-latency-p99.png", "Write latency (p99)", "write", "p99"),
      new Chart("read-latency-p99.png", "Read latency (p99)", "read", "p99"));

  private static final int WIDTH = 900;
  private static final int HEIGHT = 520;

  private LatencyCharts() {}

  /**
   * Writes every chart that has data into {@code directory} and returns the ones written (a
   * db_bench run of reads only has no write chart), the {@link YcsbCharts} included.
   *
   * @throws CairnIoException when a file cannot be written
   */
  public static List<Chart> write(BenchResults results, Path directory) {
    System.setProperty("java.awt.headless", "true");
    List<Chart> written = new ArrayList<>();
    for (Chart chart : CHARTS) {
      CategoryChart drawn = draw(results, chart);
      if (drawn == null) {
        continue;
      }
      save(drawn, directory.resolve(chart.fileName()));
      written.add(chart);
    }
    written.addAll(YcsbCharts.write(results, directory));
    return written;
  }

  /** Writes {@code chart} to {@code file} as PNG. */
  static void save(CategoryChart chart, Path file) {
    try (OutputStream out = Files.newOutputStream(file)) {
      ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", out);
    } catch (IOException e) {
      throw CairnIoException.wrap("write chart " + file, e);
    }
  }

  /** An empty bar chart in the reports' style: white, legend below, y from 0, values on bars. */
  static CategoryChart newChart(String title, String xTitle, String yTitle) {
    CategoryChart drawn = new CategoryChartBuilder()
        .width(WIDTH).height(HEIGHT)
        .title(title)
        .xAxisTitle(xTitle)
        .yAxisTitle(yTitle)
        .build();
    CategoryStyler styler = drawn.getStyler();
    styler.setLegendPosition(Styler.LegendPosition.OutsideS);
    styler.setLegendLayout(Styler.LegendLayout.Horizontal);
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setLegendBorderColor(Color.LIGHT_GRAY);
    styler.setYAxisMin(0.0);
    styler.setLabelsVisible(true);
    styler.setDecimalPattern("#,##0.0");
    styler.setLabelsFontColorAutomaticEnabled(true);
    return drawn;
  }

  /** The chart, or null when no run has the phase. */
  static CategoryChart draw(BenchResults results, Chart chart) {
    Function<RunResult, LatencySummary> phase = chart.phase().equals("write") ? RunResult::write : RunResult::read;
    List<RunResult> runs = results.runs().stream().filter(r -> phase.apply(r) != null).toList();
    if (runs.isEmpty()) {
      return null;
    }
    boolean severalSizes = runs.stream().map(RunResult::valueBytes).distinct().count() > 1;
    boolean severalWorkloads = runs.stream().map(RunResult::workload).distinct().count() > 1;
    Set<String> categories = new LinkedHashSet<>();
    runs.forEach(r -> categories.add(category(r, severalSizes, severalWorkloads)));
    CategoryChart drawn = newChart(chart.title(), severalWorkloads ? "workload" : "value size",
        chart.statistic() + " latency (µs)");
    for (String engine : runs.stream().map(RunResult::engine).distinct().toList()) {
      List<String> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (String category : categories) {
        xs.add(category);
        ys.add(runs.stream()
            .filter(r -> r.engine().equals(engine) && category(r, severalSizes, severalWorkloads).equals(category))
            .findFirst()
            .map(r -> statistic(phase.apply(r), chart.statistic()))
            .orElse(null)); // no bar, rather than a bar of 0 µs, where the engine has no figure
      }
      drawn.addSeries(engine, xs, ys);
    }
    return drawn;
  }

  private static String category(RunResult run, boolean severalSizes, boolean severalWorkloads) {
    String size = ResultRows.valueLabel(run.valueBytes());
    if (!severalWorkloads) {
      return size;
    }
    return severalSizes ? run.workload() + " " + size : run.workload();
  }

  private static double statistic(LatencySummary summary, String statistic) {
    return statistic.equals("p99") ? summary.p99Micros() : summary.meanMicros();
  }
}
