package io.cairn.node.cli;

import io.cairn.bft.api.Protocol;
import io.cairn.bft.sim.AddNode;
import io.cairn.bft.sim.Attack;
import io.cairn.bft.sim.BftSimulator;
import io.cairn.bft.sim.CostModel;
import io.cairn.bft.sim.ProtocolComparison;
import io.cairn.bft.sim.SimSettings;
import io.cairn.common.InvalidArgumentException;
import io.cairn.node.api.Json;
import io.cairn.node.api.JsonOption;
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

/** {@code cairn sim bft}: sweep seeds of a simulated PBFT or SBFT group with Byzantine replicas. */
@Command(
    name = "bft",
    mixinStandardHelpOptions = true,
    description = {
      "Simulates a PBFT or SBFT replica group in virtual time, one run per seed, with --byzantine replicas"
          + " attacking (equivocation, forged signatures, replays, withheld votes, a slow primary, all colluding)"
          + " and an asynchronous network until GST; checks after every step that no two honest replicas commit"
          + " different batches at one sequence number, and at the end that every client request committed.",
      "Prints one line of figures (and writes them with --json). Every failing seed is printed with the command"
          + " that replays it exactly; the exit status is then 1."
    },
    footer = {"", "Attacks: silent, withhold-votes, equivocate, forge, replay, slow, mixed (each Byzantine replica"
        + " picks one).",
        "--compare runs PBFT, SBFT, Raft and KRaft at each size of --sizes in one resource model (KRaft's NIC and CPU"
            + " model at --link-gbps, plus Ed25519 costs for PBFT/SBFT): messages and bytes per request and per"
            + " decision, and throughput (BFT: saturated closed loop; Raft/KRaft: highest open-loop rate with p99"
            + " <= 50 ms); a table, JSON with --json, PNG charts into --charts (default: the JSON's folder).",
        "Docs: docs/bft.md (design, safety argument, simulator, measurements)."})
