package io.cairn.pgm;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The fewest segments that cover a step function within ε, found by exhaustive search with exact
 * rational arithmetic, for checking the one-pass fit on small inputs. Shares no code with it.
 *
 * <p>The problem: steps {@code [start_i, end_i] -> value_i} cover the keys 0..2^64-1 in order; a
 * segment is a run of consecutive whole steps and a line within ε of the value at every key of
 * those steps (checked at each step's two ends, enough for a line against a constant). Whether a
 * line exists is a two-variable linear program; a non-empty, bounded feasible region has a vertex
 * where two constraint lines cross, so trying every such crossing decides it exactly.
 */
public final class BruteForceSegmentation {
  /** One step of the function: every key in [start, end] (unsigned) maps to value. */
  public record Step(long start, long end, long value) {}

  private BruteForceSegmentation() {}

  /** The steps of the lower-bound function of sorted {@code keys}. */
  static List<Step> lowerBoundSteps(long[] keys) {
    List<Step> steps = new ArrayList<>();
    long nextStart = 0;
    for (int i = 0; i < keys.length; i++) {
      if (i > 0 && keys[i] == keys[i - 1]) {
        continue;
      }
      steps.add(new Step(nextStart, keys[i], i));
      nextStart = keys[i] + 1;
    }
    if (keys.length == 0) {
      steps.add(new Step(0, -1L, 0));
    } else if (keys[keys.length - 1] != -1L) {
      steps.add(new Step(nextStart, -1L, keys.length));
    }
    return steps;
  }

  /** The steps of "which of these segments holds k" for segments with these first keys. */
  static List<Step> segmentSteps(long[] firstKeys) {
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < firstKeys.length; i++) {
      long end = i + 1 < firstKeys.length ? firstKeys[i + 1] - 1 : -1L;
      steps.add(new Step(firstKeys[i], end, i));
    }
    return steps;
  }

  /** The fewest segments covering {@code steps} within {@code epsilon}. */
  static int minimumSegments(List<Step> steps, long epsilon) {
    int count = steps.size();
    // reach[i]: the most steps from i on that one segment can cover. Feasibility of a run implies
    // feasibility of its sub-runs, so "covers i..j-1" is exactly "j <= i + reach[i]".
    int[] reach = new int[count];
    for (int i = 0; i < count; i++) {
      int length = 1;
      while (i + length < count && feasible(steps.subList(i, i + length + 1), epsilon)) {
        length++;
      }
      reach[i] = length;
    }
    int[] best = new int[count + 1];
    java.util.Arrays.fill(best, Integer.MAX_VALUE);
    best[0] = 0;
    for (int i = 0; i < count; i++) {
      if (best[i] == Integer.MAX_VALUE) {
        continue;
      }
      for (int j = i + 1; j <= i + reach[i]; j++) {
        best[j] = Math.min(best[j], best[i] + 1);
      }
    }
    return best[count];
  }

  /** Whether one line is within epsilon of every step's value at both of its ends. */
  public static boolean feasible(List<Step> steps, long epsilon) {
    List<BigInteger> xs = new ArrayList<>();
    List<BigInteger> ys = new ArrayList<>();
    for (Step step : steps) {
      xs.add(unsigned(step.start()));
      ys.add(BigInteger.valueOf(step.value()));
      if (step.end() != step.start()) {
        xs.add(unsigned(step.end()));
        ys.add(BigInteger.valueOf(step.value()));
      }
    }
    if (xs.size() <= 2) {
      return true;
    }
    BigInteger eps = BigInteger.valueOf(epsilon);
    for (int i = 0; i < xs.size(); i++) {
      for (int j = i + 1; j < xs.size(); j++) {
        for (int signI = -1; signI <= 1; signI += 2) {
          for (int signJ = -1; signJ <= 1; signJ += 2) {
            // The line through (x_i, y_i + signI*eps) and (x_j, y_j + signJ*eps), x_i < x_j.
            BigInteger yi = ys.get(i).add(eps.multiply(BigInteger.valueOf(signI)));
            BigInteger yj = ys.get(j).add(eps.multiply(BigInteger.valueOf(signJ)));
            if (withinAll(xs, ys, eps, xs.get(i), yi, xs.get(j).subtract(xs.get(i)), yj.subtract(yi))) {
              return true;
            }
          }
        }
      }
    }
    return false;
  }

  /** Whether the line through (x0, y0) with slope rise/run (run > 0) is within eps of every point. */
  private static boolean withinAll(List<BigInteger> xs, List<BigInteger> ys, BigInteger eps,
      BigInteger x0, BigInteger y0, BigInteger run, BigInteger rise) {
    for (int k = 0; k < xs.size(); k++) {
      // line(x_k) * run = y0 * run + rise * (x_k - x0); compare with (y_k -+ eps) * run.
      BigInteger scaled = y0.multiply(run).add(rise.multiply(xs.get(k).subtract(x0)));
      BigInteger low = ys.get(k).subtract(eps).multiply(run);
      BigInteger high = ys.get(k).add(eps).multiply(run);
      if (scaled.compareTo(low) < 0 || scaled.compareTo(high) > 0) {
        return false;
      }
    }
    return true;
  }

  private static BigInteger unsigned(long value) {
    return new BigInteger(Long.toUnsignedString(value));
  }
}
