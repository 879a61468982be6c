package io.cairn.bench.report;

import java.util.Arrays;

/** The median of a sample, the one definition every bench command uses. */
public final class Median {
  private Median() {}

  /**
   * The middle value of {@code values} once sorted, the mean of the two middle ones for an even
   * count, NaN for none; {@code values} is left as it was.
   */
  public static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }
}
