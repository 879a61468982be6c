package io.cairn.lsm.internal.db;

import java.util.concurrent.TimeUnit;

/**
 * RocksDB's delayed write rate, for the slowdown zone of L0: from {@code l0SlowdownTrigger} tables
 * on, writes are admitted at a byte rate instead of being slept a fixed time each. The rate
 * follows what compaction has shown it can drain from L0 (an exponentially weighted mean of the
 * L0 input bytes per second of the L0 compactions so far), scaled down linearly as L0 nears
 * {@code l0StopTrigger} (full rate at the slowdown trigger, a quarter of it one table before the
 * stop), so that L0 settles below the stop instead of hitting it and stopping every writer.
 *
 * <p>Admission works like a token bucket without a burst: each write moves a "next free" time
 * forward by its bytes at the rate, and the writer sleeps until then; sleeps under {@link
 * #MIN_SLEEP_NANOS} are owed rather than taken (the debt stays in the next free time), so short
 * writes are not each charged a timer's granularity.
 *
 * <p>Thread-safety: guarded by the database mutex (the write leader and the compaction thread
 * call it with the mutex held).
 */
final class WriteController {
  /** The rate before any compaction was measured: RocksDB's default {@code delayed_write_rate}. */
  static final long INITIAL_RATE_BYTES_PER_SECOND = 16L << 20;
  /** The rate never drops below this (a compaction measured while starved must not stop writers). */
  static final long MIN_RATE_BYTES_PER_SECOND = 1L << 20;
  /** Delays shorter than this are owed, not slept. */
  static final long MIN_SLEEP_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
  private static final double WEIGHT_OF_NEW = 0.3;

  private final int slowdownTrigger;
  private final int stopTrigger;
  private double drainBytesPerSecond;
  private long nextFreeNanos = Long.MIN_VALUE;

  WriteController(int slowdownTrigger, int stopTrigger) {
    assert slowdownTrigger <= stopTrigger : slowdownTrigger + " > " + stopTrigger;
    this.slowdownTrigger = slowdownTrigger;
    this.stopTrigger = stopTrigger;
  }

  /** Records an L0 compaction that drained {@code bytes} of L0 in {@code nanos}. */
  void recordL0Drain(long bytes, long nanos) {
    if (bytes <= 0 || nanos <= 0) {
      return;
    }
    double measured = bytes * 1e9 / nanos;
    drainBytesPerSecond = drainBytesPerSecond == 0 ? measured
        : (1 - WEIGHT_OF_NEW) * drainBytesPerSecond + WEIGHT_OF_NEW * measured;
  }

  /** The admitted write rate with {@code level0Files} tables in L0 (at or above the slowdown trigger). */
  long rateBytesPerSecond(int level0Files) {
    double base = drainBytesPerSecond == 0 ? INITIAL_RATE_BYTES_PER_SECOND : drainBytesPerSecond;
    int span = Math.max(1, stopTrigger - 1 - slowdownTrigger);
    double over = Math.min(1.0, Math.max(0, level0Files - slowdownTrigger) / (double) span);
    return Math.max(MIN_RATE_BYTES_PER_SECOND, (long) (base * (1 - 0.75 * over)));
  }

  /**
   * How long a write of {@code bytes} must wait at {@code now} with {@code level0Files} L0 tables:
   * 0 below the slowdown trigger (and the owed time is forgiven), else the time until it may go,
   * or 0 when that is under {@link #MIN_SLEEP_NANOS} (owed to the next write).
   */
  long delayNanos(long bytes, int level0Files, long now) {
    if (level0Files < slowdownTrigger) {
      nextFreeNanos = Long.MIN_VALUE;
      return 0;
    }
    long start = nextFreeNanos == Long.MIN_VALUE || nextFreeNanos - now < 0 ? now : nextFreeNanos;
    long cost = (long) (bytes * 1e9 / rateBytesPerSecond(level0Files));
    nextFreeNanos = start + cost;
    long delay = nextFreeNanos - now;
    return delay >= MIN_SLEEP_NANOS ? delay : 0;
  }
}
