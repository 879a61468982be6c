package io.cairn.chain.contract;

import java.util.Arrays;

/**
 * Where a parallel executor's threads spent their time, summed over every block since it was
 * made: for each thread and {@link Phase}, the CPU time and the wall time, the calls each thread
 * ran (since session 11, so that a call's cost on each thread can be told apart), and the blocks
 * and calls executed. An executor keeps these only when made to ({@link
 * BlockExecutor#declaredWithPhases}); reading the clocks costs about a microsecond per phase
 * boundary, a few per block and thread. The bench takes two snapshots and prints the {@link
 * #minus difference} per call.
 *
 * <p>Thread-safety: immutable.
 */
public final class ExecutorPhases {
  /** Nothing measured: what an executor that keeps no phases returns. */
  public static final ExecutorPhases NONE = new ExecutorPhases(new long[0][], new long[0][], new long[0], 0, 0);

  /** The phases of the declared-set executor's block, in the order a block goes through them. */
  public enum Phase {
    /** The caller before the threads start: finding the runs, sizing the tables, cutting the stretches. */
    PREPARE("prepare"),
    /** A pool thread from the hand-off until its stretch starts (wall only: its CPU is the spin before). */
    HAND_OFF("hand-off"),
    /** Deciding which calls to defer: each stretch's pass over its calls' declared keys. */
    PLAN("plan"),
    /** A stretch waiting for the stretch before it to finish its plan. */
    WAIT_PLAN("wait-plan"),
    /** Running a stretch's calls into its buffer (its receipts included). */
    RUN("run"),
    /**
     * A thread done with its stretch running chunks it took from the back of another's (session
     * 18), and looking for more.
     */
    STEAL("steal"),
    /** The caller waiting for the pool threads to finish their stretches. */
    JOIN("join"),
    /** The caller running the deferred calls after the threads. */
    DEFERRED("deferred"),
    /** Joining the buffers into the block's writes and building the result. */
    MERGE("merge");

    private final String label;

    Phase(String label) {
      this.label = label;
    }

    /** The phase's name in the bench's output and JSON. */
    public String label() {
      return label;
    }
  }

  private final long[][] cpuNanos;
  private final long[][] wallNanos;
  private final long[] ran;
  private final long blocks;
  private final long calls;

  /**
   * Phases from per-thread, per-phase sums ({@code cpuNanos[thread][phase.ordinal()]}, the same for
   * wall time) and the calls each thread ran in {@link Phase#RUN} ({@code ran[thread]}); the
   * arrays are copied.
   */
  public ExecutorPhases(long[][] cpuNanos, long[][] wallNanos, long[] ran, long blocks, long calls) {
    if (cpuNanos.length != wallNanos.length || cpuNanos.length != ran.length) {
      throw new io.cairn.common.InvalidArgumentException("one row of CPU, wall and calls per thread");
    }
    this.cpuNanos = copy(cpuNanos);
    this.wallNanos = copy(wallNanos);
    this.ran = ran.clone();
    this.blocks = blocks;
    this.calls = calls;
  }

  /** CPU time of all threads in {@code phase}, in nanoseconds (0 for {@link Phase#HAND_OFF}). */
  public long cpuNanos(Phase phase) {
    long sum = 0;
    for (int t = 0; t < threads(); t++) {
      sum += cpuNanos(t, phase);
    }
    return sum;
  }

  /** Wall time of all threads in {@code phase} together, in nanoseconds. */
  public long wallNanos(Phase phase) {
    long sum = 0;
    for (int t = 0; t < threads(); t++) {
      sum += wallNanos(t, phase);
    }
    return sum;
  }

  /** How many threads' rows these phases hold (thread 0 is the caller). */
  public int threads() {
    return cpuNanos.length;
  }

  /** CPU time of thread {@code thread} in {@code phase}, in nanoseconds. */
  public long cpuNanos(int thread, Phase phase) {
    return cpuNanos[thread][phase.ordinal()];
  }

  /** Wall time of thread {@code thread} in {@code phase}, in nanoseconds. */
  public long wallNanos(int thread, Phase phase) {
    return wallNanos[thread][phase.ordinal()];
  }

  /**
   * How many calls thread {@code thread} ran in {@link Phase#RUN} (its stretches' calls that were
   * not deferred; on the caller also the calls it ran alone): with {@link #cpuNanos(int, Phase)}
   * what one call cost each thread.
   */
  public long ranCalls(int thread) {
    return ran[thread];
  }

  public long blocks() {
    return blocks;
  }

  public long calls() {
    return calls;
  }

  /** What was measured since {@code earlier} (a snapshot of the same executor, or {@link #NONE}). */
  public ExecutorPhases minus(ExecutorPhases earlier) {
    return combine(earlier, -1);
  }

  /** The sum of this and {@code other} (of the same executor, or {@link #NONE}). */
  public ExecutorPhases plus(ExecutorPhases other) {
    return combine(other, 1);
  }

  private ExecutorPhases combine(ExecutorPhases other, int sign) {
    int threads = Math.max(threads(), other.threads());
    int phases = Phase.values().length;
    long[][] cpu = new long[threads][phases];
    long[][] wall = new long[threads][phases];
    long[] calls = new long[threads];
    for (int t = 0; t < threads; t++) {
      for (int p = 0; p < phases; p++) {
        cpu[t][p] = at(cpuNanos, t, p) + sign * at(other.cpuNanos, t, p);
        wall[t][p] = at(wallNanos, t, p) + sign * at(other.wallNanos, t, p);
      }
      calls[t] = (t < threads() ? ran[t] : 0) + sign * (t < other.threads() ? other.ran[t] : 0);
    }
    return new ExecutorPhases(cpu, wall, calls, blocks + sign * other.blocks, this.calls + sign * other.calls);
  }

  private static long at(long[][] rows, int thread, int phase) {
    return thread < rows.length ? rows[thread][phase] : 0;
  }

  private static long[][] copy(long[][] rows) {
    long[][] copied = new long[rows.length][];
    for (int t = 0; t < rows.length; t++) {
      if (rows[t].length != Phase.values().length) {
        throw new io.cairn.common.InvalidArgumentException("a row holds one sum per phase");
      }
      copied[t] = rows[t].clone();
    }
    return copied;
  }

  @Override
  public String toString() {
    return "ExecutorPhases[blocks=" + blocks + ", calls=" + calls + ", cpu=" + Arrays.deepToString(cpuNanos)
        + ", wall=" + Arrays.deepToString(wallNanos) + ", ran=" + Arrays.toString(ran) + "]";
  }
}
