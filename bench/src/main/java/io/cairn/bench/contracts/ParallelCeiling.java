package io.cairn.bench.contracts;

import static io.cairn.bench.report.Median.median;

import io.cairn.chain.contract.BlockExecutor;
import io.cairn.chain.contract.BlockResult;
import io.cairn.chain.contract.ContractCall;
import io.cairn.chain.contract.ContractStore;
import io.cairn.chain.contract.LazyBlock;
import io.cairn.chain.contract.ReceiptStatus;
import io.cairn.chain.contract.builtin.BuiltIns;
import io.cairn.node.api.Json;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * How much this machine lets {@code t} threads speed up work that needs no coordination at all,
 * measured in the same JVM and harness as the executors: the ceiling a parallel executor is held
 * against. Kernels, each cut into {@code t} equal slices run at the same time on {@code t}
 * threads (the caller and {@code t - 1} started here), against the same work on one thread:
 *
 * <ul>
 *   <li>{@code compute}: a loop of multiply-xorshift steps on registers (no memory, no allocation):
 *       what the cores alone allow. One chain of dependent steps waits on each step's latency and
 *       leaves most of a core's execution units idle, so two such threads also run at full speed
 *       on the two hardware threads (SMT siblings) of one physical core;
 *   <li>{@code compute-wide}: the same steps as eight independent chains, which fill a core's
 *       execution units: on two separate cores it reaches about 2x, on two hardware threads of one
 *       core far less. Beside {@code compute} it tells whether the machine's two CPUs are two cores;
 *   <li>{@code transfers}: a block of independent transfers (0 % conflicts) like the benchmark's,
 *       fresh for every run and built just before it on the measuring thread (as the executors'
 *       blocks are), each slice executed by a serial executor against the shared store: the
 *       executors' exact work (allocation, cache reads, receipts, fetching the block from the core
 *       that built it) with no plan, no hand-off and nothing shared but the read-only state and
 *       the block, which the measuring thread's core built. No executor can beat it on blocks
 *       built so. (Until session 5 it ran the same block every round, so each core kept its slice
 *       in its cache, which no executor on a fresh block can match.)
 *   <li>{@code transfers-declared}: the same on blocks whose calls declare their sets, as the
 *       task-parallel executor gets them: what checking every access against the declared keys
 *       and the larger block cost, apart from any coordination.
 *   <li>{@code transfers-own} and {@code transfers-declared-own} (session 13): the same blocks,
 *       but each slice's calls made (untimed, before the clock starts) by the thread that runs the
 *       slice, so that each core finds its slice in its own cache: two threads' independent work
 *       with nothing shared but the read-only state. Against {@code transfers} on 2 threads it
 *       tells what fetching a block built on another core costs.
 * </ul>
 *
 * <p>Every {@code transfers*} row also gives its ops/s over the {@code transfers} kernel's on one
 * thread ({@code speedup_vs_transfers_1_thread}), the baseline the executors' {@code
 * speedup_vs_serial} is over (serial on blocks without declared sets), and the CPU per operation
 * of the caller's slice (whose core made the block, for {@code transfers}) and of the others.
 *
 * <p>Each kernel reports its operations per second (wall clock, median over the rounds), that over
 * the one-thread figure of the same rounds, and the summed CPU time of its threads per operation
 * over one thread's: a ratio above 1 is what running beside another thread costs each thread here
 * (shared caches, memory bandwidth, or two virtual CPUs on one physical core). Beside them the
 * bytes its threads allocated per operation and the collector's time per operation over the
 * measured rounds: the collector's pauses stop every thread, so they cost a run on 2 threads as
 * much wall time as a run on 1 and cap the speedup (Amdahl), while the CPU figure leaves them out.
 */
final class ParallelCeiling {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  /**
   * Steps of the compute kernel per transfer of the block, so that a compute round lasts about as
   * long as a block of transfers (a step is about 1 ns on a current core, a transfer 1-2 us).
   */
  private static final long COMPUTE_STEPS_PER_TRANSFER = 2_000;

