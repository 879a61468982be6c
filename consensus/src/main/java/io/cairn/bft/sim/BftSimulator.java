package io.cairn.bft.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/** Seed sweeps and single-seed replays of {@link BftSimulation}: what {@code ./cairn sim bft} runs. */
public final class BftSimulator {
  private BftSimulator() {}

  /** A failing seed and what failed. */
  public record Failure(long seed, String description) {}

  /** Called after each seed with whether it passed. */
  public interface SeedListener {
    void done(long seed, boolean passed);
  }

  /** Sums over every seed of a sweep. */
  public record Report(SimSettings settings, int seeds, List<Failure> failures, long decisions, long messages,
      long bytes, long requests, long virtualMicros, long rejected, long highestView, long fastCertificates,
      long slowCertificates) {
    public Report {
      failures = List.copyOf(failures);
    }

    public int violations() {
      return failures.size();
    }

    public double messagesPerDecision() {
      return decisions == 0 ? 0 : (double) messages / decisions;
    }

    public double bytesPerDecision() {
      return decisions == 0 ? 0 : (double) bytes / decisions;
    }

    /** Client requests completed per second of virtual time, over all runs. */
    public double throughputPerSecondVirtual() {
      return virtualMicros == 0 ? 0 : requests * 1e6 / virtualMicros;
    }

    /** The command line that replays {@code seed} with these settings. */
    public String replayCommand(long seed) {
      return "./cairn sim bft --protocol " + settings.protocol().name().toLowerCase(java.util.Locale.ROOT) + " --nodes "
          + settings.nodes() + " --byzantine " + settings.byzantine() + " --attack "
          + settings.attack().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + " --clients "
          + settings.clients() + " --requests " + settings.requestsPerClient() + " --chaos-ms " + settings.chaosMillis()
          + (settings.ed25519() ? " --ed25519" : "") + (settings.addNode().enabled() ? " --add-node --joiner "
          + settings.addNode().joiner().name().toLowerCase(java.util.Locale.ROOT) : "") + " --seed " + seed + " --trace";
    }
  }

  /** Runs seeds {@code firstSeed .. firstSeed+seeds-1} on {@code threads} threads. */
  public static Report sweep(SimSettings settings, long firstSeed, int seeds, int threads, SeedListener listener) {
    List<RunResult> results = new ArrayList<>(seeds);
    try (ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads))) {
      List<Future<RunResult>> futures = new ArrayList<>(seeds);
      for (int i = 0; i < seeds; i++) {
        long seed = firstSeed + i;
        futures.add(pool.submit(() -> {
          RunResult result = new BftSimulation(settings, seed, null).run();
          listener.done(seed, result.violation() == null);
          return result;
        }));
      }
      for (Future<RunResult> future : futures) {
        results.add(future.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("sweep interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("a simulation run failed outside its checks", e.getCause());
    }
    return sum(settings, results);
  }

  /** Runs one seed, writing its transcript to {@code trace}. */
  public static Report replay(SimSettings settings, long seed, Consumer<String> trace) {
    return sum(settings, List.of(new BftSimulation(settings, seed, trace).run()));
  }

  private static Report sum(SimSettings settings, List<RunResult> results) {
    List<Failure> failures = new ArrayList<>();
    long decisions = 0, messages = 0, bytes = 0, requests = 0, micros = 0, rejected = 0, view = 0, fast = 0, slow = 0;
    for (RunResult r : results) {
      if (r.violation() != null) {
        failures.add(new Failure(r.seed(), r.violation()));
      }
      decisions += r.decisions();
      messages += r.messages();
      bytes += r.bytes();
      requests += r.requests();
      micros += r.virtualMicros();
      rejected += r.rejected();
      view = Math.max(view, r.highestView());
      fast += r.fastCertificates();
      slow += r.slowCertificates();
    }
    failures.sort(Comparator.comparingLong(Failure::seed));
    return new Report(settings, results.size(), failures, decisions, messages, bytes, requests, micros, rejected, view,
        fast, slow);
  }
}
