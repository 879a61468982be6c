package io.cairn.chain.contract.exec;

import java.util.Arrays;

/**
 * How a run of calls is cut into the threads' {@link Stretch}es: each thread's share of the calls,
 * adapted from run to run so that the threads finish together. A thread that got through its
 * stretch faster per call of the stretch gets a larger share of the next run: typically the
 * caller, whose core built the block and still holds it in its caches while another core must
 * fetch its stretch first. When the stretches decide after running, a stretch runs its deferred
 * calls too, so deferring does not make it faster per call and the cut stays near equal; when
 * they decide before running (a run with many conflicts), a deferred call costs its stretch only
 * a key check, so a later stretch with many of them grows, the first shrinks, and fewer calls are
 * deferred. With the deferred calls rerun after the threads, equal finishing times are the best
 * cut either way. Shares only move the cut between stretches; which calls are
 * deferred and what every call reads follow from the cut, so the result is serial's whatever the
 * shares are.
 *
 * <p>Invariants: the shares add up to 1 and each stays within [1/3, 3] of an equal share (each is
 * clamped to [1/2, 3/2] of it before they are scaled back to add up to 1; on 2 threads that is
 * [1/4, 3/4] exactly). A run in which some stretch had fewer than {@link #MIN_CALLS} calls (tests'
 * tiny runs) teaches nothing. Thread-safety: used by the executor's caller only;
 * {@link #observe} writes one slot per thread from that thread, read after the join.
 */
final class StretchShares {
  /** Fewest calls a thread must have run for its speed to count. */
  static final int MIN_CALLS = 256;
  /** Weight of the newest run in the shares (the rest is the shares before it). */
  private static final double NEWEST = 0.5;

  private final double[] share;
  private final long[] nanos;
  private final int[] calls;

  StretchShares(int threads) {
    share = new double[threads];
    Arrays.fill(share, 1.0 / threads);
    nanos = new long[threads];
    calls = new int[threads];
  }

  /** Where stretch {@code t} of a run of {@code n} calls from {@code from} starts ({@code t} = threads: the end). */
  int start(int t, int from, int n) {
    if (t == share.length) {
      return from + n;
    }
    double before = 0;
    for (int s = 0; s < t; s++) {
      before += share[s];
    }
    return from + (int) Math.min(n, Math.round(before * n));
  }

  /**
   * Thread {@code t} got through its stretch of {@code covered} calls {@code elapsed} nanoseconds
   * after the run was handed to the threads (its late start and its planning included).
   */
  void observe(int t, int covered, long elapsed) {
    calls[t] = covered;
    nanos[t] = elapsed;
  }

  /** Moves the shares toward equal finishing times, from the last run's {@link #observe observations}. */
  void update() {
    int threads = share.length;
    double[] speed = new double[threads];
    double total = 0;
    for (int t = 0; t < threads; t++) {
      if (calls[t] < MIN_CALLS || nanos[t] <= 0) {
        return;
      }
      speed[t] = (double) calls[t] / nanos[t];
      total += speed[t];
    }
    double sum = 0;
    for (int t = 0; t < threads; t++) {
      double moved = (1 - NEWEST) * share[t] + NEWEST * speed[t] / total;
      share[t] = Math.clamp(moved, 0.5 / threads, 1.5 / threads);
      sum += share[t];
    }
    for (int t = 0; t < threads; t++) {
      share[t] /= sum;
    }
    assert Math.abs(Arrays.stream(share).sum() - 1) < 1e-9 : "shares add up to " + Arrays.stream(share).sum();
  }

  /** Thread {@code t}'s share of the next run. */
  double share(int t) {
    return share[t];
  }
}