  /** One kernel at one thread count. */
  record Row(String kernel, int threads, double opsPerSecond, double speedup, double cpuNanosPerOp, double cpuRatio,
      double allocBytesPerOp, double gcNanosPerOp, double gcCpuNanosPerOp, double callerCpuNanosPerOp,
      double othersCpuNanosPerOp, double speedupVsTransfers) {
    /** This row with its ops/s over the {@code transfers} kernel's on 1 thread (the executors' serial baseline). */
    Row vsTransfers(double transfersOnOneThread) {
      return new Row(kernel, threads, opsPerSecond, speedup, cpuNanosPerOp, cpuRatio, allocBytesPerOp, gcNanosPerOp,
          gcCpuNanosPerOp, callerCpuNanosPerOp, othersCpuNanosPerOp, opsPerSecond / transfersOnOneThread);
    }

    Json.Obj toJson() {
      return Json.object()
          .put("kernel", kernel)
          .put("threads", threads)
          .put("ops_per_s", Math.round(opsPerSecond))
          .put("speedup_vs_1_thread", Json.round(speedup, 3))
          .put("speedup_vs_transfers_1_thread", Json.round(speedupVsTransfers, 3))
          .put("cpu_ns_per_op_caller", Json.round(callerCpuNanosPerOp, 3))
          .put("cpu_ns_per_op_other_threads", Json.round(othersCpuNanosPerOp, 3))
          .put("cpu_ns_per_op", Json.round(cpuNanosPerOp, 3))
          .put("cpu_vs_1_thread", Json.round(cpuRatio, 3))
          .put("alloc_bytes_per_op", Json.round(allocBytesPerOp, 1))
          .put("gc_ns_per_op", Json.round(gcNanosPerOp, 1))
          .put("gc_cpu_ns_per_op", Json.round(gcCpuNanosPerOp, 1));
    }
  }

  /** A kernel's work: slice {@code slice} of {@code slices}; returns something the JIT cannot drop. */
  private interface Kernel {
    long run(int slice, int slices);

    /** Called before each timed run, on the measuring thread (not timed). */
    default void prepare() {}

    /** Called before each timed run on the thread that runs slice {@code slice}, before the clock starts. */
    default void prepareSlice(int slice, int slices) {}
  }

  /**
   * The transfers kernel: each run on a fresh independent block, whose calls are made before the
   * clock starts: all of them on the measuring thread, as the executors' blocks are ({@code
   * transfers}), or each slice's by the thread that runs it ({@code transfers-own}, session 13), so
   * that no run finds its slice already in its core's cache from the run before, and in the
   * second case every slice is in its own core's cache, nothing fetched from another's.
   */
  private static final class Transfers implements Kernel {
    private final Supplier<LazyBlock> blocks;
    private final ContractStore store;
    private final BlockExecutor serial;
    private final boolean own;
    private LazyBlock block;

    Transfers(Supplier<LazyBlock> blocks, ContractStore store, BlockExecutor serial, boolean own) {
      this.blocks = blocks;
      this.store = store;
      this.serial = serial; // one executor for every slice will do: the serial executor keeps no state between blocks
      this.own = own;
    }

    @Override
    public void prepare() {
      block = blocks.get();
      if (!own) {
        make(0, block.size());
      }
    }

    @Override
    public void prepareSlice(int slice, int slices) {
      if (own) {
        make(from(slice, slices), from(slice + 1, slices));
      }
    }

    private void make(int from, int to) {
      for (int i = from; i < to; i++) {
        block.get(i);
      }
    }

    private int from(int slice, int slices) {
      return (int) ((long) block.size() * slice / slices);
    }

    @Override
    public long run(int slice, int slices) {
      int from = from(slice, slices);
      int to = from(slice + 1, slices);
      BlockResult result = serial.execute(block.subList(from, to), store);
      if (result.count(ReceiptStatus.OK) != to - from) {
        throw new IllegalStateException("a ceiling transfer failed: " + result.receipts().getFirst());
      }
      return result.unsortedWrites().size();
    }
  }

  private static final AtomicLong SINK = new AtomicLong();

  private ParallelCeiling() {}

