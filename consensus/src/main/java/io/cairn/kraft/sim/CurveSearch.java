package io.cairn.kraft.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Finds the maximum sustainable commit throughput of one configuration: the highest offered
 * open-loop rate at which at least 99 % of the writes commit and the p99 commit latency stays
 * under the bound. Rates double from {@code startRate} until one is not sustained (or halve until
 * one is, when the start rate already fails), then the gap
 * between the last sustained and the first failed rate is halved {@code refinements} times. Every
 * run is a point of the latency-vs-offered-load curve. A run stops as soon as its p99 can no longer
 * end under the bound (see {@link LoadRun.Point#stoppedEarly()}), so a failed rate costs little more
 * than its warm-up.
 *
 * <p>The search assumes sustainability is monotone in the rate, which holds for a queueing system
 * up to noise; each point uses its own seed, derived from the base seed and the rate.
 *
 * <p>Thread-safety: each call is confined to the calling thread.
 */
public final class CurveSearch {
  /** Warm-up, window and drain of every point, in virtual milliseconds. */
  public record Timing(int warmupMillis, int windowMillis, int drainMillis) {}

  /** The result: the highest sustained rate (0 if even the start rate failed) and every point, by rate. */
  public record Result(double maxThroughputPerSecond, List<LoadRun.Point> points) {}

  private static final double MAX_RATE = 2_000_000;
  private static final double MIN_RATE = 1;

  private CurveSearch() {}

  /** Runs the search for {@code options} with entries of {@code entryBytes}. */
  public static Result search(SimOptions options, int entryBytes, double p99BoundMillis, double startRate,
      int refinements, Timing timing, long seed, Consumer<LoadRun.Point> onPoint) {
    double bound = p99BoundMillis * 1000;
    List<LoadRun.Point> points = new ArrayList<>();
    double good = 0;
    double bad = 0;
    double best = 0;
    for (double rate = startRate; rate <= MAX_RATE; rate *= 2) {
      LoadRun.Point point = point(options, entryBytes, rate, timing, seed, bound, points, onPoint);
      if (!point.sustainable(bound)) {
        bad = rate;
        break;
      }
      good = rate;
      best = Math.max(best, point.committedPerSecond());
    }
    // The start was already too much (the bottleneck is not the one the start rate assumed):
    // halve down to a sustained rate before refining.
    for (double rate = startRate / 2; good == 0 && rate >= MIN_RATE; rate /= 2) {
      LoadRun.Point point = point(options, entryBytes, rate, timing, seed, bound, points, onPoint);
      if (point.sustainable(bound)) {
        good = rate;
        best = point.committedPerSecond();
      } else {
        bad = rate;
      }
    }
    for (int i = 0; i < refinements && good > 0 && bad > 0; i++) {
      double rate = (good + bad) / 2;
      LoadRun.Point point = point(options, entryBytes, rate, timing, seed, bound, points, onPoint);
      if (point.sustainable(bound)) {
        good = rate;
        best = Math.max(best, point.committedPerSecond());
      } else {
        bad = rate;
      }
    }
    points.sort(Comparator.comparingDouble(LoadRun.Point::offeredPerSecond));
    return new Result(best, List.copyOf(points));
  }

  private static LoadRun.Point point(SimOptions options, int entryBytes, double rate, Timing timing, long seed,
      double boundMicros, List<LoadRun.Point> points, Consumer<LoadRun.Point> onPoint) {
    long pointSeed = seed * 0x9E3779B97F4A7C15L + Double.doubleToLongBits(rate);
    LoadRun.Point point = LoadRun.run(options, pointSeed, rate, entryBytes, timing.warmupMillis(),
        timing.windowMillis(), timing.drainMillis(), boundMicros);
    points.add(point);
    onPoint.accept(point);
    return point;
  }
}
