package io.cairn.bench.report;

import io.cairn.node.api.Json;
import org.HdrHistogram.Histogram;

/**
 * The figures of one phase: per-operation latency (mean, p50, p99, p99.9, max, in microseconds)
 * and throughput.
 *
 * @param ops operations measured
 * @param meanMicros mean latency
 * @param p50Micros median latency
 * @param p99Micros 99th percentile
 * @param p999Micros 99.9th percentile
 * @param maxMicros slowest operation
 * @param opsPerSecond {@code ops} divided by the wall time of the timed bursts: the engine's calls
 *     back to back, plus the timing harness's own cost per call, but no value generation, key
 *     hashing or answer checking (see {@code docs/bench.md})
 * @param found for reads, how many keys were found; {@code null} for writes
 */
public record LatencySummary(
    long ops,
    double meanMicros,
    double p50Micros,
    double p99Micros,
    double p999Micros,
    double maxMicros,
    double opsPerSecond,
    Long found) {

  /**
   * Summarises a histogram of latencies recorded in nanoseconds. Percentiles are HdrHistogram's
   * (equivalent values at 3 significant digits, so within 0.1%); the mean and the max are exact
   * to that precision too.
   *
   * @param latencyNanos one value per operation
   * @param elapsedNanos wall time of the timed bursts, at least 1 when there were operations
   * @param found keys found by reads, or {@code null} for writes
   */
  public static LatencySummary of(Histogram latencyNanos, long elapsedNanos, Long found) {
    long ops = latencyNanos.getTotalCount();
    if (ops == 0) {
      return new LatencySummary(0, 0, 0, 0, 0, 0, 0, found);
    }
    return new LatencySummary(ops,
        latencyNanos.getMean() / 1e3,
        latencyNanos.getValueAtPercentile(50) / 1e3,
        latencyNanos.getValueAtPercentile(99) / 1e3,
        latencyNanos.getValueAtPercentile(99.9) / 1e3,
        latencyNanos.getMaxValue() / 1e3,
        ops * 1e9 / Math.max(1, elapsedNanos),
        found);
  }

  /**
   * The JSON report's {@code write} or {@code read} object: {@code ops, mean_us, p50_us, p99_us,
   * p999_us, max_us, ops_per_s} and, for reads, {@code found}.
   */
  public Json.Obj toJson() {
    Json.Obj json = Json.object()
        .put("ops", ops)
        .put("mean_us", round(meanMicros))
        .put("p50_us", round(p50Micros))
        .put("p99_us", round(p99Micros))
        .put("p999_us", round(p999Micros))
        .put("max_us", round(maxMicros))
        .put("ops_per_s", round(opsPerSecond));
    if (found != null) {
      json.put("found", found);
    }
    return json;
  }

  /** Three decimals: nanosecond resolution for microsecond figures. */
  static double round(double value) {
    return Json.round(value, 3);
  }
}
