package io.cairn.chain.contract;

import java.util.Arrays;

/**
 * Where a parallel executor's threads spent their time, summed over every block since it was
 * made: for each {@link Phase}, the CPU time and the wall time of all its threads together, and
 * the blocks and calls executed. An executor keeps these only when made to ({@link
 * BlockExecutor#declaredWithPhases}); reading the clocks costs about a microsecond per phase
 * boundary, a few per block and thread. The bench takes two snapshots and prints the {@link
 * #minus difference} per call.
 *
 * <p>Thread-safety: immutable.
 */
public final class ExecutorPhases {
  /** Nothing measured: what an executor that keeps no phases returns. */
  public static final ExecutorPhases NONE = new ExecutorPhases(new long[Phase.values().length],
      new long[Phase.values().length], 0, 0);

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

  private final long[] cpuNanos;
  private final long[] wallNanos;
  private final long blocks;
  private final long calls;

  /** Phases from per-phase sums (indexed by {@link Phase#ordinal}); the arrays are copied. */
  public ExecutorPhases(long[] cpuNanos, long[] wallNanos, long blocks, long calls) {
    this.cpuNanos = cpuNanos.clone();
    this.wallNanos = wallNanos.clone();
    this.blocks = blocks;
    this.calls = calls;
  }

  /** CPU time of all threads in {@code phase}, in nanoseconds (0 for {@link Phase#HAND_OFF}). */
  public long cpuNanos(Phase phase) {
    return cpuNanos[phase.ordinal()];
  }

  /** Wall time of all threads in {@code phase} together, in nanoseconds. */
  public long wallNanos(Phase phase) {
    return wallNanos[phase.ordinal()];
  }

  public long blocks() {
    return blocks;
  }

  public long calls() {
    return calls;
  }

  /** What was measured since {@code earlier} (a snapshot of the same executor). */
  public ExecutorPhases minus(ExecutorPhases earlier) {
    long[] cpu = cpuNanos.clone();
    long[] wall = wallNanos.clone();
    for (int p = 0; p < cpu.length; p++) {
      cpu[p] -= earlier.cpuNanos[p];
      wall[p] -= earlier.wallNanos[p];
    }
    return new ExecutorPhases(cpu, wall, blocks - earlier.blocks, calls - earlier.calls);
  }

  /** The sum of this and {@code other}. */
  public ExecutorPhases plus(ExecutorPhases other) {
    long[] cpu = cpuNanos.clone();
    long[] wall = wallNanos.clone();
    for (int p = 0; p < cpu.length; p++) {
      cpu[p] += other.cpuNanos[p];
      wall[p] += other.wallNanos[p];
    }
    return new ExecutorPhases(cpu, wall, blocks + other.blocks, calls + other.calls);
  }

  @Override
  public String toString() {
    return "ExecutorPhases[blocks=" + blocks + ", calls=" + calls + ", cpu=" + Arrays.toString(cpuNanos)
        + ", wall=" + Arrays.toString(wallNanos) + "]";
  }
}
