package io.cairn.bench.contracts;

import static io.cairn.bench.report.Median.median;

import io.cairn.bench.runner.ChildJvm;
import io.cairn.bench.runner.Directories;
import io.cairn.chain.contract.BlockExecutor;
import io.cairn.chain.contract.BlockResult;
import io.cairn.chain.contract.ContractCall;
import io.cairn.chain.contract.ContractStore;
import io.cairn.chain.contract.ExecutorPhases;
import io.cairn.chain.contract.builtin.BuiltIns;
import io.cairn.common.CairnIoException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.api.WriteOptions;
import io.cairn.node.api.ExitCodes;
import io.cairn.node.api.Json;
import io.cairn.node.api.JsonOption;
import io.cairn.node.api.PmemOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code cairn bench contracts}: blocks of token transfers executed against contract state in an
 * engine, by the serial executor and by the parallel ones at several thread counts and conflict
 * rates. Each round runs one block through every configuration one after the other, so the ratios
 * are measured side by side: each configuration gets its own fresh copy of the block, built just
 * before it runs, and the order rotates from round to round; a configuration's figure is its
 * median over the measured rounds. Every parallel result is checked against the serial one after
 * the round (untimed). See {@code docs/contracts.md}.
 */
@Command(
    name = "contracts",
    mixinStandardHelpOptions = true,
    description = {"Parallel contract execution: transfers/s vs threads and conflict rate, serial as baseline.",
        "By default (session 15) the whole run is measured in 3 fresh JVMs one after the other (--forks), serial and"
            + " the executors interleaved round by round in each; a configuration's speedup_vs_serial is the median of"
            + " the forks' speedups (each over the rounds, against serial in the same round), printed with their"
            + " range: read a target from the forks' median, never from one JVM's ratio of medians."})
public final class ContractsBench implements Callable<Integer> {
  /** The targets, reported beside the measurements. */
  static final double SPEEDUP_TARGET_LOW_CONFLICT = 1.8;
  static final double SPEEDUP_TARGET_HALF_CONFLICT = 0.9;
  static final long SERIAL_TARGET_PER_S = 100_000;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @Option(names = "--block-calls", defaultValue = "10000", description = "Transfers per block (default ${DEFAULT-VALUE}).")
  int blockCalls;

  @Option(names = "--rounds", defaultValue = "21", description = "Measured rounds per conflict rate (default ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--warmup", defaultValue = "10",
      description = "Unmeasured rounds before each rate's, and before all; up to as many more while the JIT still"
          + " compiles (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--threads", split = ",", description = "Thread counts (default: 1, 2, then doubling up to the"
      + " available processors, and that number).")
  List<Integer> threads;

  @Option(names = "--rates", split = ",", defaultValue = "0,0.01,0.1,0.5,1",
      description = "Conflict rates 0..1 (default ${DEFAULT-VALUE}).")
  List<Double> rates;

  @Option(names = "--executors", split = ",", defaultValue = "declared,block-stm",
      description = "Parallel executors: declared, declared-fixed (declared without a thread that finished first"
          + " taking chunks of another's stretch: declared until session 18), declared-pinned (declared taking only chunks"
          + " none of whose calls shares a key with an earlier one of its stretch: declared in session 18), declared-after (decides deferrals after running while few are"
          + " deferred), declared-last (the caller's thread runs the last stretch of each run, not the first),"
          + " block-stm (default ${DEFAULT-VALUE}).")
  List<String> executors;

  @Option(names = "--charts", paramLabel = "DIR", description = "Also draw the two PNG charts into DIR.")
  Path charts;

  @Option(names = "--ceiling", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "First measure the machine's ceiling: a compute loop and independent transfers cut into"
          + " slices on 1 and 2+ threads with no coordination (default on; --no-ceiling skips it).")
  boolean ceiling;

  @Option(names = "--phases", description = "Also time the declared executor's phases per block on each thread"
      + " (CPU and wall: prepare, hand-off, plan, wait-plan, run, join, deferred, merge) and print them per transfer.")
  boolean phases;

  @Option(names = "--calls-made-by", defaultValue = "caller",
      description = "Who makes a block's calls: caller (default: every configuration's block is built on the measuring"
          + " thread just before it runs, untimed) or runner (session 13: the block is a LazyBlock, each call made by"
          + " the executor thread that first reads it, inside the timed execution; serial makes all of its calls),"
          + " ledger (session 15: the block is its transactions' encodings, decoded and checked on the measuring"
          + " thread inside the timed execution, as a ledger applies a block, each call made by the executor thread"
          + " that first reads it) or ledger-eager (the same, every call made on the measuring thread before the"
          + " executor starts, as a ledger did until session 15).")
  String callsMadeBy;

  @Option(names = "--repeats", defaultValue = "1",
      description = "Runs of the whole sweep of rates in this JVM, one after the other (session 14); each"
          + " configuration's figures are its medians over the measured rounds of all of them, and each repeat's own"
          + " speedup is printed beside them (default ${DEFAULT-VALUE}).")
  int repeats;

