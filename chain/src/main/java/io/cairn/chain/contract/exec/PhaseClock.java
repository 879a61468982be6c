package io.cairn.chain.contract.exec;

import io.cairn.chain.contract.ExecutorPhases;
import io.cairn.chain.contract.ExecutorPhases.Count;
import io.cairn.chain.contract.ExecutorPhases.Phase;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The per-thread clocks behind an executor's {@link ExecutorPhases}: each thread {@link #start}s its
 * clock and {@link #mark}s the end of each phase, which adds the CPU and wall time since its last
 * mark to that phase. A clock that is {@link #OFF} does nothing (the executors' default), so a
 * block that is not measured reads no clock.
 *
 * <p>Thread-safety: thread {@code t} writes only its own row (rows are separate arrays, padded);
 * {@link #handOff} and {@link #block} by the caller; {@link #snapshot} by the caller between
 * blocks, after the join that orders every thread's writes before it.
 */
final class PhaseClock {
  /** A clock that measures nothing. */
  static final PhaseClock OFF = new PhaseClock(0, false);
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final int PHASES = Phase.values().length;
  /**
   * A row holds each phase's CPU then wall sums, then the last mark's CPU and wall, then the calls
   * the thread ran, padded to its own lines.
   */
  private static final int LAST = 2 * PHASES;
  private static final int RAN = LAST + 2;
  private static final int COUNTS = RAN + 1;
  /** When the thread ended its part of the current run (wall), for its idle time at the join. */
  private static final int ENDED = COUNTS + Count.values().length;
  private static final int ROW = ENDED + 1 + 8;

  private final boolean on;
  private final long[][] rows;
  private long handedAt;
  private long blocks;
  private long calls;

  private PhaseClock(int threads, boolean on) {
    this.on = on;
    this.rows = new long[threads][];
    for (int t = 0; t < threads; t++) {
      rows[t] = new long[ROW];
    }
  }

  /** A clock for {@code threads} threads that measures. */
  static PhaseClock measuring(int threads) {
    return new PhaseClock(threads, true);
  }

  boolean on() {
    return on;
  }

  /** Thread {@code t} starts its clock: its next {@link #mark} counts from here. */
  void start(int t) {
    if (on) {
      long[] row = rows[t];
      row[LAST] = THREADS.getCurrentThreadCpuTime();
      row[LAST + 1] = System.nanoTime();
    }
  }

  /** Thread {@code t} ends a stretch of {@code phase}: the time since its last mark is added to it. */
  void mark(int t, Phase phase) {
    if (on) {
      long[] row = rows[t];
      long cpu = THREADS.getCurrentThreadCpuTime();
      long wall = System.nanoTime();
      row[phase.ordinal()] += cpu - row[LAST];
      row[PHASES + phase.ordinal()] += wall - row[LAST + 1];
      row[LAST] = cpu;
      row[LAST + 1] = wall;
    }
  }

  /** Thread {@code t} ran {@code count} calls in its last {@link Phase#RUN}. */
  void ran(int t, int count) {
    if (on) {
      rows[t][RAN] += count;
    }
  }

  /** Thread {@code t} adds {@code n} to its {@code count}. */
  void count(int t, Count count, long n) {
    if (on) {
      rows[t][COUNTS + count.ordinal()] += n;
    }
  }

  /** Thread {@code t} ends its part of a run (its stretch and what it took) now. */
  void ended(int t) {
    if (on) {
      rows[t][ENDED] = System.nanoTime();
    }
  }

  /**
   * The caller, after the join of a run on threads {@code 0..threads-1}: each thread's idle time
   * until the last one {@link #ended} is added to its {@link Count#JOIN_IDLE_NANOS}.
   */
  void joined(int threads) {
    if (on) {
      long last = Long.MIN_VALUE;
      for (int t = 0; t < threads; t++) {
        last = Math.max(last, rows[t][ENDED]);
      }
      for (int t = 0; t < threads; t++) {
        rows[t][COUNTS + Count.JOIN_IDLE_NANOS.ordinal()] += last - rows[t][ENDED];
      }
    }
  }

  /** The caller hands the pool threads their stretches now (before the hand-off's publication). */
  void handOff() {
    if (on) {
      handedAt = System.nanoTime();
    }
  }

  /** Pool thread {@code t} starts its stretch: the wait since {@link #handOff} counts as {@link Phase#HAND_OFF}. */
  void started(int t) {
    if (on) {
      rows[t][PHASES + Phase.HAND_OFF.ordinal()] += System.nanoTime() - handedAt;
      start(t);
    }
  }

  /** The caller finished a block of {@code count} calls. */
  void block(int count) {
    if (on) {
      blocks++;
      calls += count;
    }
  }

  /** Every thread's sums so far, row by row. */
  ExecutorPhases snapshot() {
    if (!on) {
      return ExecutorPhases.NONE;
    }
    long[][] cpu = new long[rows.length][PHASES];
    long[][] wall = new long[rows.length][PHASES];
    long[] ran = new long[rows.length];
    long[][] counts = new long[rows.length][Count.values().length];
    for (int t = 0; t < rows.length; t++) {
      System.arraycopy(rows[t], COUNTS, counts[t], 0, counts[t].length);
      System.arraycopy(rows[t], 0, cpu[t], 0, PHASES);
      System.arraycopy(rows[t], PHASES, wall[t], 0, PHASES);
      ran[t] = rows[t][RAN];
    }
    return new ExecutorPhases(cpu, wall, ran, counts, blocks, calls);
  }
}
