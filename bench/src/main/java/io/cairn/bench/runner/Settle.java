package io.cairn.bench.runner;

import io.cairn.bench.kv.KvStore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits after a YCSB phase until the engine's flushes and compactions are done, so that the next
 * phase of every engine starts from a settled store instead of paying, in its own figures, for
 * the compaction debt the previous phase left (which differs by engine: one that defers more work
 * would look slower in the next workload, one that defers less slower in this one).
 *
 * <p>Quiet is {@link KvStore#backgroundIdle} read true {@value #QUIET_POLLS} times in a row,
 * {@value #POLL_MILLIS} ms apart: a compaction that a just-finished flush asked for may not have
 * started at the first read. The wait is bounded; a store that is still busy then is left busy
 * and the wait is reported as it was.
 *
 * <p>Thread-safety: stateless.
 */
public final class Settle {
  static final int QUIET_POLLS = 3;
  static final int POLL_MILLIS = 10;

  private Settle() {}

  /**
   * Waits until {@code store} is quiet or {@code maxNanos} have passed; returns the nanoseconds
   * waited (0 when {@code maxNanos} is 0: no settle).
   */
  static long await(KvStore store, long maxNanos) {
    return await(store::backgroundIdle, maxNanos);
  }

  /**
   * Waits until {@code idle} (an engine's "no flush or compaction runs or waits") reads true
   * {@value #QUIET_POLLS} times in a row or {@code maxNanos} have passed; returns the nanoseconds
   * waited. {@code bench chain} settles its two engines with it between anchoring and verifying.
   */
  public static long await(BooleanSupplier idle, long maxNanos) {
    if (maxNanos <= 0) {
      return 0;
    }
    long start = System.nanoTime();
    int quiet = 0;
    while (quiet < QUIET_POLLS && System.nanoTime() - start < maxNanos) {
      quiet = idle.getAsBoolean() ? quiet + 1 : 0;
      if (quiet < QUIET_POLLS) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS));
      }
    }
    return System.nanoTime() - start;
  }
}
