package io.cairn.replication.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The driver's tick schedule while quiet ({@link IdleTicks}): it waits past the next tick only
 * while quiet, never more than {@code coalesce - 1} ticks, and every tick still runs, in order, so
 * the protocol's tick count (its timers) keeps up with the clock.
 */
class IdleTicksTest {
  private static final long T = 10_000_000L; // 10 ms

  @Test
  void waitsPastTheNextTickOnlyWhileQuiet() {
    assertEquals(1_000L, IdleTicks.wakeAt(1_000L, T, 5, false));
    assertEquals(1_000L + 4 * T, IdleTicks.wakeAt(1_000L, T, 5, true));
    assertEquals(1_000L, IdleTicks.wakeAt(1_000L, T, 1, true), "heartbeats every tick: nothing to coalesce");
  }

  @Test
  void countsEveryTickDue() {
    assertEquals(0, IdleTicks.due(999L, 1_000L, T));
    assertEquals(1, IdleTicks.due(1_000L, 1_000L, T));
    assertEquals(1, IdleTicks.due(1_000L + T - 1, 1_000L, T));
    assertEquals(5, IdleTicks.due(1_000L + 4 * T + T / 2, 1_000L, T));
  }

  /**
   * The driver's loop, modelled: work arrives at random times (it wakes the loop at once) and the
   * member turns quiet and busy at random. Every tick runs once, in order, no later than {@code
   * coalesce - 1} ticks after its time, and no later than its time (plus nothing) while busy; a
   * quiet stretch costs about one wake-up per {@code coalesce} ticks.
   */
  @Test
  void everyTickRunsInOrderAndAtMostCoalesceMinusOneTicksLate() {
    long seed = System.nanoTime();
    System.out.println("IdleTicksTest seed " + seed + " (replay: set it here)");
    SplittableRandom random = new SplittableRandom(seed);
    int coalesce = 5;
    long now = 0;
    long nextTick = T;
    long ticksRun = 0;
    long wakeUps = 0;
    long quietWakeUps = 0;
    long quietTicks = 0;
    boolean quiet = false;
    for (int step = 0; step < 200_000; step++) {
      if (random.nextInt(50) == 0) {
        quiet = !quiet;
      }
      long wakeAt = IdleTicks.wakeAt(nextTick, T, coalesce, quiet);
      long work = now + (quiet ? random.nextLong(20 * T) : random.nextLong(3 * T)); // the next task's arrival
      long woke = Math.max(now, Math.min(wakeAt, work));
      wakeUps++;
      if (quiet) {
        quietWakeUps++;
      }
      now = woke;
      for (long due = IdleTicks.due(now, nextTick, T); due > 0; due--) {
        long late = now - nextTick;
        assertTrue(late >= 0, "seed " + seed + ": a tick ran before its time");
        assertTrue(late <= (quiet ? (coalesce - 1) * T : 0) + T - 1,
            "seed " + seed + ": a tick ran " + late / 1e6 + " ms late (quiet " + quiet + ")");
        nextTick += T;
        ticksRun++;
        if (quiet) {
          quietTicks++;
        }
      }
      assertEquals(now / T, ticksRun, "seed " + seed + ": every tick up to now ran, once");
      now++;
    }
    assertTrue(quietTicks > 0 && quietWakeUps < quietTicks,
        "seed " + seed + ": quiet, the loop woke " + quietWakeUps + " times for " + quietTicks + " ticks");
  }
}
