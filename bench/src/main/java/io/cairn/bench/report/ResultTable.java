package io.cairn.bench.report;

import java.io.PrintWriter;
import java.util.List;

/**
 * The results as an aligned text table for standard output, followed by the run's conditions and
 * what did not run.
 */
public final class ResultTable {
  private ResultTable() {}

  /**
   * Prints the table of {@code results} to {@code out}.
   *
   * @param baseline the engine the last column compares with, or null
   */
  public static void print(BenchResults results, String baseline, PrintWriter out) {
    List<List<String>> rows = ResultRows.rows(results, baseline);
    printAligned(ResultRows.header(baseline), rows, 4, out);
    if (rows.isEmpty()) {
      out.println("(no engine produced figures)");
    } else {
      out.println();
      out.println("engine counters at the end of each run:");
      printAligned(ResultRows.COUNTER_HEADER, ResultRows.counterRows(results), 3, out);
    }
    out.println();
    PaperTargets.print(results, out);
    out.println("durability: " + results.durability());
    for (EngineInfo engine : results.engines()) {
      for (String deviation : engine.deviations()) {
        out.println("note: " + engine.name() + ": " + deviation);
      }
    }
    for (EngineOutcome skipped : results.skipped()) {
      out.println("SKIPPED " + skipped.engine() + ": " + skipped.reason());
    }
    for (EngineOutcome failed : results.failed()) {
      out.println("FAILED " + failed.engine() + " (" + failed.what() + "): " + failed.reason());
    }
    out.flush();
  }

  private static void printAligned(List<String> header, List<List<String>> rows, int textColumns, PrintWriter out) {
    int[] widths = new int[header.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = header.get(c).length();
      for (List<String> row : rows) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    out.println(line(header, widths, textColumns));
    for (List<String> row : rows) {
      out.println(line(row, widths, textColumns));
    }
  }

  /** Text columns left-aligned, numbers right-aligned, two spaces apart. */
  private static String line(List<String> cells, int[] widths, int textColumns) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < cells.size(); c++) {
      String cell = cells.get(c);
      String pad = " ".repeat(widths[c] - cell.length());
      line.append(c < textColumns ? cell + pad : pad + cell);
      if (c < cells.size() - 1) {
        line.append("  ");
      }
    }
    return line.toString().stripTrailing();
  }
}
