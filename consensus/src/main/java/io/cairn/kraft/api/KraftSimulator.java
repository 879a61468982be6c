package io.cairn.kraft.api;

import io.cairn.common.InvalidArgumentException;
import io.cairn.kraft.sim.Fault;
import io.cairn.kraft.sim.ResourceModel;
import io.cairn.kraft.sim.SimOptions;
import io.cairn.kraft.sim.SimResult;
import io.cairn.kraft.sim.Simulation;
import io.cairn.kraft.sim.Sweep;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * The deterministic cluster simulator, for tools: runs many seeds of a simulated Raft or
 * Kademlia-Raft (KRaft) cluster under faults, checks every run's invariants and client history,
 * and sums the measurements. One JVM, virtual time, everything random drawn from the seed, so a
 * failing seed replays exactly with {@link #replay}.
 *
 * <p>Thread-safety: the static methods may be called from any thread.
 */
public final class KraftSimulator {
  private KraftSimulator() {}

  /**
   * What to simulate (everything that, with the seed, determines a run).
   *
   * @param mode protocol variant
   * @param ackPath KRaft acknowledgement path
   * @param nodes founding voters
   * @param faults fault list: {@code none}, or names with {@code all} for every chaos fault (see
   *     {@link #faultNames()})
   * @param chaosMillis virtual milliseconds of faults before everything heals
   * @param clients concurrent clients
   * @param relayVotes KRaft candidates send vote requests through relays
   * @param valueBytes extra payload bytes in every write (to measure larger log entries)
   * @param linkGbps 0: messages cost only their random delay; else the resource model of a
   *     datacenter LAN of this NIC bandwidth (queues, CPU per message and byte; docs/kraft.md §7)
   */
  public record Settings(
      Mode mode, AckPath ackPath, int nodes, String faults, int chaosMillis, int clients, boolean relayVotes,
      int valueBytes, double linkGbps) {
    /** Checks the settings (the fault list is parsed to catch unknown names early). */
    public Settings {
      Objects.requireNonNull(mode, "mode");
      Objects.requireNonNull(ackPath, "ackPath");
      faults = Fault.format(Fault.parse(faults));
      options(mode, ackPath, nodes, faults, chaosMillis, clients, relayVotes, valueBytes, linkGbps);
    }

    /** Settings without the resource model. */
    public Settings(Mode mode, AckPath ackPath, int nodes, String faults, int chaosMillis, int clients,
        boolean relayVotes, int valueBytes) {
      this(mode, ackPath, nodes, faults, chaosMillis, clients, relayVotes, valueBytes, 0);
    }

    /** The defaults for {@code nodes} voters in {@code mode}: all chaos faults, 4 clients, 4 s of chaos. */
    public static Settings defaults(Mode mode, int nodes) {
      return new Settings(mode, AckPath.VIA_RELAY, nodes, "all", 4000, 4, false, 0);
    }

    /** The {@code ./cairn} command that reruns {@code seed} of these settings exactly, printing its trace. */
    public String replayCommand(long seed) {
      return "./cairn sim kraft --mode " + mode.name().toLowerCase(java.util.Locale.ROOT)
          + " --nodes " + nodes
          + " --faults " + faults
          + " --acks " + (ackPath == AckPath.DIRECT ? "direct" : "relay")
          + (relayVotes ? " --relay-votes" : "")
          + " --chaos-ms " + chaosMillis
          + " --clients " + clients
          + (valueBytes > 0 ? " --value-bytes " + valueBytes : "")
          + (linkGbps > 0 ? " --link-gbps " + linkGbps : "")
          + " --seed " + seed + " --trace";
    }

    SimOptions toOptions() {
      return options(mode, ackPath, nodes, faults, chaosMillis, clients, relayVotes, valueBytes, linkGbps);
    }

    private static SimOptions options(Mode mode, AckPath ackPath, int nodes, String faults, int chaosMillis,
        int clients, boolean relayVotes, int valueBytes, double linkGbps) {
      if (!(linkGbps >= 0)) {
        throw new InvalidArgumentException("--link-gbps must not be negative, was " + linkGbps);
      }
      return SimOptions.builder(mode, nodes).ackPath(ackPath).faults(Fault.parse(faults))
          .chaosMillis(chaosMillis).clients(clients).relayVotes(relayVotes).valueBytes(valueBytes)
          .resources(linkGbps > 0 ? ResourceModel.datacenter(linkGbps) : ResourceModel.OFF).build();
    }
  }

  /** A failed seed and what went wrong. */
  public record Failure(long seed, String description) {}

  /**
   * What a sweep found. Ratios are over the sums of all runs; percentiles over all samples.
   *
   * @param settings what was simulated
   * @param seeds runs
   * @param violations runs with a safety or liveness violation
   * @param linearizabilityFailures runs whose client history is not linearizable
   * @param elections leaders established
   * @param splitVotes terms with two or more candidates and no leader
   * @param electionMillisP50 median time from a leader crash to the next leader (NaN: no sample)
   * @param electionMillisP99 99th percentile of the same
   * @param leaderMessagesPerEntry messages sent plus received by leaders per committed entry
   * @param leaderBytesPerEntry their encoded bytes per committed entry
   * @param commitLatencyMillisP50 median time from proposal to commit at the leader
   * @param throughputEntriesPerSecondVirtual committed entries per simulated second
   * @param snapshotsInstalled snapshots shipped to lagging nodes and installed
   * @param configurationChanges membership changes committed
   * @param events simulator events executed
   * @param failures the failed seeds, in seed order
   */
  public record Report(
      Settings settings, int seeds, int violations, int linearizabilityFailures, long elections, long splitVotes,
      double electionMillisP50, double electionMillisP99, double leaderMessagesPerEntry,
      double leaderBytesPerEntry, double commitLatencyMillisP50, double throughputEntriesPerSecondVirtual,
      long snapshotsInstalled, long configurationChanges, long events, List<Failure> failures) {
    /** Copies the failures. */
    public Report {
      failures = List.copyOf(failures);
    }
  }

  /** The fault names {@link Settings#faults()} accepts. */
  public static String faultNames() {
    return Fault.names();
  }

  /**
   * Runs seeds {@code firstSeed .. firstSeed + seeds - 1} on {@code threads} threads; {@code
   * onSeedDone} is called (from worker threads) with each seed and whether it passed.
   *
   * @throws InvalidArgumentException when {@code seeds} or {@code threads} is not positive
   */
  public static Report sweep(Settings settings, long firstSeed, int seeds, int threads, SeedListener onSeedDone) {
    if (seeds < 1 || threads < 1) {
      throw new InvalidArgumentException("seeds and threads must be positive");
    }
    Sweep.Totals totals = Sweep.run(settings.toOptions(), firstSeed, seeds, threads,
        result -> onSeedDone.done(result.seed(), result.passed()));
    return report(settings, totals);
  }

  /** Runs one seed, writing its event trace (and, on failure, the cluster state) to {@code trace}. */
  public static Report replay(Settings settings, long seed, Consumer<String> trace) {
    SimResult result = new Simulation(settings.toOptions(), seed, trace).run();
    Sweep.Totals totals = new Sweep.Totals(1, result.violation() == null ? 0 : 1, result.linearizable() ? 0 : 1,
        result.elections(), result.splitVotes(), result.electionMicros(), result.commitMicros(),
        result.leaderMessages(), result.leaderBytes(), result.committedEntries(), result.virtualMicros(),
        result.events(), result.operations(), result.snapshotsInstalled(), result.configurationChanges(),
        result.passed() ? List.of() : List.of(new Sweep.Failure(seed, result.describeFailure())));
    return report(settings, totals);
  }

  /** Told about each finished seed. */
  @FunctionalInterface
  public interface SeedListener {
    /** Seed {@code seed} finished; {@code passed} is false when it found a problem. */
    void done(long seed, boolean passed);
  }

  private static Report report(Settings settings, Sweep.Totals t) {
    double entries = Math.max(1, t.committedEntries());
    return new Report(settings, t.seeds(), t.violations(), t.linearizabilityFailures(), t.elections(),
        t.splitVotes(), millis(t.electionMicros(), 50), millis(t.electionMicros(), 99),
        t.leaderMessages() / entries, t.leaderBytes() / entries, millis(t.commitMicros(), 50),
        t.virtualMicros() == 0 ? 0 : t.committedEntries() / (t.virtualMicros() / 1e6),
        t.snapshotsInstalled(), t.configurationChanges(), t.events(),
        t.failures().stream().map(f -> new Failure(f.seed(), f.description())).toList());
  }

  private static double millis(Histogram histogram, double percentile) {
    return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1000.0;
  }
}
