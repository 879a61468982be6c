package io.cairn.node.cli;

import io.cairn.node.api.ExitCodes;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;

/**
 * What the simulators' seed sweeps ({@code sim kraft}, {@code sim bft}) print on standard error: a
 * progress line every 5 % of a sweep of at least 100 seeds, and at the end each failing seed (the
 * first 20) with the command that replays it.
 *
 * <p>Thread-safety: {@link #seedDone} may be called from the sweep's worker threads.
 */
final class SweepOutput {
  private static final int FAILURES_SHOWN_MAX = 20;

  private final PrintWriter err;
  private final int seeds;
  private final int step;
  private final AtomicInteger done = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();

  SweepOutput(PrintWriter err, int seeds) {
    this.err = err;
    this.seeds = seeds;
    this.step = Math.max(1, seeds / 20);
  }

  /** Seed {@code seed} finished; {@code passed} is false when it found a problem. */
  void seedDone(long seed, boolean passed) {
    if (!passed) {
      failed.incrementAndGet();
    }
    int count = done.incrementAndGet();
    if (seeds >= 100 && count % step == 0) {
      synchronized (err) {
        err.println("progress: " + count + "/" + seeds + " seeds, " + failed.get() + " failed");
        err.flush();
      }
    }
  }

  /** Prints the failing seeds with their replay commands; returns the exit status (1 when any failed). */
  <F> int failures(List<F> failures, ToLongFunction<F> seed, Function<F, String> description,
      LongFunction<String> replay) {
    int shown = 0;
    for (F failure : failures) {
      if (shown++ == FAILURES_SHOWN_MAX) {
        err.println("... and " + (failures.size() - FAILURES_SHOWN_MAX) + " more failing seeds");
        break;
      }
      err.println("FAILED seed " + seed.applyAsLong(failure) + ": " + description.apply(failure));
      err.println("  replay: " + replay.apply(seed.applyAsLong(failure)));
    }
    err.flush();
    return failures.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
  }
}