  /**
   * Measures the kernels at 1 thread and at each of {@code threadCounts} above 1, {@code rounds}
   * rounds after {@code warmup}: the transfers kernel on blocks from {@code blocks} (independent
   * transfers without declared sets) and, as {@code transfers-declared}, on blocks from {@code
   * declaredBlocks} (the same with declared sets, as the task-parallel executor gets them: each
   * access checked against them), against {@code store}.
   */
  static List<Row> measure(List<Integer> threadCounts, int rounds, int warmup, int blockCalls,
      Supplier<LazyBlock> blocks, Supplier<LazyBlock> declaredBlocks, ContractStore store) {
    List<Row> rows = new ArrayList<>();
    long steps = COMPUTE_STEPS_PER_TRANSFER * blockCalls;
    rows.addAll(measure(List.of(
        new Named("compute", steps, (slice, slices) -> compute(steps / slices, slice)),
        new Named("compute-wide", steps, (slice, slices) -> computeWide(steps / slices, slice))),
        threadCounts, rounds, warmup));
    List<Row> transfers;
    try (BlockExecutor serial = BlockExecutor.serial(BuiltIns.codeBook())) {
      transfers = measure(List.of(
          new Named("transfers", blockCalls, new Transfers(blocks, store, serial, false)),
          new Named("transfers-declared", blockCalls, new Transfers(declaredBlocks, store, serial, false)),
          new Named("transfers-own", blockCalls, new Transfers(blocks, store, serial, true)),
          new Named("transfers-declared-own", blockCalls, new Transfers(declaredBlocks, store, serial, true))),
          threadCounts, rounds, warmup);
    }
    double serialRate = transfers.getFirst().opsPerSecond(); // transfers on 1 thread: the executors' baseline
    transfers.forEach(row -> rows.add(row.vsTransfers(serialRate)));
    return rows;
  }

  /** A kernel with its name and operations per run. */
  private record Named(String name, long ops, Kernel kernel) {}

  /**
   * Measures the kernels of one group at 1 thread and each count of {@code threadCounts} above 1,
   * interleaved: each round runs every kernel at every count, the kernels' order rotating from
   * round to round (session 13; until then each kernel ran all its rounds before the next began,
   * so the rows of one run compared minutes the machine spent differently).
   */
  private static List<Row> measure(List<Named> kernels, List<Integer> threadCounts, int rounds, int warmup) {
    List<Integer> counts = new ArrayList<>(List.of(1));
    threadCounts.stream().filter(count -> count > 1).forEach(counts::add);
    int k = kernels.size();
    int n = counts.size();
    double[][][] perSecond = new double[k][n][rounds];
    double[][][] cpuPerOp = new double[k][n][rounds];
    double[][][] allocPerOp = new double[k][n][rounds];
    double[][][] callerCpuPerOp = new double[k][n][rounds];
    double[][][] othersCpuPerOp = new double[k][n][rounds];
    long[][] gcMillis = new long[k][n];
    long[][] gcCpuNanos = new long[k][n];
    for (int round = 0; round < warmup + rounds; round++) {
      for (int turn = 0; turn < k; turn++) {
        int e = (round + turn) % k;
        Kernel kernel = kernels.get(e).kernel();
        long ops = kernels.get(e).ops();
        for (int c = 0; c < n; c++) {
          kernel.prepare();
          long gcCpuStart = JavaThreadsCpu.collectorNanos();
          long gcStart = JavaThreadsCpu.gcMillis();
          long[] measured = runOnce(kernel, counts.get(c));
          long gc = JavaThreadsCpu.gcMillis() - gcStart;
          long gcCpu = JavaThreadsCpu.collectorNanos() - gcCpuStart;
          if (round >= warmup) {
            int at = round - warmup;
            perSecond[e][c][at] = ops * 1e9 / measured[0];
            cpuPerOp[e][c][at] = (double) measured[1] / ops;
            allocPerOp[e][c][at] = (double) measured[2] / ops;
            int threads = counts.get(c);
            double sliceOps = (double) ops / threads; // the slices are equal (to an op)
            callerCpuPerOp[e][c][at] = measured[3] / sliceOps;
            othersCpuPerOp[e][c][at] = threads == 1 ? measured[3] / sliceOps
                : (measured[1] - measured[3]) / (sliceOps * (threads - 1));
            gcMillis[e][c] += gc;
            gcCpuNanos[e][c] += gcCpu;
          }
        }
      }
    }
    List<Row> rows = new ArrayList<>();
    for (int e = 0; e < k; e++) {
      long ops = kernels.get(e).ops();
      double one = median(perSecond[e][0]);
      double oneCpu = median(cpuPerOp[e][0]);
      for (int c = 0; c < n; c++) {
        double median = median(perSecond[e][c]);
        double cpu = median(cpuPerOp[e][c]);
        rows.add(new Row(kernels.get(e).name(), counts.get(c), median, median / one, cpu, cpu / oneCpu,
            median(allocPerOp[e][c]), gcMillis[e][c] * 1e6 / ((double) rounds * ops),
            (double) gcCpuNanos[e][c] / ((double) rounds * ops), median(callerCpuPerOp[e][c]),
            median(othersCpuPerOp[e][c]), Double.NaN));
      }
    }
    return rows;
  }

