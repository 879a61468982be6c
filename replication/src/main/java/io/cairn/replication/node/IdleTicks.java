package io.cairn.replication.node;

/**
 * When the {@link Driver}'s loop wakes for its next KRaft tick (session 14, docs/replication.md,
 * "A node's fixed cost"). Timers count ticks ({@link io.cairn.replication.api.NodeOptions#tickMillis()},
 * 10 ms), and a tick with nothing due does nothing but cost a wake-up: on this machine's virtual
 * CPUs a thread's wake-up and sleep cost about as much as the tick's work, and an idle member woke
 * 100 times a second for them. So while the member is <em>quiet</em> (a leader or a follower with a
 * leader, everything committed and applied, nothing queued, waiting or in transfer: see {@link
 * Driver}), the loop sleeps until up to {@code heartbeatTicks - 1} ticks after the next one is due
 * and then runs the ticks it slept through at once, in order; any work handed to the driver wakes
 * it at once, as before. A quiet leader thus wakes about once per heartbeat interval; a timer fires
 * at most {@code heartbeatTicks - 1} ticks (40 ms by default) late, and only while nothing
 * waits for it. Every tick still runs: the tick count, and with it every timeout in ticks, is
 * unchanged over any interval longer than that.
 *
 * <p>{@code -Dcairn.driver.idleTicks=false} turns it off (a tick every {@code tickMillis} as before; for
 * A/B runs).
 *
 * <p>Thread-safety: stateless.
 */
final class IdleTicks {
  /** Whether a quiet driver sleeps through ticks ({@code cairn.driver.idleTicks}, default true). */
  static final boolean ENABLED = !"false".equals(System.getProperty("cairn.driver.idleTicks"));

  private IdleTicks() {}

  /**
   * The time ({@link System#nanoTime}) until which the loop may wait for work before it runs the
   * ticks due: the next tick's time {@code nextTick}, or while {@code quiet}, up to {@code
   * coalesce - 1} ticks of {@code tickNanos} after it.
   */
  static long wakeAt(long nextTick, long tickNanos, int coalesce, boolean quiet) {
    return quiet && coalesce > 1 ? nextTick + (coalesce - 1) * tickNanos : nextTick;
  }

  /** How many ticks are due at {@code now} when the next one was due at {@code nextTick}: 0 before it. */
  static long due(long now, long nextTick, long tickNanos) {
    return now - nextTick < 0 ? 0 : (now - nextTick) / tickNanos + 1;
  }
}
