package io.cairn.node.cli;

import io.cairn.node.api.JsonOption;
import io.cairn.node.api.LineCharts;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Where a simulator report ({@code sim kraft --curve}, {@code sim bft --compare}) draws its PNG
 * charts: into {@code --charts DIR} when given, else beside the {@code --json} file, else nowhere.
 * The chart writer lives in the bench module and is found on the class path; without it the
 * report says the charts were skipped and still succeeds.
 */
final class ReportCharts {
  private ReportCharts() {}

  /**
   * Draws the charts with {@code draw} (given the writer and the folder, it returns how many files
   * it wrote) and says on {@code err} what happened.
   */
  static void draw(Path chartsOption, JsonOption json, PrintWriter err, BiFunction<LineCharts, Path, Integer> draw) {
    Path dir = chartsOption != null ? chartsOption
        : json.file() != null ? json.file().toAbsolutePath().getParent() : null;
    if (dir == null) {
      return;
    }
    Optional<LineCharts> charts = LineCharts.find();
    if (charts.isEmpty()) {
      err.println("charts skipped: no chart writer on the class path (the bench module draws them)");
      return;
    }
    int written = draw.apply(charts.get(), dir);
    err.println("charts: " + written + " PNG files in " + dir);
  }
}
