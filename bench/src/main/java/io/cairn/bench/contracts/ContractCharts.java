package io.cairn.bench.contracts;

import io.cairn.common.CairnIoException;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

/**
 * The charts of {@code bench contracts} (XChart, headless, PNG): transfers per second against
 * threads, one line per executor and conflict rate; speedup over serial against the conflict
 * rate, one bar per executor and thread count; and the same bars for the CPU time per transfer
 * over serial's (what the machine's other load does not change).
 */
final class ContractCharts {
  static final String THROUGHPUT = "contracts-throughput-vs-threads.png";
  static final String SPEEDUP = "contracts-speedup-vs-conflict-rate.png";
  static final String CPU = "contracts-cpu-vs-serial.png";

  private ContractCharts() {}

  /** Writes both charts into {@code directory}; returns their paths. */
  static List<Path> write(List<ContractRun> runs, Path directory) {
    System.setProperty("java.awt.headless", "true");
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw CairnIoException.wrap("create " + directory, e);
    }
    List<Path> written = new ArrayList<>();
    written.add(save(throughput(runs), directory.resolve(THROUGHPUT)));
    written.add(save(ratios(runs, "Speedup over serial execution (wall clock)", "x serial",
        ContractRun::speedupVsSerial), directory.resolve(SPEEDUP)));
    written.add(save(ratios(runs, "CPU time per transfer over serial's (all Java threads)", "x serial's CPU",
        ContractRun::cpuVsSerial), directory.resolve(CPU)));
    return written;
  }

  static XYChart throughput(List<ContractRun> runs) {
    XYChart chart = new XYChartBuilder().width(1100).height(560).title("Token transfers executed per second")
        .xAxisTitle("threads").yAxisTitle("transfers/s").build();
    style(chart.getStyler());
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
    chart.getStyler().setYAxisMin(0.0);
    for (double rate : runs.stream().map(ContractRun::conflictRate).distinct().sorted().toList()) {
      for (String executor : runs.stream().map(ContractRun::executor).filter(e -> !e.equals("serial")).distinct().toList()) {
        List<ContractRun> line = runs.stream()
            .filter(r -> r.executor().equals(executor) && r.conflictRate() == rate).toList();
        if (!line.isEmpty()) {
          chart.addSeries(executor + ", " + percent(rate) + " conflicts",
              line.stream().mapToDouble(ContractRun::threads).toArray(),
              line.stream().mapToDouble(ContractRun::txPerSecond).toArray());
        }
      }
    }
    return chart;
  }

  static CategoryChart ratios(List<ContractRun> runs, String title, String axis,
      java.util.function.Function<ContractRun, Double> ratio) {
    CategoryChart chart = new CategoryChartBuilder().width(900).height(520).title(title)
        .xAxisTitle("conflict rate").yAxisTitle(axis).build();
    style(chart.getStyler());
    chart.getStyler().setLabelsVisible(true);
    chart.getStyler().setDecimalPattern("0.00");
    List<Double> rates = runs.stream().map(ContractRun::conflictRate).distinct().sorted().toList();
    List<String> categories = rates.stream().map(ContractCharts::percent).toList();
    for (ContractRun config : runs.stream().filter(r -> !r.executor().equals("serial"))
        .filter(distinctBy()).toList()) {
      List<Double> values = new ArrayList<>();
      for (double rate : rates) {
        values.add(runs.stream().filter(r -> r.executor().equals(config.executor()) && r.threads() == config.threads()
            && r.conflictRate() == rate).findFirst().map(ratio).orElse(null));
      }
      chart.addSeries(config.executor() + ", " + config.threads() + " threads", categories, values);
    }
    return chart;
  }

  private static java.util.function.Predicate<ContractRun> distinctBy() {
    java.util.Set<String> seen = new java.util.HashSet<>();
    return run -> seen.add(run.executor() + "/" + run.threads());
  }

  private static void style(Styler styler) {
    styler.setLegendPosition(Styler.LegendPosition.OutsideS);
    styler.setLegendLayout(Styler.LegendLayout.Horizontal);
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setLegendBorderColor(Color.LIGHT_GRAY);
  }

  private static String percent(double rate) {
    return String.format(Locale.ROOT, "%.0f%%", rate * 100);
  }

  private static Path save(Chart<?, ?> chart, Path file) {
    try (OutputStream out = Files.newOutputStream(file)) {
      ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", out);
    } catch (IOException e) {
      throw CairnIoException.wrap("write chart " + file, e);
    }
    return file;
  }
}
