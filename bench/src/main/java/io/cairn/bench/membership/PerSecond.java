package io.cairn.bench.membership;

import io.cairn.node.api.Json;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Commits and commit latencies bucketed by the wall-clock second in which each write completed,
 * counted from a start instant: the per-second view of a run across membership changes.
 *
 * <p>Thread-safety: {@link #record} from any thread (synchronized); read after the writers stopped.
 */
final class PerSecond {
  private final long startNanos;
  private final List<Histogram> seconds = new ArrayList<>();
  private long failures;

  PerSecond(long startNanos) {
    this.startNanos = startNanos;
  }

  /** A write that completed now after {@code latencyNanos}. */
  synchronized void record(long latencyNanos) {
    int second = (int) ((System.nanoTime() - startNanos) / 1_000_000_000L);
    while (seconds.size() <= second) {
      seconds.add(new Histogram(3));
    }
    seconds.get(second).recordValue(Math.max(1, latencyNanos / 1000));
  }

  synchronized void failed() {
    failures++;
  }

  long failures() {
    return failures;
  }

  /** Seconds elapsed since the start (for event times). */
  double now() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  int size() {
    return seconds.size();
  }

  long committed(int second) {
    return second < seconds.size() ? seconds.get(second).getTotalCount() : 0;
  }

  /** The p99 commit latency of second {@code second} in ms (0 when nothing committed). */
  double p99Millis(int second) {
    return committed(second) == 0 ? 0 : seconds.get(second).getValueAtPercentile(99) / 1000.0;
  }

  /** The p99 over the seconds for which {@code include} holds, in ms. */
  double p99Millis(java.util.function.IntPredicate include) {
    Histogram merged = new Histogram(3);
    for (int s = 0; s < seconds.size(); s++) {
      if (include.test(s)) {
        merged.add(seconds.get(s));
      }
    }
    return merged.getTotalCount() == 0 ? 0 : merged.getValueAtPercentile(99) / 1000.0;
  }

  Json.Arr toJson() {
    Json.Arr list = Json.array();
    for (int s = 0; s < seconds.size(); s++) {
      list.add(Json.object().put("second", s).put("committed", committed(s))
          .put("p99_ms", Json.round(p99Millis(s), 3)));
    }
    return list;
  }
}
