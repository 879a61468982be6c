package io.cairn.node.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Draws line charts as PNG files, for commands that report curves (e.g. {@code sim kraft
 * --curve}). The node does not draw itself: the implementation comes from the bench module (XChart)
 * through {@link ServiceLoader}, so the node keeps no charting dependency; without it on the class
 * path a command writes its JSON and says that charts were skipped.
 */
public interface LineCharts {
  /** One line: a name for the legend and its points (same length arrays). */
  record Series(String name, double[] x, double[] y) {
    /** Checks the lengths. */
    public Series {
      if (x.length != y.length) {
        throw new IllegalArgumentException("series " + name + ": " + x.length + " x values, " + y.length + " y values");
      }
      x = x.clone();
      y = y.clone();
    }
  }

  /** A chart: titles, axis scales and its lines. */
  record Chart(String title, String xTitle, String yTitle, boolean logX, boolean logY, List<Series> series) {
    /** Copies. */
    public Chart {
      series = List.copyOf(series);
    }
  }

  /**
   * Writes {@code chart} to {@code file} as a PNG.
   *
   * @throws io.cairn.common.CairnIoException when the file cannot be written
   */
  void write(Chart chart, Path file);

  /** The implementation on the class path, if any. */
  static Optional<LineCharts> find() {
    return ServiceLoader.load(LineCharts.class).findFirst();
  }
}
