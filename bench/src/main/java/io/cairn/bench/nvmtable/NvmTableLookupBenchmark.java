package io.cairn.bench.nvmtable;

import io.cairn.pmem.api.LatencyModel;
import io.cairn.pmem.api.PmemBackend;
import io.cairn.pmem.l0.ContainerVerification;
import io.cairn.pmem.l0.LookupKey;
import io.cairn.pmem.l0.SearchMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * JMH: point lookups in one NVMTable of SHA-256 keys, through its PGM model and by binary search
 * over the same slots, with the same random probes of present keys. {@code get} includes the
 * bloom filter, the search, the key check and the value's view (with its checksum check when
 * {@code -p checks=ON_READ}; by default the container is checked at open); {@code seek} only
 * finds the position. Per lookup. Run, after {@code ./mvnw -pl bench -am package
 * -DskipTests}:
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp "bench/target/classes:bench/target/lib/*" \
 *     org.openjdk.jmh.Main NvmTableLookupBenchmark -p epsilon=4,8,16,64 -p latency=off,optane -p checks=ON_OPEN,ON_READ
 * </pre>
 *
 * <p>Files go to {@code -Dcairn.bench.pmem.dir=DIR} (JMH: {@code -jvmArgsAppend}), default
 * {@code /dev/shm}. On a shared machine prefer {@code cairn bench nvmtable}, which alternates the
 * two searches round by round.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "--enable-native-access=ALL-UNNAMED"})
public class NvmTableLookupBenchmark {
  /** Lookups per benchmark call; a power of two so the probe cursor wraps with a mask. */
  static final int LOOKUPS_PER_CALL = 1024;
  private static final int PROBES = 1 << 16;

  @Param({"100000"})
  public int entries;

  @Param({"4096"})
  public int valueSize;

  @Param({"8"})
  public int epsilon;

  @Param({"ffm"})
  public String backend;

  @Param({"off"})
  public String latency;

  @Param({"ON_OPEN"})
  public String checks;

  private BenchTable bench;
  private LookupKey[] probes;
  private int cursor;

  @Setup(Level.Trial)
  public void build() {
    String configured = System.getProperty("cairn.bench.pmem.dir");
    Path base = configured != null ? Path.of(configured)
        : Files.isWritable(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir"));
    bench = BenchTable.build(new BenchTable.Settings(entries, valueSize, PmemBackend.parse(backend), base, epsilon,
        LatencyModel.parse(latency), ContainerVerification.valueOf(checks), 42), PROBES);
    probes = bench.probes;
  }

  @TearDown(Level.Trial)
  public void close() {
    bench.close();
  }

  private void gets(SearchMethod method, Blackhole blackhole) {
    int start = cursor;
    for (int i = 0; i < LOOKUPS_PER_CALL; i++) {
      blackhole.consume(bench.table.get(probes[(start + i) & (PROBES - 1)], method).byteSize());
    }
    cursor = start + LOOKUPS_PER_CALL;
  }

  private void seeks(SearchMethod method, Blackhole blackhole) {
    int start = cursor;
    for (int i = 0; i < LOOKUPS_PER_CALL; i++) {
      blackhole.consume(bench.table.seek(probes[(start + i) & (PROBES - 1)], method));
    }
    cursor = start + LOOKUPS_PER_CALL;
  }

  @Benchmark
  @OperationsPerInvocation(LOOKUPS_PER_CALL)
  public void pgmGet(Blackhole blackhole) {
    gets(SearchMethod.LEARNED, blackhole);
  }

  @Benchmark
  @OperationsPerInvocation(LOOKUPS_PER_CALL)
  public void binarySearchGet(Blackhole blackhole) {
    gets(SearchMethod.BINARY_SEARCH, blackhole);
  }

  @Benchmark
  @OperationsPerInvocation(LOOKUPS_PER_CALL)
  public void pgmSeek(Blackhole blackhole) {
    seeks(SearchMethod.LEARNED, blackhole);
  }

  @Benchmark
  @OperationsPerInvocation(LOOKUPS_PER_CALL)
  public void binarySearchSeek(Blackhole blackhole) {
    seeks(SearchMethod.BINARY_SEARCH, blackhole);
  }
}
