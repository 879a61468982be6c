package io.cairn.kraft.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Runs many seeds of one configuration, in parallel, and sums what they found. Each run is
 * deterministic and independent; only commutative aggregates (sums, histogram merges) are kept, so
 * the report does not depend on the number of threads or the order runs finish.
 *
 * <p>Thread-safety: {@link #run} may be called from any thread; it blocks until every seed ran.
 */
public final class Sweep {
  /** A failed run: its seed and what went wrong. */
  public record Failure(long seed, String description) {}

  /** The sums over all runs. */
  public record Totals(
      int seeds, int violations, int linearizabilityFailures, long elections, long splitVotes,
      Histogram electionMicros, Histogram commitMicros, long leaderMessages, long leaderBytes,
      long committedEntries, long virtualMicros, long events, long operations, long snapshotsInstalled,
      long configurationChanges, List<Failure> failures) {}

  private Sweep() {}

  /**
   * Runs seeds {@code firstSeed .. firstSeed + seeds - 1} of {@code options} on {@code threads}
   * threads; {@code onResult} sees each result as it completes (from worker threads).
   */
  public static Totals run(SimOptions options, long firstSeed, int seeds, int threads, Consumer<SimResult> onResult) {
    Accumulator sums = new Accumulator();
    AtomicLong next = new AtomicLong(firstSeed);
    long end = firstSeed + seeds;
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), runnable -> {
      Thread thread = new Thread(runnable, "kraft-sim");
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < Math.max(1, threads); t++) {
        workers.add(pool.submit(() -> {
          for (long seed = next.getAndIncrement(); seed < end; seed = next.getAndIncrement()) {
            SimResult result = new Simulation(options, seed, null).run();
            sums.add(result);
            onResult.accept(result);
          }
        }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("sweep interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("a simulation crashed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return sums.totals(seeds);
  }

  private static final class Accumulator {
    private int violations;
    private int linearizabilityFailures;
    private long elections;
    private long splitVotes;
    private final Histogram electionMicros = new Histogram(SimMetrics.HISTOGRAM_MAX_MICROS, 3);
    private final Histogram commitMicros = new Histogram(SimMetrics.HISTOGRAM_MAX_MICROS, 3);
    private long leaderMessages;
    private long leaderBytes;
    private long committedEntries;
    private long virtualMicros;
    private long events;
    private long operations;
    private long snapshotsInstalled;
    private long configurationChanges;
    private final List<Failure> failures = new ArrayList<>();

    synchronized void add(SimResult result) {
      if (result.violation() != null) {
        violations++;
      }
      if (!result.linearizable()) {
        linearizabilityFailures++;
      }
      if (!result.passed()) {
        failures.add(new Failure(result.seed(), result.describeFailure()));
      }
      elections += result.elections();
      splitVotes += result.splitVotes();
      electionMicros.add(result.electionMicros());
      commitMicros.add(result.commitMicros());
      leaderMessages += result.leaderMessages();
      leaderBytes += result.leaderBytes();
      committedEntries += result.committedEntries();
      virtualMicros += result.virtualMicros();
      events += result.events();
      operations += result.operations();
      snapshotsInstalled += result.snapshotsInstalled();
      configurationChanges += result.configurationChanges();
    }

    synchronized Totals totals(int seeds) {
      List<Failure> sorted = new ArrayList<>(failures);
      sorted.sort(Comparator.comparingLong(Failure::seed));
      return new Totals(seeds, violations, linearizabilityFailures, elections, splitVotes, electionMicros.copy(),
          commitMicros.copy(), leaderMessages, leaderBytes, committedEntries, virtualMicros, events, operations,
          snapshotsInstalled, configurationChanges, List.copyOf(sorted));
    }
  }
}
