package io.cairn.node.cli;

import io.cairn.common.InvalidArgumentException;
import io.cairn.kraft.api.AckPath;
import io.cairn.kraft.api.KraftCurves;
import io.cairn.kraft.api.KraftSimulator;
import io.cairn.kraft.api.Mode;
import io.cairn.node.api.ExitCodes;
import io.cairn.node.api.Json;
import io.cairn.node.api.JsonOption;
import io.cairn.node.api.OptionChecks;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cairn sim}: the deterministic simulators. */
@Command(
    name = "sim",
    mixinStandardHelpOptions = true,
    description = "Deterministic simulators: sim kraft --nodes N --seeds S.",
    subcommands = {SimCommand.Kraft.class, SimBftCommand.class})
final class SimCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  /** {@code cairn sim kraft}: sweep seeds of a simulated Raft or Kademlia-Raft (KRaft) cluster. */
  @Command(
      name = "kraft",
      mixinStandardHelpOptions = true,
      description = {
        "Simulates a Raft or Kademlia-Raft (KRaft) cluster in virtual time, one run per seed, under"
            + " network, crash, disk and membership faults; checks Raft's invariants after every step"
            + " and the clients' put/get/cas history for linearizability; sums the measurements.",
        "Prints one line of figures (and writes them with --json). Every failing seed is printed"
            + " with the command that replays it exactly; the exit status is then 1."
      },
      footer = {"", "Faults: loss, dup, reorder, partition, crash, disk, relay-kill, churn, skew, leader-crash;"
          + " 'all' is every fault except leader-crash (the election-time measurement).",
          "--link-gbps G turns the resource model on (NIC queues, CPU per message and byte, apply cost).",
          "--curve measures throughput and latency curves instead of a safety sweep: for each mode, size in"
              + " --nodes (a list) and --entry-bytes, the maximum open-loop commit rate whose p99 stays under"
              + " --p99-bound-ms, latency vs offered load, commit p50 at half of Raft's maximum, and the election"
              + " time after leader crashes; JSON with --json, PNG charts into --charts (default: the JSON's folder).",
          "Docs: docs/kraft.md (design, safety argument, sweep commands, results)."})
  static final class Kraft implements Callable<Integer> {
    @Spec CommandSpec spec;

    private SweepOutput output;

    @Mixin JsonOption json;

    @Mixin SeedRange runs;

    @Option(names = "--mode",
        description = "raft or kraft (default: kraft); with --curve a list (default: raft,kraft).")
    String mode;

    @Option(names = "--nodes", defaultValue = "5",
        description = "Founding voters (default: ${DEFAULT-VALUE}); with --curve a list, e.g. 5,25,51,101,201.")
    String nodes;

    @Option(names = "--link-gbps",
        description = "NIC bandwidth per node in Gbit/s: turns the resource model on (default: off; 1 with --curve).")
    Double linkGbps;

    @Option(names = "--curve", description = "Measure throughput/latency curves (see below) instead of a sweep.")
    boolean curve;

    @Option(names = "--entry-bytes", defaultValue = "256,4096",
        description = "With --curve: log entry sizes (default: ${DEFAULT-VALUE}).")
    String entryBytes;

    @Option(names = "--p99-bound-ms", defaultValue = "50",
        description = "With --curve: a rate is sustained while the p99 commit latency stays under this"
            + " (default: ${DEFAULT-VALUE}).")
    double p99BoundMillis;

    @Option(names = "--election-seeds", defaultValue = "4",
        description = "With --curve: runs with repeated leader crashes per configuration, for the election"
            + " figures; 0 skips them (default: ${DEFAULT-VALUE}).")
    int electionSeeds;

    @Option(names = "--calibration", defaultValue = "datacenter",
        description = "With --curve: CPU costs of the resource model: datacenter (4 + 6 us per message,"
            + " 0.5 ns per byte each side) or transport (as ./cairn bench transport measured the Netty"
            + " transport) (default: ${DEFAULT-VALUE}).")
    String calibration;

    @Option(names = "--charts", paramLabel = "DIR",
        description = "With --curve: folder for the PNG charts (default: the --json file's folder).")
    java.nio.file.Path charts;

    @Option(names = "--faults", defaultValue = "all",
        description = "Comma-separated faults, 'all' or 'none' (default: ${DEFAULT-VALUE}).")
    String faults;

    @Option(names = "--acks", defaultValue = "relay",
        description = "KRaft: members acknowledge through their relay or directly: relay or direct"
            + " (default: ${DEFAULT-VALUE}).")
    String acks;

    @Option(names = "--relay-votes", description = "KRaft: send vote requests through relays too.")
    boolean relayVotes;

    @Option(names = "--chaos-ms", defaultValue = "4000",
        description = "Virtual milliseconds of faults before everything heals (default: ${DEFAULT-VALUE}).")
    int chaosMillis;

    @Option(names = "--clients", defaultValue = "4", description = "Concurrent clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--value-bytes", defaultValue = "0",
        description = "Extra payload bytes in every write, to measure larger log entries (default: ${DEFAULT-VALUE}).")
    int valueBytes;

    @Override
    public Integer call() {
      if (curve) {
        return KraftCurveReport.run(spec, curveSettings(), json, charts);
      }
      KraftSimulator.Settings settings;
      try {
        settings = new KraftSimulator.Settings(parseMode(), parseAcks(), singleNodeCount(), faults, chaosMillis,
            clients, relayVotes, valueBytes, linkGbps == null ? 0 : linkGbps);
        runs.check();
      } catch (InvalidArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      output = new SweepOutput(err, runs.seeds);
      long startNanos = System.nanoTime();
      KraftSimulator.Report report = runs.seed != null
          ? KraftSimulator.replay(settings, runs.seed, runs.trace ? err::println : line -> { })
          : sweep(settings);
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      Json.Obj figures = figures(report);
      out.println(figures.toString().replaceAll("\n\\s*", " "));
      out.flush();
      json.write(figures);
      err.printf(Locale.ROOT, "%d seed(s) in %.1f s wall time on %d thread(s); %d events, %d snapshots"
              + " installed, %d membership changes%n", report.seeds(), seconds, runs.threadCount(),
          report.events(), report.snapshotsInstalled(), report.configurationChanges());
      return output.failures(report.failures(), KraftSimulator.Failure::seed, KraftSimulator.Failure::description,
          settings::replayCommand);
    }

    private KraftSimulator.Report sweep(KraftSimulator.Settings settings) {
      return KraftSimulator.sweep(settings, runs.firstSeed, runs.seeds, runs.threadCount(), output::seedDone);
    }


    private Mode parseMode() {
      return parseMode(mode == null ? "kraft" : mode);
    }

    private static Mode parseMode(String text) {
      return switch (text.trim().toLowerCase(Locale.ROOT)) {
        case "raft" -> Mode.RAFT;
        case "kraft" -> Mode.KRAFT;
        default -> throw new InvalidArgumentException("--mode must be raft or kraft, was '" + text + "'");
      };
    }

    private int singleNodeCount() {
      List<Integer> counts = OptionChecks.intList("--nodes", nodes);
      if (counts.size() != 1) {
        throw new InvalidArgumentException("--nodes takes one count without --curve, was '" + nodes + "'");
      }
      return counts.getFirst();
    }

    private KraftCurves.Settings curveSettings() {
      try {
        List<Mode> modes = new java.util.ArrayList<>();
        for (String name : (mode == null ? "raft,kraft" : mode).split(",")) {
          modes.add(parseMode(name));
        }
        if (runs.seed != null) {
          throw new InvalidArgumentException("--seed replays one sweep run; with --curve use --first-seed");
        }
        runs.check();
        KraftCurves.Calibration costs = switch (calibration.toLowerCase(Locale.ROOT)) {
          case "datacenter" -> KraftCurves.Calibration.DATACENTER;
          case "transport" -> KraftCurves.Calibration.TRANSPORT;
          default -> throw new InvalidArgumentException(
              "--calibration must be datacenter or transport, was '" + calibration + "'");
        };
        return new KraftCurves.Settings(modes, OptionChecks.intList("--nodes", nodes),
            OptionChecks.intList("--entry-bytes", entryBytes), linkGbps == null ? 1 : linkGbps, p99BoundMillis,
            electionSeeds, runs.firstSeed, runs.threadCount(), costs);
      } catch (InvalidArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
    }

    private AckPath parseAcks() {
      return switch (acks.toLowerCase(Locale.ROOT)) {
        case "relay" -> AckPath.VIA_RELAY;
        case "direct" -> AckPath.DIRECT;
        default -> throw new InvalidArgumentException("--acks must be relay or direct, was '" + acks + "'");
      };
    }

    /** The figures, with exactly the fields and order of the issue. */
    static Json.Obj figures(KraftSimulator.Report report) {
      return Json.object()
          .put("mode", report.settings().mode().name().toLowerCase(Locale.ROOT))
          .put("nodes", report.settings().nodes())
          .put("seeds", report.seeds())
          .put("violations", report.violations())
          .put("linearizability_failures", report.linearizabilityFailures())
          .put("elections", report.elections())
          .put("split_votes", report.splitVotes())
          .put("election_ms_p50", Json.round(report.electionMillisP50(), 2))
          .put("election_ms_p99", Json.round(report.electionMillisP99(), 2))
          .put("leader_msgs_per_entry", Json.round(report.leaderMessagesPerEntry(), 2))
          .put("leader_bytes_per_entry", Json.round(report.leaderBytesPerEntry(), 2))
          .put("commit_latency_ms_p50", Json.round(report.commitLatencyMillisP50(), 2))
          .put("throughput_entries_per_s_virtual", Json.round(report.throughputEntriesPerSecondVirtual(), 2));
    }
  }
}
