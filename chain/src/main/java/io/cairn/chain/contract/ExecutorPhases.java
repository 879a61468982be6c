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

  /**
   * Counts per thread beside the phases (session 19): how the stretches' chunks were taken, and
   * each thread's idle wall time at the join. Counted only where phases are measured.
   */
  public enum Count {
    /** Chunks of the stretch this thread ran. */
    CHUNKS("chunks"),
    /** Of them, chunks no other thread may take (see {@code Stretch}). */
    PINNED("pinned"),
    /** Chunks this thread took from other threads' stretches. */
    TAKEN("taken"),
    /** Chunks of this thread's stretch that another thread took. */
    TAKEN_FROM("taken_from"),
    /** Calls deferred because the chunk they lie in was taken (session 19). */
    DEFERRED_TAKEN("deferred_taken"),
    /** Calls this thread's stretch deferred in its planning pass. */
    DEFERRED_PLANNED("deferred_planned"),
    /** Wall nanoseconds from this thread's end of a run to the last thread's: its idle time at the join. */
    JOIN_IDLE_NANOS("join_idle_ns");

    private final String label;

    Count(String label) {
      this.label = label;
    }

    /** The count's name in the bench's output and JSON. */
    public String label() {
      return label;
    }
  }

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
  private final long[][] counts;
  private final long blocks;
  private final long calls;

  /**
   * Phases from per-thread, per-phase sums ({@code cpuNanos[thread][phase.ordinal()]}, the same for
   * wall time) and the calls each thread ran in {@link Phase#RUN} ({@code ran[thread]}); the
   * arrays are copied.
   */
  public ExecutorPhases(long[][] cpuNanos, long[][] wallNanos, long[] ran, long blocks, long calls) {
    this(cpuNanos, wallNanos, ran, new long[ran.length][Count.values().length], blocks, calls);
  }

  /**
   * As {@link #ExecutorPhases(long[][], long[][], long[], long, long)}, with each thread's {@link
   * Count}s ({@code counts[thread][count.ordinal()]}).
   */
  public ExecutorPhases(long[][] cpuNanos, long[][] wallNanos, long[] ran, long[][] counts, long blocks, long calls) {
    if (cpuNanos.length != wallNanos.length || cpuNanos.length != ran.length || cpuNanos.length != counts.length) {
      throw new io.cairn.common.InvalidArgumentException("one row of CPU, wall, calls and counts per thread");
    }
    this.cpuNanos = copy(cpuNanos, Phase.values().length);
    this.wallNanos = copy(wallNanos, Phase.values().length);
    this.counts = copy(counts, Count.values().length);
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

  /** Thread {@code thread}'s {@code count} summed over the blocks. */
  public long count(int thread, Count count) {
    return counts[thread][count.ordinal()];
  }

  /** {@code count} of all threads together. */
  public long count(Count count) {
    long sum = 0;
    for (int t = 0; t < threads(); t++) {
      sum += count(t, count);
    }
    return sum;
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
    long[][] counted = new long[threads][Count.values().length];
    for (int t = 0; t < threads; t++) {
      for (int c = 0; c < Count.values().length; c++) {
        counted[t][c] = at(counts, t, c) + sign * at(other.counts, t, c);
      }
      for (int p = 0; p < phases; p++) {
        cpu[t][p] = at(cpuNanos, t, p) + sign * at(other.cpuNanos, t, p);
        wall[t][p] = at(wallNanos, t, p) + sign * at(other.wallNanos, t, p);
      }
      calls[t] = (t < threads() ? ran[t] : 0) + sign * (t < other.threads() ? other.ran[t] : 0);
    }
    return new ExecutorPhases(cpu, wall, calls, counted, blocks + sign * other.blocks, this.calls + sign * other.calls);
  }

  private static long at(long[][] rows, int thread, int phase) {
    return thread < rows.length ? rows[thread][phase] : 0;
  }

  private static long[][] copy(long[][] rows, int width) {
    long[][] copied = new long[rows.length][];
    for (int t = 0; t < rows.length; t++) {
      if (rows[t].length != width) {
        throw new io.cairn.common.InvalidArgumentException("a row holds one sum per phase or count");
      }
      copied[t] = rows[t].clone();
    }
    return copied;
  }

  @Override
  public String toString() {
    return "ExecutorPhases[blocks=" + blocks + ", calls=" + calls + ", cpu=" + Arrays.deepToString(cpuNanos)
        + ", wall=" + Arrays.deepToString(wallNanos) + ", ran=" + Arrays.toString(ran)
        + ", counts=" + Arrays.deepToString(counts) + "]";
  }
}