final class SimBftCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  private SweepOutput output;

  @Mixin JsonOption json;

  @Mixin SeedRange runs;

  @Option(names = "--protocol", defaultValue = "pbft", description = "pbft or sbft (default: ${DEFAULT-VALUE}).")
  String protocol;

  @Option(names = "--nodes", defaultValue = "4", description = "Replicas n, at least 4 (default: ${DEFAULT-VALUE}).")
  int nodes;

  @Option(names = "--byzantine", defaultValue = "0",
      description = "Byzantine replicas; safety and liveness hold up to f = (n-1)/3 (default: ${DEFAULT-VALUE}).")
  int byzantine;

  @Option(names = "--attack", defaultValue = "mixed", description = "What the Byzantine replicas do (default: ${DEFAULT-VALUE}).")
  String attack;

  @Option(names = "--clients", defaultValue = "4", description = "Closed-loop clients (default: ${DEFAULT-VALUE}).")
  int clients;

  @Option(names = "--requests", defaultValue = "6", description = "Requests per client (default: ${DEFAULT-VALUE}).")
  int requests;

  @Option(names = "--chaos-ms", defaultValue = "1000",
      description = "Virtual milliseconds of asynchrony (random delays, reordering) before GST (default: ${DEFAULT-VALUE}).")
  int chaosMillis;

  @Option(names = "--ed25519", description = "Sign with real JDK Ed25519 keys instead of the fast simulator keys.")
  boolean ed25519;

  @Option(names = "--add-node", description = "Seed 002: the regulator adds replica n during every run; it"
      + " synchronizes and votes in the next configuration (docs/bft.md §10).")
  boolean addNode;

  @Option(names = "--joiner", defaultValue = "mixed",
      description = "--add-node: the new replica's fault while it synchronizes: ok, slow, crash or mixed"
          + " (default: ${DEFAULT-VALUE}).")
  String joiner;

  @Option(names = "--compare", description = "Compare PBFT, SBFT, Raft and KRaft (see below) instead of a sweep.")
  boolean compare;

  @Option(names = "--sizes", defaultValue = "4,7,16,31,64", split = ",",
      description = "--compare: cluster sizes (default: ${DEFAULT-VALUE}).")
  java.util.List<Integer> sizes;

  @Option(names = "--compare-protocols", defaultValue = "pbft,sbft,raft,kraft", split = ",",
      description = "--compare: which protocols (default: ${DEFAULT-VALUE}).")
  List<String> compareProtocols;

  @Option(names = "--link-gbps", defaultValue = "1", description = "--compare: NIC Gbit/s (default: ${DEFAULT-VALUE}).")
  double linkGbps;

  @Option(names = "--compare-clients", defaultValue = "1024",
      description = "--compare: closed-loop BFT clients, enough to fill batches (default: ${DEFAULT-VALUE}).")
  int compareClients;

  @Option(names = "--compare-requests", defaultValue = "4",
      description = "--compare: requests per BFT client (default: ${DEFAULT-VALUE}).")
  int compareRequests;

  @Option(names = "--no-batch-verify", description = "Check every signature alone, also a certificate's votes"
      + " (the model before session 5; by default a message's several signatures are one Ed25519 batch).")
  boolean noBatchVerify;

  @Option(names = "--charts", paramLabel = "DIR", description = "--compare: folder for the PNG charts.")
  java.nio.file.Path charts;

  @Override
  public Integer call() {
    if (compare) {
      ProtocolComparison.Settings settings;
      try {
        settings = new ProtocolComparison.Settings(sizes, linkGbps, compareClients, compareRequests, 50, 1,
            !noBatchVerify);
      } catch (InvalidArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      if (compareProtocols.isEmpty() || !ProtocolComparison.PROTOCOLS.containsAll(compareProtocols)) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--compare-protocols must be among " + ProtocolComparison.PROTOCOLS + ", was " + compareProtocols);
      }
      return BftCompareReport.run(spec, settings, compareProtocols, json, charts);
    }
    SimSettings settings;
    try {
      settings = new SimSettings(parseProtocol(), nodes, byzantine, parseAttack(), clients, requests, chaosMillis,
          chaosMillis > 0 ? 120 : 0, chaosMillis > 0 ? 3 : 0, ed25519,
          noBatchVerify ? CostModel.defaults().oneByOne() : CostModel.defaults(), parseAddNode());
      runs.check();
    } catch (IllegalArgumentException | InvalidArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    output = new SweepOutput(err, runs.seeds);
    long startNanos = System.nanoTime();
    BftSimulator.Report report = runs.seed != null
        ? BftSimulator.replay(settings, runs.seed, runs.trace ? line -> err.println(line) : null)
        : sweep(settings);
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    Json.Obj figures = figures(report);
    out.println(figures.toString().replaceAll("\n\\s*", " "));
    out.flush();
    json.write(figures);
    err.printf(Locale.ROOT, "%d seed(s) in %.1f s wall time; %.0f bytes per decision; %d decisions; highest view %d;"
            + " %d forged or invalid messages rejected; SBFT fast/slow commit certificates %d/%d%n",
        report.seeds(), seconds, report.bytesPerDecision(), report.decisions(), report.highestView(), report.rejected(),
        report.fastCertificates(), report.slowCertificates());
    return output.failures(report.failures(), BftSimulator.Failure::seed, BftSimulator.Failure::description,
        report::replayCommand);
  }

  private BftSimulator.Report sweep(SimSettings settings) {
    return BftSimulator.sweep(settings, runs.firstSeed, runs.seeds, runs.threadCount(), output::seedDone);
  }

  private Protocol parseProtocol() {
    return switch (protocol.toLowerCase(Locale.ROOT)) {
      case "pbft" -> Protocol.PBFT;
      case "sbft" -> Protocol.SBFT;
      default -> throw new IllegalArgumentException("--protocol must be pbft or sbft, was '" + protocol + "'");
    };
  }

  private AddNode parseAddNode() {
    try {
      return addNode ? new AddNode(true, AddNode.Joiner.parse(joiner)) : AddNode.NONE;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--joiner must be one of ok, slow, crash, mixed; was '" + joiner + "'");
    }
  }

  private Attack parseAttack() {
    try {
      return Attack.parse(attack);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--attack must be one of silent, withhold-votes, equivocate, forge, replay,"
          + " slow, mixed; was '" + attack + "'");
    }
  }

  /** The figures, with exactly the fields and order of the issue. */
  static Json.Obj figures(BftSimulator.Report report) {
    return Json.object()
        .put("protocol", report.settings().protocol().name().toLowerCase(Locale.ROOT))
        .put("nodes", report.settings().nodes())
        .put("byzantine", report.settings().byzantine())
        .put("seeds", report.seeds())
        .put("violations", report.violations())
        .put("msgs_per_decision", Json.round(report.messagesPerDecision(), 2))
        .put("throughput_per_s_virtual", Json.round(report.throughputPerSecondVirtual(), 2));
  }
}
