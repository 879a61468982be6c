package io.cairn.bench.workload.ycsb;

import java.util.random.RandomGenerator;

/**
 * Draws operations in fixed proportions (YCSB's {@code DiscreteGenerator}): one uniform draw
 * against the cumulative shares, in {@link Operation} order.
 *
 * <p>Thread-safety: immutable after construction.
 */
public final class OperationChooser {
  private final double[] cumulative;

  /**
   * @param proportions one non-negative weight per {@link Operation}, in its order, not all zero
   *     (they need not sum to 1)
   */
  OperationChooser(double[] proportions) {
    if (proportions.length != Operation.values().length) {
      throw new IllegalArgumentException("one proportion per operation expected");
    }
    cumulative = new double[proportions.length];
    double total = 0;
    for (int i = 0; i < proportions.length; i++) {
      if (!(proportions[i] >= 0)) {
        throw new IllegalArgumentException("proportions must be non-negative");
      }
      total += proportions[i];
      cumulative[i] = total;
    }
    if (total <= 0) {
      throw new IllegalArgumentException("at least one operation needs a positive proportion");
    }
  }

  /** The next operation. */
  public Operation next(RandomGenerator random) {
    double u = random.nextDouble() * cumulative[cumulative.length - 1];
    Operation[] operations = Operation.values();
    for (int i = 0; i < cumulative.length; i++) {
      if (u < cumulative[i]) {
        return operations[i];
      }
    }
    // u is below the total, so only rounding lands here: the last operation with a share.
    for (int i = cumulative.length - 1; i > 0; i--) {
      if (cumulative[i] > cumulative[i - 1]) {
        return operations[i];
      }
    }
    return operations[0];
  }
}
