package io.cairn.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {
  /** Latencies of 1, 2, ..., 1000 µs: every statistic is known in closed form. */
  private static Histogram oneToThousandMicros() {
    Histogram histogram = new Histogram(3);
    histogram.setAutoResize(true);
    for (int micros = 1; micros <= 1000; micros++) {
      histogram.recordValue(micros * 1000L);
    }
    return histogram;
  }

  @Test
  void percentilesMeanAndMaxMatchTheClosedForm() {
    LatencySummary summary = LatencySummary.of(oneToThousandMicros(), 2_000_000_000L, null);
    assertThat(summary.ops()).isEqualTo(1000);
    // HdrHistogram keeps 3 significant digits: every figure within 0.1%.
    assertThat(summary.meanMicros()).isCloseTo(500.5, within(0.5));
    assertThat(summary.p50Micros()).isCloseTo(500, within(0.5));
    assertThat(summary.p99Micros()).isCloseTo(990, within(1.0));
    assertThat(summary.p999Micros()).isCloseTo(999, within(1.0));
    assertThat(summary.maxMicros()).isCloseTo(1000, within(1.0));
    assertThat(summary.opsPerSecond()).isCloseTo(500.0, within(1e-9));
    assertThat(summary.found()).isNull();
  }

  @Test
  void aSingleStallShowsInTheTailNotTheMedian() {
    Histogram histogram = new Histogram(3);
    histogram.setAutoResize(true);
    for (int i = 0; i < 9999; i++) {
      histogram.recordValue(10_000);
    }
    histogram.recordValue(50_000_000); // one 50 ms stall
    LatencySummary summary = LatencySummary.of(histogram, 1, 7L);
    assertThat(summary.p50Micros()).isCloseTo(10, within(0.01));
    assertThat(summary.p999Micros()).isCloseTo(10, within(0.01));
    assertThat(summary.maxMicros()).isCloseTo(50_000, within(50.0));
    assertThat(summary.meanMicros()).isCloseTo((9999 * 10 + 50_000) / 10_000.0, within(0.1));
    assertThat(summary.found()).isEqualTo(7L);
  }

  @Test
  void anEmptyPhaseIsAllZeros() {
    Histogram empty = new Histogram(3);
    assertThat(LatencySummary.of(empty, 0, 0L)).isEqualTo(new LatencySummary(0, 0, 0, 0, 0, 0, 0, 0L));
  }

  @Test
  void jsonHasTheIssuesFieldsRoundedToNanoseconds() {
    LatencySummary summary = new LatencySummary(3, 1.23456, 1.0, 2.0, 3.0, 4.0, 12345.6789, null);
    var json = summary.toJson();
    assertThat(json.get("mean_us")).isEqualTo(1.235);
    assertThat(json.get("ops_per_s")).isEqualTo(12345.679);
    assertThat(json.get("found")).isNull();
    assertThat(json.toString()).containsSubsequence("\"ops\"", "\"mean_us\"", "\"p50_us\"", "\"p99_us\"",
        "\"p999_us\"", "\"max_us\"", "\"ops_per_s\"");
  }

  @Test
  void mergedRoundsAddTheirHistograms() {
    PhaseMeasurement one = new PhaseMeasurement(true);
    PhaseMeasurement two = new PhaseMeasurement(true);
    for (int i = 0; i < 100; i++) {
      one.record(1_000);
      two.record(3_000);
    }
    one.addElapsed(100_000);
    two.addElapsed(300_000);
    one.found();
    two.found();
    one.add(two);
    LatencySummary merged = one.summary();
    assertThat(merged.ops()).isEqualTo(200);
    assertThat(merged.meanMicros()).isCloseTo(2.0, within(0.01));
    assertThat(merged.opsPerSecond()).isCloseTo(200 / 0.0004, within(1e-6));
    assertThat(merged.found()).isEqualTo(2L);
  }
}