  /**
   * Runs the {@code threads} slices at once; returns {wall nanoseconds, summed thread CPU
   * nanoseconds, summed bytes the threads allocated, the caller's (slice 0's) CPU nanoseconds}.
   * The threads are started before the clock, which starts when a barrier releases them together.
   */
  private static long[] runOnce(Kernel kernel, int threads) {
    AtomicLong cpu = new AtomicLong();
    AtomicLong allocated = new AtomicLong();
    CyclicBarrier start = new CyclicBarrier(threads);
    AtomicReference<RuntimeException> failed = new AtomicReference<>();
    List<Thread> started = new ArrayList<>();
    for (int slice = 1; slice < threads; slice++) {
      int mine = slice;
      started.add(Thread.ofPlatform().name("ceiling-" + slice).start(() -> {
        try {
          runSlice(kernel, mine, threads, start, cpu, allocated, new long[1]);
        } catch (RuntimeException e) {
          failed.compareAndSet(null, e);
        }
      }));
    }
    long[] callerRun = new long[1];
    long wallStart = runSlice(kernel, 0, threads, start, cpu, allocated, callerRun);
    for (Thread thread : started) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while measuring the ceiling", e);
      }
    }
    if (failed.get() != null) {
      throw failed.get();
    }
    return new long[] {System.nanoTime() - wallStart, cpu.get(), allocated.get(), callerRun[0]};
  }

  /**
   * Prepares slice {@code slice} on this thread, then runs it once the barrier opens; returns when
   * it opened ({@code System.nanoTime}) and puts this thread's CPU nanoseconds for the run into
   * {@code ownCpu[0]}.
   */
  private static long runSlice(Kernel kernel, int slice, int slices, CyclicBarrier start, AtomicLong cpu,
      AtomicLong allocated, long[] ownCpu) {
    kernel.prepareSlice(slice, slices);
    try {
      start.await();
    } catch (InterruptedException | java.util.concurrent.BrokenBarrierException e) {
      throw new IllegalStateException("the ceiling threads could not start together", e);
    }
    long opened = System.nanoTime();
    long allocatedBefore = allocatedByThisThread();
    long before = THREADS.getCurrentThreadCpuTime();
    SINK.addAndGet(kernel.run(slice, slices));
    ownCpu[0] = THREADS.getCurrentThreadCpuTime() - before;
    cpu.addAndGet(ownCpu[0]);
    allocated.addAndGet(allocatedByThisThread() - allocatedBefore);
    return opened;
  }

  /** What the calling thread allocated so far, in bytes (0 where the JVM cannot tell). */
  private static long allocatedByThisThread() {
    return THREADS instanceof com.sun.management.ThreadMXBean threads ? Math.max(0, threads.getCurrentThreadAllocatedBytes())
        : 0;
  }

  /** {@code steps} steps of a multiply-xorshift generator seeded by {@code slice}. */
  private static long compute(long steps, int slice) {
    long x = 0x9e3779b97f4a7c15L + slice;
    for (long i = 0; i < steps; i++) {
      x = step(x, i);
    }
    return x;
  }

  /**
   * {@code steps} steps (rounded down to a multiple of 8) of eight independent multiply-xorshift
   * chains, one step of each per iteration: the chains do not wait on each other, so a core runs
   * their steps side by side as far as its execution units allow.
   */
  private static long computeWide(long steps, int slice) {
    long a = 0x9e3779b97f4a7c15L + slice;
    long b = a * 3;
    long c = a * 5;
    long d = a * 7;
    long e = a * 11;
    long f = a * 13;
    long g = a * 17;
    long h = a * 19;
    for (long i = 0; i + 8 <= steps; i += 8) {
      a = step(a, i);
      b = step(b, i);
      c = step(c, i);
      d = step(d, i);
      e = step(e, i);
      f = step(f, i);
      g = step(g, i);
      h = step(h, i);
    }
    return a ^ b ^ c ^ d ^ e ^ f ^ g ^ h;
  }

  /** One multiply-xorshift step of {@link #compute}. */
  private static long step(long x, long i) {
    x ^= x << 13;
    x ^= x >>> 7;
    x ^= x << 17;
    return x * 0xbf58476d1ce4e5b9L + i;
  }
}
