package io.cairn.bench.runner;

import io.cairn.bench.report.PhaseMeasurement;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the harness adds to every latency {@link PhaseRunner} records: a {@code nanoTime} pair
 * around the call and one HdrHistogram record. {@code timedEmptyOperation} is that overhead
 * alone; subtract it mentally from sub-microsecond latencies (see docs/bench.md).
 *
 * <p>Run: {@code ./cairn bench jmh TimingOverhead}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TimingOverheadBenchmark {
  private PhaseMeasurement measurement;

  @Setup
  public void setUp() {
    measurement = new PhaseMeasurement(false);
  }

  /** One timed slot around nothing: the overhead included in every recorded latency. */
  @Benchmark
  public void timedEmptyOperation() {
    long start = System.nanoTime();
    measurement.record(System.nanoTime() - start);
  }

  /** A {@code nanoTime} call alone, for comparison. */
  @Benchmark
  public long nanoTime() {
    return System.nanoTime();
  }
}