  @Option(names = "--forks", defaultValue = "3",
      description = "Fresh JVMs the whole run is measured in, one after the other, as JMH forks (session 15): each"
          + " configuration's speedup_vs_serial is then the median of the forks' speedups, each fork's the median over"
          + " its rounds of the configuration's rate over serial's in the same round, printed with their range"
          + " (speedup_ratio_of_medians keeps one JVM's older figure); 0 measures in this JVM as before, its"
          + " speedup_vs_serial the ratio of the two medians (default ${DEFAULT-VALUE}).")
  int forks;

  @Option(names = "--fork-heap", paramLabel = "SIZE", defaultValue = "2g",
      description = "Heap of each fork, fixed and touched at its start (default ${DEFAULT-VALUE}).")
  String forkHeap;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the blocks (default ${DEFAULT-VALUE}).")
  long seed;

  @Mixin JsonOption json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    List<Integer> threadCounts = validate();
    PrintWriter out = spec.commandLine().getOut();
    if (forks > 0 && !ChildJvm.isChild()) {
      return measureInForks(out);
    }
    Path root = temporaryDirectory();
    String loadBefore = LoadAverage.read();
    out.printf("bench contracts: blocks of %,d token transfers (calls made by the %s), %d + %d rounds per rate,"
        + " threads %s, executors %s, %d processors, load average %s%n", blockCalls, callsMadeBy, warmup, rounds,
        threadCounts, executors,
        Runtime.getRuntime().availableProcessors(), loadBefore);
    List<ContractRun> runs = new ArrayList<>();
    Json.Arr phaseJson = Json.array();
    Json.Obj serialPerCpuSecond = Json.object();
    Json.Obj jitJson = Json.object();
    List<ParallelCeiling.Row> ceilingRows = List.of();
    int mismatches = 0;
    try (Db db = Cairn.open(root.resolve("state"), Options.defaults())) {
      ContractStore store = new ContractStore(db, WriteOptions.DEFAULT, 4 * blockCalls + 16);
      TransferWorkload workload = new TransferWorkload(2 * blockCalls + 1);
      workload.setUp(store, blockCalls);
      List<BlockExecutor> parallel = startExecutors(threadCounts);
      List<SerialCopies> copies = new ArrayList<>();
      threadCounts.stream().filter(count -> count > 1).forEach(count -> copies.add(new SerialCopies(count)));
      try (BlockExecutor serial = BlockExecutor.serial(BuiltIns.codeBook())) {
        List<Configuration> configurations = configurations(serial, copies, parallel);
        measure(workload, store, configurations, 0.1, 0); // warms the JIT up on every configuration first
        if (ceiling) {
          ceilingRows = measureCeiling(workload, store, threadCounts, out);
        }
        List<List<RateRounds>> byRate = new ArrayList<>();
        rates.forEach(rate -> byRate.add(new ArrayList<>()));
        for (int repeat = 0; repeat < repeats; repeat++) {
          for (int r = 0; r < rates.size(); r++) {
            RateRounds rounds = measure(workload, store, configurations, rates.get(r), repeat);
            byRate.get(r).add(rounds);
            if (repeats > 1) {
              out.println(repeatLine(repeat, rates.get(r), configurations, rounds));
            }
          }
        }
        for (int r = 0; r < rates.size(); r++) {
          double rate = rates.get(r);
          RateMeasurement measured = summarize(rate, configurations, byRate.get(r));
          mismatches += measured.mismatches;
          runs.addAll(measured.runs);
          serialPerCpuSecond.put(Double.toString(rate), Math.round(measured.serialPerCpuSecond));
          measured.runs.forEach(run -> out.printf("  %-18s %2d threads  %5.1f%% conflicts  %,12.0f tx/s  %5.2fx serial"
              + "  %5.2fx serial-declared  %5.1f%% of copies  %6.2f us CPU/tx  %5.2fx serial's CPU  %,6.0f B/tx"
              + "  %5.3f us GC/tx  %5.3f us GC CPU/tx  GC in %d/%d blocks%n",
              run.executor(), run.threads(), run.conflictRate() * 100, run.txPerSecond(), run.speedupVsSerial(),
              run.speedupVsSerialDeclared(), run.ceilingShare() * 100, run.cpuMicrosPerTx(), run.cpuVsSerial(),
              run.allocBytesPerTx(), run.gcMicrosPerTx(), run.gcCpuMicrosPerTx(), run.gcBlocks(), rounds * repeats));
          measured.runs.stream().skip(1).forEach(run -> out.println(spreadLine(run)));
          out.printf("  serial per CPU second of its thread: %,.0f tx/s; %d warm-up rounds, JIT compiling %,d ms during"
              + " the measured ones%n", measured.serialPerCpuSecond, measured.warmupRounds, measured.jitMillis);
          out.printf("  serial's two runs of a round (first and last; each ratio is over serial interpolated between"
              + " them): they differ by %.1f %% (median), %.1f %% (p90); its last three warm-up rounds within %.1f %%%n",
              100 * measured.serialDriftMedian, 100 * measured.serialDriftP90, 100 * (measured.serialWarmupSpread - 1));
          jitJson.put(Double.toString(rate), Json.object().put("warmup_rounds", measured.warmupRounds)
              .put("jit_ms_measured", measured.jitMillis)
              .put("serial_drift_median", measured.serialDriftMedian).put("serial_drift_p90", measured.serialDriftP90)
              .put("serial_warmup_spread", measured.serialWarmupSpread));
          measured.phases.forEach(row -> {
            out.println(row.line());
            out.println(row.threadLine());
            out.println(row.countLine());
            phaseJson.add(row.toJson());
          });
        }
      } finally {
        parallel.forEach(BlockExecutor::close);
        copies.forEach(SerialCopies::close);
      }
    } finally {
      Directories.deleteTree(root);
    }
    String loadAfter = LoadAverage.read();
    out.printf("  load average before %s, after %s%n", loadBefore, loadAfter);
    if (charts != null) {
      ContractCharts.write(runs, charts).forEach(file -> out.println("  chart " + file));
    }
    if (mismatches > 0) {
      spec.commandLine().getErr().println("bench contracts: " + mismatches + " parallel results differ from serial");
    }
    Json.Arr ceilingJson = Json.array();
    ceilingRows.forEach(row -> ceilingJson.add(row.toJson()));
    json.write(report(runs, loadBefore, loadAfter, mismatches).put("serial_tx_per_cpu_s", serialPerCpuSecond)
        .put("jit", jitJson)
        .put("ceiling", ceilingJson).put("phases", phaseJson));
    return mismatches == 0 ? ExitCodes.OK : ExitCodes.FAILED;
  }

  /**
   * The whole run in {@link #forks} fresh JVMs ({@link ContractForks}), their figures merged: the
   * report, the summary lines and the charts of the medians over the forks.
   */
  private Integer measureInForks(PrintWriter out) {
    long heapBytes = forkHeapBytes();
    String loadBefore = LoadAverage.read();
    List<String> args = spec.commandLine().getParseResult().originalArgs();
    List<String> own = spec.parent() == null ? args : args.subList(args.indexOf(spec.name()) + 1, args.size());
    ContractForks.Merged merged = ContractForks.run(forks, heapBytes, own, out, spec.commandLine().getErr());
    String loadAfter = LoadAverage.read();
    out.printf("bench contracts: %d forks, each configuration's speedup is the median of the forks'"
        + " (range; each fork's, in the order they ran):%n", forks);
    for (int r = 0; r < merged.runs().size(); r++) {
      ContractRun run = merged.runs().get(r);
      if (run.executor().equals("serial")) {
        out.printf("  forks     %-18s %2d threads  %5.1f%% conflicts  %,12.0f tx/s (median of the forks)%n",
            run.executor(), run.threads(), run.conflictRate() * 100, run.txPerSecond());
      } else {
        out.println(forksLine(run, merged.forkSpeedups().get(r)));
      }
    }
    out.printf("  load average before %s, after %s%n", loadBefore, loadAfter);
    if (charts != null) {
      ContractCharts.write(merged.runs(), charts).forEach(file -> out.println("  chart " + file));
    }
    if (merged.mismatches() > 0) {
      spec.commandLine().getErr().println("bench contracts: " + merged.mismatches()
          + " parallel results differ from serial");
    }
    if (merged.failedForks() > 0) {
      spec.commandLine().getErr().println("bench contracts: " + merged.failedForks() + " of " + forks
          + " forks failed");
    }
    Json.Obj machine = (Json.Obj) merged.report().get("machine");
    if (machine != null) {
      machine.put("load_average_before", loadBefore).put("load_average_after", loadAfter);
    }
    json.write(merged.report());
    return merged.mismatches() == 0 && merged.failedForks() == 0 ? ExitCodes.OK : ExitCodes.FAILED;
  }

  /** One configuration's merged speedup line: the median of the forks, their range and each fork's figure. */
  static String forksLine(ContractRun run, double[] forkSpeedups) {
    StringBuilder each = new StringBuilder();
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double speedup : forkSpeedups) {
      each.append(each.isEmpty() ? "" : ", ").append(String.format("%.2fx", speedup));
      min = Math.min(min, speedup);
      max = Math.max(max, speedup);
    }
    return String.format("  forks     %-18s %2d threads  %5.1f%% conflicts  %5.2fx serial (median of %d forks;"
        + " range %.2fx-%.2fx: %s)  %5.2fx serial's CPU  %5.2fx serial-declared  %5.1f%% of copies", run.executor(),
        run.threads(), run.conflictRate() * 100, run.speedupVsSerial(), forkSpeedups.length, min, max, each,
        run.cpuVsSerial(), run.speedupVsSerialDeclared(), run.ceilingShare() * 100);
  }

  private long forkHeapBytes() {
    long bytes;
    try {
      bytes = PmemOptions.parseBytes(forkHeap);
    } catch (InvalidArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--fork-heap: " + e.getMessage());
    }
    if (bytes < 64L << 20) {
      throw new ParameterException(spec.commandLine(), "--fork-heap must be at least 64m");
    }
    return bytes;
  }

  /** The machine's ceiling (see {@link ParallelCeiling}) on a block of independent transfers, printed. */
  private List<ParallelCeiling.Row> measureCeiling(TransferWorkload workload, ContractStore store,
      List<Integer> threadCounts, PrintWriter out) {
    SplittableRandom random = new SplittableRandom(seed);
    List<ParallelCeiling.Row> rows = ParallelCeiling.measure(threadCounts, rounds, warmup, blockCalls,
        () -> workload.lazyBlock(random, blockCalls, 0, false), () -> workload.lazyBlock(random, blockCalls, 0, true),
        store);
    out.println("  ceiling: the same work cut into slices on N threads, no coordination:");
    rows.forEach(row -> out.printf("  ceiling   %-22s %2d threads  %,14.0f ops/s  %5.2fx 1 thread  %8.3f ns CPU/op"
        + "  %5.2fx 1 thread's CPU  %,6.0f B/op  %7.1f ns GC/op  %7.1f ns GC CPU/op%s%n", row.kernel(), row.threads(),
        row.opsPerSecond(), row.speedup(), row.cpuNanosPerOp(), row.cpuRatio(), row.allocBytesPerOp(),
        row.gcNanosPerOp(), row.gcCpuNanosPerOp(), Double.isNaN(row.speedupVsTransfers()) ? ""
            : String.format("  %5.2fx transfers on 1 thread  CPU/op caller %.0f ns, others %.0f ns",
                row.speedupVsTransfers(), row.callerCpuNanosPerOp(), row.othersCpuNanosPerOp())));
    return rows;
  }

  /** One rate's runs, and the serial executor's transfers per second of its own thread's CPU time. */
  private record RateMeasurement(List<ContractRun> runs, double serialPerCpuSecond, int mismatches,
      List<PhaseRow> phases, int warmupRounds, long jitMillis, double serialDriftMedian, double serialDriftP90,
      double serialWarmupSpread) {}

  /** The JIT compilers' accumulated compilation time so far, in milliseconds (0 where the JVM cannot tell). */
  private static long jitMillis() {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
  }

  /**
   * One rate's measured rounds, raw: per configuration (serial first, then {@code parallel}) and
   * measured round, transfers/s, CPU µs and bytes per transfer; the collector's time, CPU and
   * blocks, the phases summed; the serial thread's transfers per CPU second per round.
   */
  private record RateRounds(double[][] perSecond, double[][] cpuPerTx, double[][] allocPerTx, double[] perCpuSecond,
      long[] gcMillis, long[] gcCpuNanos, int[] gcBlocks, ExecutorPhases[] phaseSums, int mismatches, int warmupRounds,
      long jitMillis, double[][] serialAt, double[] serialDrift, double serialWarmupSpread) {
    /** Configuration {@code c}'s speedup over serial in these rounds alone: the ratio of the medians. */
    double speedup(int c) {
      return median(perSecond[c]) / median(perSecond[0]);
    }
  }

  /**
   * One measured configuration of a round (session 17): the serial executor on blocks as a member
   * receives them ({@code serial}, without declared sets: the baseline) or on the same
   * blocks with their sets declared ({@code serial-declared}: the loop every stretch of the
   * task-parallel executor runs, on the block it gets); {@code copies} copies of that loop at once
   * on blocks of their own ({@code serial-xN}, {@code serial-declared-xN}: the machine's ceiling,
   * {@link SerialCopies}); or a parallel executor. {@code declared}: whether its blocks declare their
   * sets.
   */
  record Configuration(String name, int threads, boolean declared, BlockExecutor executor, SerialCopies copies) {
    /** Whether this is one of the baselines or ceilings rather than a parallel executor. */
    boolean baseline() {
      return copies != null || executor.name().equals("serial");
    }
  }

  /** Index of the serial executor on blocks without declared sets, the baseline. */
  static final int SERIAL = 0;
  /** Index of the serial executor on the same blocks with declared sets. */
  static final int SERIAL_DECLARED = 1;

  /**
   * The configurations of every round, in this order: serial, serial on declared blocks, the
   * serial copies on both kinds of block for each thread count above 1, then the parallel executors.
   */
  static List<Configuration> configurations(BlockExecutor serial, List<SerialCopies> copies,
      List<BlockExecutor> parallel) {
    List<Configuration> configurations = new ArrayList<>();
    configurations.add(new Configuration("serial", 1, false, serial, null));
    configurations.add(new Configuration("serial-declared", 1, true, serial, null));
    for (SerialCopies copy : copies) {
      configurations.add(new Configuration("serial-x" + copy.copies(), copy.copies(), false, null, copy));
      configurations.add(new Configuration("serial-declared-x" + copy.copies(), copy.copies(), true, null, copy));
    }
    for (BlockExecutor executor : parallel) {
      configurations.add(new Configuration(executor.name(), executor.threads(), executor.name().startsWith("declared"),
          executor, null));
    }
    return configurations;
  }

  /**
   * The index of the ceiling for {@code configurations.get(c)}: the configuration that runs as many
   * copies of the serial loop as it has threads, on the same kind of block (serial or
   * serial-declared for one thread); -1 where there is none.
   */
  static int ceilingOf(List<Configuration> configurations, int c) {
    Configuration of = configurations.get(c);
    if (of.threads() == 1) {
      return of.declared() ? SERIAL_DECLARED : SERIAL;
    }
    for (int i = 0; i < configurations.size(); i++) {
      Configuration candidate = configurations.get(i);
      if (candidate.copies() != null && candidate.threads() == of.threads() && candidate.declared() == of.declared()) {
        return i;
      }
    }
    return -1;
  }

  /** One rate's measured rounds (seeded by the rate and the repeat; repeat 0's blocks are those of session 13). */
  private RateRounds measure(TransferWorkload workload, ContractStore store, List<Configuration> configurations,
      double rate, int repeat) {
    SplittableRandom random = new SplittableRandom(seed ^ Double.doubleToLongBits(rate) ^ (repeat * 0x9e3779b97f4a7c15L));
    int count = configurations.size();
    double[][] perSecond = new double[count][rounds];
    double[][] cpuPerTx = new double[count][rounds];
    double[] perCpuSecond = new double[rounds];
    double[][] allocPerTx = new double[count][rounds];
    long[] gcMillis = new long[count];
    long[] gcCpuNanos = new long[count];
    int[] gcBlocks = new int[count];
    BlockResult[] results = new BlockResult[count];
    ExecutorPhases[] phaseSums = new ExecutorPhases[count];
    Arrays.fill(phaseSums, ExecutorPhases.NONE);
    int mismatches = 0;
    int warm = warmup; // grows while the JIT still compiles or serial's speed still moves (see below)
    long jitAtMeasure = 0;
    // Session 18: serial runs first and last in every round (A B C ... A), the others rotate between,
    // and each configuration's per-round ratio is over serial interpolated at its own time between
    // the two: a drift of the machine within a round falls on both sides of the ratio.
    double[][] serialAt = new double[count][rounds];
    double[] serialDrift = new double[rounds];
    double[] serialWarmup = new double[2 * warmup + 1]; // serial's transfers/s per warm-up round
    long[] midNanos = new long[count];
    double serialFirst = 0;
    double serialLast = 0;
    long serialLastMid = 0;
    for (int round = 0; round < warm + rounds; round++) {
      long blockSeed = random.nextLong();
      long jitBefore = jitMillis();
      if (round == warm) {
        jitAtMeasure = jitBefore;
      }
      BlockResult bracket = null;
      for (int turn = 0; turn <= count; turn++) {
        int c = configurationAt(round, turn, count);
        boolean closing = turn == count;
        Configuration configuration = configurations.get(c);
        // A fresh copy of the round's block for every configuration, built here just before it runs,
        // as a node decodes a block and then executes it: none finds the block warmed by another.
        boolean declare = configuration.declared();
        boolean ledger = callsMadeBy.startsWith("ledger");
        if (configuration.copies() != null) { // the other copies' blocks, each built on its own thread (untimed)
          configuration.copies().prepare(k -> blockCalls(workload, blockSeed ^ (k * 0x9e3779b97f4a7c15L), rate, declare,
              ledger), store);
        }
        byte[][] encoded = ledger ? workload.encodedBlock(new SplittableRandom(blockSeed), blockCalls, rate, declare)
            : null;
        List<ContractCall> calls = ledger ? null : callsMadeBy.equals("runner")
            ? workload.lazyBlock(new SplittableRandom(blockSeed), blockCalls, rate, declare)
            : workload.block(new SplittableRandom(blockSeed), blockCalls, rate, declare);
        BlockExecutor executor = configuration.executor();
        ExecutorPhases phasesBefore = executor != null ? executor.phases() : ExecutorPhases.NONE;
        long gcCpuStart = JavaThreadsCpu.collectorNanos();
        long gcStart = JavaThreadsCpu.gcMillis();
        long gcCountStart = JavaThreadsCpu.gcCount();
        long allocStart = JavaThreadsCpu.allocatedBytes();
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long processCpuStart = JavaThreadsCpu.nanos();
        long start = System.nanoTime();
        if (ledger) { // session 15: decoding the block's transactions is timed, on the measuring thread
          calls = TransferWorkload.decoded(encoded, callsMadeBy.equals("ledger-eager"));
        }
        BlockResult result = executor != null ? executor.execute(calls, store)
            : configuration.copies().execute(calls, store);
        long nanos = System.nanoTime() - start;
        if (closing) { // serial's second run of the round: the bracket, not a sample of its own
          bracket = result;
          serialLast = (double) blockCalls * 1e9 / nanos;
          serialLastMid = start + nanos / 2;
          continue;
        }
        results[c] = result;
        midNanos[c] = start + nanos / 2;
        if (c == SERIAL) {
          serialFirst = (double) blockCalls * 1e9 / nanos;
        }
        long processCpu = JavaThreadsCpu.nanos() - processCpuStart;
        long ownCpu = THREADS.getCurrentThreadCpuTime() - cpuStart;
        long allocated = JavaThreadsCpu.allocatedBytes() - allocStart;
        long gc = JavaThreadsCpu.gcMillis() - gcStart;
        boolean collected = JavaThreadsCpu.gcCount() != gcCountStart;
        long gcCpu = JavaThreadsCpu.collectorNanos() - gcCpuStart;
        if (round >= warm) {
          int at = round - warm;
          long transfers = (long) blockCalls * (configuration.copies() != null ? configuration.copies().copies() : 1);
          perSecond[c][at] = transfers * 1e9 / nanos;
          gcBlocks[c] += collected ? 1 : 0;
          cpuPerTx[c][at] = processCpu / 1e3 / transfers;
          allocPerTx[c][at] = (double) allocated / transfers;
          if (executor != null) {
            phaseSums[c] = phaseSums[c].plus(executor.phases().minus(phasesBefore));
          }
          gcMillis[c] += gc;
          gcCpuNanos[c] += gcCpu;
          if (c == 0) {
            perCpuSecond[at] = blockCalls * 1e9 / Math.max(1, ownCpu);
          }
        }
      }
      for (int c = 1; c < count; c++) { // after every configuration ran: the check is not timed, nor in between
        if (!results[c].equals(results[0])) {
          mismatches++;
        }
      }
      if (!bracket.equals(results[0])) {
        mismatches++;
      }
      if (round >= warm) {
        int at = round - warm;
        serialDrift[at] = serialLast / serialFirst;
        for (int c = 0; c < count; c++) {
          serialAt[c][at] = c == SERIAL ? serialFirst
              : interpolate(midNanos[SERIAL], serialFirst, serialLastMid, serialLast, midNanos[c]);
        }
      } else if (round < serialWarmup.length) {
        serialWarmup[round] = serialFirst;
      }
      // The last warm-up round: while the JIT compiled during it, warm up one more (at most twice
      // --warmup in all), so that the measured rounds run compiled code (session 11: on a loaded
      // machine the compiler threads lag and a round ran at a third of its compiled speed).
      // Session 18: likewise while serial's last three warm-up rounds differ by more than
      // SERIAL_STABLE (max over min of their transfers/s): its loop is not yet at its steady speed.
      if (round == warm - 1 && warm < 2 * warmup
          && (jitMillis() > jitBefore || warmupSpread(serialWarmup, warm) > SERIAL_STABLE)) {
        warm++;
      }
    }
    return new RateRounds(perSecond, cpuPerTx, allocPerTx, perCpuSecond, gcMillis, gcCpuNanos, gcBlocks, phaseSums,
        mismatches, warm, jitMillis() - jitAtMeasure, serialAt, serialDrift, warmupSpread(serialWarmup, warm));
  }

  /**
   * The configuration that runs at place {@code turn} (0..{@code count}) of round {@code round}:
   * serial first and last, the other {@code count - 1} between, each taking each of those places in
   * turn from round to round (session 18; until then all {@code count} rotated, serial included).
   */
  static int configurationAt(int round, int turn, int count) {
    return turn == 0 || turn == count ? SERIAL : 1 + (round + turn - 1) % (count - 1);
  }

  /** Serial's speed counts as settled once its last three warm-up rounds lie within this ratio (max / min). */
  static final double SERIAL_STABLE = 1.10;

  /** Max over min of serial's transfers/s in the last three of the first {@code warm} warm-up rounds (1 with fewer). */
  static double warmupSpread(double[] serialWarmup, int warm) {
    int end = Math.min(warm, serialWarmup.length);
    if (end < 3) {
      return 1;
    }
    double min = Double.MAX_VALUE;
    double max = 0;
    for (int r = end - 3; r < end; r++) {
      min = Math.min(min, serialWarmup[r]);
      max = Math.max(max, serialWarmup[r]);
    }
    return max / min;
  }

  /**
   * Serial's transfers/s at time {@code t}, on the line through its two runs of the round ({@code
   * v1} at {@code t1}, {@code v2} at {@code t2}): the base of a configuration's per-round ratio.
   */
  static double interpolate(long t1, double v1, long t2, double v2, long t) {
    if (t2 == t1) {
      return v1;
    }
    return v1 + (v2 - v1) * (double) (t - t1) / (t2 - t1);
  }

  /**
   * The calls of a block of the round (seed {@code blockSeed}) as a configuration gets them, made
   * on the calling thread: a serial copy's block (see {@link SerialCopies#prepare}), decoded from
   * its transactions' encodings as a ledger would for the {@code ledger} modes.
   */
  private List<ContractCall> blockCalls(TransferWorkload workload, long blockSeed, double rate, boolean declare,
      boolean ledger) {
    SplittableRandom random = new SplittableRandom(blockSeed);
    if (ledger) {
      return TransferWorkload.decoded(workload.encodedBlock(random, blockCalls, rate, declare),
          callsMadeBy.equals("ledger-eager"));
    }
    return callsMadeBy.equals("runner") ? workload.lazyBlock(random, blockCalls, rate, declare)
        : workload.block(random, blockCalls, rate, declare);
  }

  /**
   * One rate's runs over the measured rounds of every repeat: each configuration's medians over
   * all of them, the serial medians the ratios' base, and the spread of the speedup (per round
   * against serial's of the same round, and per repeat). Since session 17 also each
   * configuration's speedup over serial on the same declared blocks and its share of its ceiling,
   * each the median over the rounds of its rate over the other's in the same round.
   */
  private RateMeasurement summarize(double rate, List<Configuration> configurations, List<RateRounds> repeated) {
    int count = configurations.size();
    double[][] perSecond = new double[count][];
    double[][] cpuPerTx = new double[count][];
    double[][] allocPerTx = new double[count][];
    double[][] paired = new double[count][];
    long[] gcMillis = new long[count];
    long[] gcCpuNanos = new long[count];
    int[] gcBlocks = new int[count];
    ExecutorPhases[] phaseSums = new ExecutorPhases[count];
    Arrays.fill(phaseSums, ExecutorPhases.NONE);
    for (int c = 0; c < count; c++) {
      int at = c;
      perSecond[c] = concat(repeated, rounds -> rounds.perSecond()[at]);
      cpuPerTx[c] = concat(repeated, rounds -> rounds.cpuPerTx()[at]);
      allocPerTx[c] = concat(repeated, rounds -> rounds.allocPerTx()[at]);
      paired[c] = pairedRatios(perSecond[c], concat(repeated, rounds -> rounds.serialAt()[at]));
      for (RateRounds rounds : repeated) {
        gcMillis[c] += rounds.gcMillis()[c];
        gcCpuNanos[c] += rounds.gcCpuNanos()[c];
        gcBlocks[c] += rounds.gcBlocks()[c];
        phaseSums[c] = phaseSums[c].plus(rounds.phaseSums()[c]);
      }
    }
    double serialMedian = median(perSecond[SERIAL]);
    double serialCpu = median(cpuPerTx[SERIAL]);
    List<ContractRun> runs = new ArrayList<>();
    double blocks = perSecond[SERIAL].length;
    for (int c = 0; c < count; c++) {
      Configuration configuration = configurations.get(c);
      double transfers = blocks * blockCalls * (configuration.copies() != null ? configuration.copies().copies() : 1);
      double median = median(perSecond[c]);
      double cpu = median(cpuPerTx[c]);
      double[] perRepeat = new double[repeated.size()];
      for (int r = 0; r < perRepeat.length; r++) {
        perRepeat[r] = repeated.get(r).speedup(c);
      }
      ContractRun.Spread spread = new ContractRun.Spread(quantile(paired[c], 0.1), quantile(paired[c], 0.5),
          quantile(paired[c], 0.9), perRepeat, paired[c]);
      int ceiling = ceilingOf(configurations, c);
      runs.add(new ContractRun(configuration.name(), configuration.threads(), rate, median, median / serialMedian, cpu,
          cpu / serialCpu, median(allocPerTx[c]), gcMillis[c] * 1e3 / transfers, gcCpuNanos[c] / 1e3 / transfers,
          gcBlocks[c], spread, median(pairedRatios(perSecond[c], perSecond[SERIAL_DECLARED])),
          ceiling < 0 ? Double.NaN : median(pairedRatios(perSecond[c], perSecond[ceiling]))));
    }
    List<PhaseRow> phaseRows = new ArrayList<>();
    for (int c = 0; c < count; c++) {
      if (!configurations.get(c).baseline() && phaseSums[c].calls() > 0) {
        phaseRows.add(new PhaseRow(configurations.get(c).name(), configurations.get(c).threads(), rate, phaseSums[c]));
      }
    }
    int mismatches = repeated.stream().mapToInt(RateRounds::mismatches).sum();
    RateRounds last = repeated.getLast();
    double[] drift = concat(repeated, RateRounds::serialDrift);
    for (int i = 0; i < drift.length; i++) {
      drift[i] = Math.abs(drift[i] - 1);
    }
    return new RateMeasurement(runs, median(concat(repeated, RateRounds::perCpuSecond)), mismatches, phaseRows,
        last.warmupRounds(), repeated.stream().mapToLong(RateRounds::jitMillis).sum(), quantile(drift, 0.5),
        quantile(drift, 0.9), last.serialWarmupSpread());
  }

  /** {@code rates[i] / base[i]} for every round {@code i}: a configuration against another in the same round. */
  static double[] pairedRatios(double[] rates, double[] base) {
    double[] ratios = new double[rates.length];
    for (int i = 0; i < ratios.length; i++) {
      ratios[i] = rates[i] / base[i];
    }
    return ratios;
  }

  private static double[] concat(List<RateRounds> repeated, java.util.function.Function<RateRounds, double[]> part) {
    return repeated.stream().map(part).flatMapToDouble(Arrays::stream).toArray();
  }

  /** One repeat's line per parallel configuration (with --repeats above 1): its speedup in that repeat alone. */
  private String repeatLine(int repeat, double rate, List<Configuration> configurations, RateRounds rounds) {
    StringBuilder line = new StringBuilder(String.format("  repeat %d/%d  %5.1f%% conflicts:", repeat + 1, repeats,
        rate * 100));
    for (int c = 0; c < configurations.size(); c++) {
      if (!configurations.get(c).baseline()) {
        line.append(String.format("  %s %d threads %.2fx", configurations.get(c).name(), configurations.get(c).threads(),
            rounds.speedup(c)));
      }
    }
    return line.toString();
  }

  /** The spread of a configuration's speedup: per round over serial's of the same round, and per repeat. */
  private static String spreadLine(ContractRun run) {
    ContractRun.Spread spread = run.spread();
    StringBuilder repeatsText = new StringBuilder();
    for (double speedup : spread.repeats()) {
      repeatsText.append(repeatsText.isEmpty() ? "" : ", ").append(String.format("%.2fx", speedup));
    }
    return String.format("  spread    %-18s %2d threads  %5.1f%% conflicts  per round over serial's: p10 %.2fx"
        + "  median %.2fx  p90 %.2fx;  per repeat: %s", run.executor(), run.threads(), run.conflictRate() * 100,
        spread.pairedP10(), spread.pairedMedian(), spread.pairedP90(), repeatsText);
  }

  private List<BlockExecutor> startExecutors(List<Integer> threadCounts) {
    List<BlockExecutor> started = new ArrayList<>();
    for (String executor : executors) {
      for (int count : threadCounts) {
        started.add(switch (executor) {
          case "declared" -> phases ? BlockExecutor.declaredWithPhases(BuiltIns.codeBook(), count)
              : BlockExecutor.declared(BuiltIns.codeBook(), count);
          case "declared-after" -> BlockExecutor.declaredDecidingAfter(BuiltIns.codeBook(), count);
          case "declared-fixed" -> BlockExecutor.declaredFixed(BuiltIns.codeBook(), count, phases);
          case "declared-pinned" -> BlockExecutor.declaredPinned(BuiltIns.codeBook(), count, phases);
          case "declared-last" -> BlockExecutor.declaredCallerLast(BuiltIns.codeBook(), count, phases);
          default -> BlockExecutor.optimistic(BuiltIns.codeBook(), count);
        });
      }
    }
    return started;
  }

  private List<Integer> validate() {
    if (blockCalls < 1 || rounds < 1 || warmup < 0 || repeats < 1 || forks < 0) {
      throw new ParameterException(spec.commandLine(),
          "--block-calls, --rounds and --repeats must be at least 1, --warmup and --forks at least 0");
    }
    for (double rate : rates) {
      if (!(rate >= 0 && rate <= 1)) {
        throw new ParameterException(spec.commandLine(), "--rates must be between 0 and 1, was " + rate);
      }
    }
    if (!List.of("caller", "runner", "ledger", "ledger-eager").contains(callsMadeBy)) {
      throw new ParameterException(spec.commandLine(),
          "--calls-made-by must be caller, runner, ledger or ledger-eager, was " + callsMadeBy);
    }
    for (String executor : executors) {
      if (!List.of("declared", "declared-fixed", "declared-pinned", "declared-after", "declared-last", "block-stm")
          .contains(executor)) {
        throw new ParameterException(spec.commandLine(), "unknown executor '" + executor
            + "': declared, declared-fixed, declared-pinned, declared-after, declared-last or block-stm");
      }
    }
    if (threads != null) {
      if (threads.stream().anyMatch(count -> count < 1 || count > 1024)) {
        throw new ParameterException(spec.commandLine(), "--threads must be 1..1024");
      }
      return threads.stream().distinct().sorted().toList();
    }
    TreeSet<Integer> counts = new TreeSet<>(List.of(1, 2));
    int processors = Runtime.getRuntime().availableProcessors();
    for (int count = 4; count < processors; count *= 2) {
      counts.add(count);
    }
    counts.add(processors);
    return List.copyOf(counts);
  }

  private Json.Obj report(List<ContractRun> runs, String loadBefore, String loadAfter, int mismatches) {
    Json.Arr array = Json.array();
    runs.forEach(run -> array.add(run.toJson()));
    return Json.object()
        .put("benchmark", "contracts")
        .put("block_calls", blockCalls)
        .put("rounds", rounds)
        .put("repeats", repeats)
        .put("calls_made_by", callsMadeBy)
        .put("warmup_rounds", warmup)
        .put("runs", array)
        .put("mismatches", mismatches)
        .put("targets", Json.object()
            .put("speedup_at_most_1pct_conflicts_2_threads", SPEEDUP_TARGET_LOW_CONFLICT)
            .put("speedup_at_50pct_conflicts", SPEEDUP_TARGET_HALF_CONFLICT)
            .put("serial_tx_per_s", SERIAL_TARGET_PER_S))
        .put("machine", Json.object()
            .put("processors", Runtime.getRuntime().availableProcessors())
            .put("java", Runtime.version().toString())
            .put("load_average_before", loadBefore)
            .put("load_average_after", loadAfter));
  }

  /** The {@code q} quantile of {@code values} (linear between the two nearest ranks). */
  static double quantile(double[] values, double q) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double rank = q * (sorted.length - 1);
    int below = (int) Math.floor(rank);
    int above = Math.min(sorted.length - 1, below + 1);
    return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
  }

  private static Path temporaryDirectory() {
    try {
      return Files.createTempDirectory("cairn-bench-contracts");
    } catch (IOException e) {
      throw CairnIoException.wrap("create a temporary directory", e);
    }
  }
}
