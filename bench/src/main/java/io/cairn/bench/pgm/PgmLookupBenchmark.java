package io.cairn.bench.pgm;

import io.cairn.pgm.KeySearch;
import io.cairn.pgm.PgmIndex;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * JMH: PGM lookups ({@link PgmIndex#rank}: predict, then finish inside the range) against a
 * lower-bound binary search over the same sorted array, with the same random probes (keys at
 * random positions). Reported per lookup. Run, after {@code ./mvnw -pl bench -am package
 * -DskipTests}:
 *
 * <pre>
 * java -cp "bench/target/classes:bench/target/lib/*" org.openjdk.jmh.Main PgmLookupBenchmark \
 *     -p keys=1000000,10000000 -p epsilon=16,64
 * </pre>
 *
 * <p>The ε sweep of the design notes is {@code -p epsilon=4,8,16,32,64}. JMH runs one benchmark
 * after the other; on a shared machine prefer {@code cairn bench pgm}, which interleaves the two
 * searches round by round.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class PgmLookupBenchmark {
  /** Lookups per benchmark call; a power of two so the probe cursor wraps with a mask. */
  static final int LOOKUPS_PER_CALL = 1024;
  private static final int PROBES = 1 << 20;

  @Param({"1000000", "10000000"})
  int keys;

  @Param({"uniform", "lognormal"})
  String distribution;

  @Param({"64"})
  int epsilon;

  @Param({"4"})
  int epsilonRecursive;

  private long[] sortedKeys;
  private long[] probes;
  private PgmIndex model;
  private int cursor;

  @Setup
  public void setUp() {
    KeyDistribution chosen = KeyDistribution.of(distribution);
    sortedKeys = chosen.sortedKeys(keys, 42);
    probes = KeyDistribution.probes(sortedKeys, PROBES, 42);
    model = PgmIndex.build(sortedKeys, epsilon, epsilonRecursive);
  }

  @Benchmark
  @OperationsPerInvocation(LOOKUPS_PER_CALL)
  public void pgm(Blackhole blackhole) {
    int start = cursor;
    for (int i = 0; i < LOOKUPS_PER_CALL; i++) {
      blackhole.consume(model.rank(probes[(start + i) & (PROBES - 1)], sortedKeys));
    }
    cursor = start + LOOKUPS_PER_CALL;
  }

  @Benchmark
  @OperationsPerInvocation(LOOKUPS_PER_CALL)
  public void binarySearch(Blackhole blackhole) {
    int start = cursor;
    for (int i = 0; i < LOOKUPS_PER_CALL; i++) {
      blackhole.consume(KeySearch.lowerBound(sortedKeys, 0, sortedKeys.length, probes[(start + i) & (PROBES - 1)]));
    }
    cursor = start + LOOKUPS_PER_CALL;
  }
}
