package io.cairn.bench.chain;

import io.cairn.bench.runner.Directories;
import io.cairn.chain.api.HashAlgorithm;
import io.cairn.chain.api.RecordStore;
import io.cairn.chain.api.StoredRecord;
import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.api.WriteOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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

/**
 * CPU of a node's record store write, as its anchor batcher makes it: one round of {@value
 * #RECORDS_PER_ROUND} records of 256 random bytes in one write (unsynced here, so the score is the
 * CPU, not the disk), keyed by their hash ({@code hash}: the store before session 11) or by the
 * store's counter ({@code sequence}: {@link RecordStore#sequential}). Scores are per record. As
 * in {@link LedgerApplyBenchmark}, each iteration prints the writing thread's own CPU time and
 * bytes allocated per record ({@code cpu_ns_per_record}, {@code alloc_bytes_per_record}), and the
 * CPU of the whole process per record ({@code process_cpu_ns_per_record}: the engine's flush and
 * compaction threads too), which hold at any load.
 *
 * <pre>
 * ./cairn bench jmh RecordStoreBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 4, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class RecordStoreBenchmark {
  static final int RECORDS_PER_ROUND = 1000;

  @Param({"hash", "sequence"})
  public String keys;

  private final SplittableRandom random = new SplittableRandom(11);
  private Path dir;
  private Db db;
  private RecordStore store;
  private List<byte[]> round;
  private final ApplyingThreadCost cost = new ApplyingThreadCost();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
  private long processCpuAtStart;

  @Setup(Level.Trial)
  public void open() throws IOException {
    dir = Files.createTempDirectory("record-store-bench");
    db = Cairn.open(dir.resolve("records"), Options.defaults());
    store = keys.equals("sequence") ? RecordStore.sequential("bench", db, WriteOptions.DEFAULT)
        : new RecordStore("bench", db, WriteOptions.DEFAULT);
  }

  /** The next round's records (not measured). */
  @Setup(Level.Invocation)
  public void nextRound() {
    round = new ArrayList<>(RECORDS_PER_ROUND);
    for (int i = 0; i < RECORDS_PER_ROUND; i++) {
      byte[] raw = new byte[256];
      random.nextBytes(raw);
      round.add(raw);
    }
  }

  @Setup(Level.Iteration)
  public void startIteration() {
    processCpuAtStart = os.getProcessCpuTime();
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS_PER_ROUND)
  public List<StoredRecord> store() {
    cost.start();
    List<StoredRecord> stored = store.storeAll(round, HashAlgorithm.SHA_256);
    cost.stop(RECORDS_PER_ROUND);
    return stored;
  }

  /** Prints this iteration's CPU and allocation per record (see the class comment). */
  @TearDown(Level.Iteration)
  public void report() {
    long records = Math.max(1, cost.records());
    cost.report(String.format(java.util.Locale.ROOT, " process_cpu_ns_per_record %.0f",
        (double) (os.getProcessCpuTime() - processCpuAtStart) / records));
  }

  @TearDown(Level.Trial)
  public void close() {
    db.close();
    Directories.deleteTree(dir);
  }
}
