package io.cairn.bench.dag;

import io.cairn.common.CairnIoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** The storage experiment's two charts, as the seed's Figs 12 (time) and 13 (bytes on chain). */
final class DagStorageCharts {
  private DagStorageCharts() {}

  static void write(List<DagStorageExperiment.Result> results, Path dir) {
    try {
      Files.createDirectories(dir);
      save(chart("Time to store N records (seed 004 Fig 12)", "seconds", results, DagStorageExperiment.Result::seconds),
          dir.resolve("dag-storage-time.png"));
      save(chart("Bytes on chain for N records (seed 004 Fig 13)", "MiB on chain", results,
          r -> r.onChainBytes() / (1024.0 * 1024.0)), dir.resolve("dag-storage-bytes.png"));
    } catch (IOException e) {
      throw new CairnIoException("writing charts to " + dir + ": " + e.getMessage(), e);
    }
  }

  private static XYChart chart(String title, String yTitle, List<DagStorageExperiment.Result> results,
      ToDoubleFunction<DagStorageExperiment.Result> y) {
    XYChart chart = new XYChartBuilder().width(800).height(500).title(title)
        .xAxisTitle("records stored").yAxisTitle(yTitle).build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    for (DagStorageExperiment.Mode mode : DagStorageExperiment.Mode.values()) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (DagStorageExperiment.Result r : results) {
        if (r.mode() == mode) {
          xs.add((double) r.records());
          ys.add(y.applyAsDouble(r));
        }
      }
      if (!xs.isEmpty()) {
        chart.addSeries(label(mode), xs, ys);
      }
    }
    return chart;
  }

  private static String label(DagStorageExperiment.Mode mode) {
    return switch (mode) {
      case ALL_ON_CHAIN -> "everything on chain";
      case HASHES_ON_DAG -> "hashes on the DAG, records off-chain (Cairn)";
      case COMPOSITE -> "composite: DAG + consortium state";
    };
  }

  private static void save(XYChart chart, Path file) throws IOException {
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
