package io.cairn.kraft.sim;

import io.cairn.kraft.lincheck.LinearizabilityChecker;
import io.cairn.kraft.lincheck.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * One deterministic run of a simulated cluster: founding voters bootstrap and start, clients
 * work against them while the faults of the chaos phase play, then everything heals and the
 * clients must finish their operations within the drain period (liveness). The invariants are
 * checked after every step and the client history at the end. Everything random comes from the
 * seed, so a run is reproduced exactly by its options and seed.
 *
 * <p>Thread-safety: not thread-safe; each run is confined to one thread.
 */
public final class Simulation {
  private static final long CHECK_IDLE_EVERY_MICROS = 10_000;

  private final SimOptions options;
  private final long seed;
  private final Consumer<String> trace;
  private Consumer<SimCluster> script;

  /** A run of {@code options} with {@code seed}; {@code trace} receives an event log (or null). */
  public Simulation(SimOptions options, long seed, Consumer<String> trace) {
    this.options = options;
    this.seed = seed;
    this.trace = trace;
  }

  /**
   * Adds scripted events (tests): {@code value} is called once with the founded cluster, after the
   * faults are scheduled, and schedules what it wants on the cluster's event loop.
   */
  Simulation script(Consumer<SimCluster> value) {
    script = value;
    return this;
  }

  /** Runs to the end (or to the first violation) and reports. */
  public SimResult run() {
    SplittableRandom random = new SplittableRandom(seed);
    EventLoop loop = new EventLoop();
    List<Operation> history = new ArrayList<>();
    List<SimClient> clients = new ArrayList<>();
    SimCluster cluster = SimCluster.found(options, loop, random.split(),
        reply -> clients.get(reply.client()).onReply(reply), trace);
    SplittableRandom clientRandom = random.split();
    for (int i = 0; i < options.clients(); i++) {
      SimClient client = new SimClient(i, cluster, clientRandom.split(), options.keys(), history);
      clients.add(client);
      client.start();
    }
    FaultInjector faults = new FaultInjector(cluster, random.split(), options.nodes());
    long chaosEnd = options.chaosMillis() * 1000L;
    long quietEnd = chaosEnd + options.quietMillis() * 1000L;
    long deadline = quietEnd + options.drainMillis() * 1000L;
    faults.schedule(chaosEnd);
    if (script != null) {
      script.accept(cluster);
    }
    loop.runUntil(chaosEnd);
    if (!loop.stopped()) {
      faults.heal();
      loop.runUntil(quietEnd);
    }
    clients.forEach(SimClient::stop);
    while (!loop.stopped() && loop.now() < deadline && !clients.stream().allMatch(SimClient::idle)) {
      loop.runUntil(Math.min(deadline, loop.now() + CHECK_IDLE_EVERY_MICROS));
    }
    String violation = cluster.invariants.violation();
    long failureAt = cluster.invariants.violationMicros();
    if (violation == null && !clients.stream().allMatch(SimClient::idle)) {
      violation = "liveness: client operations still unanswered " + options.drainMillis()
          + " ms after the cluster healed and clients stopped";
      failureAt = loop.now();
    }
    if (violation != null && trace != null) {
      cluster.dumpState();
    }
    clients.forEach(SimClient::finish);
    LinearizabilityChecker.Result check = violation == null
        ? LinearizabilityChecker.check(history)
        : new LinearizabilityChecker.Result(true, 0, List.of());
    if (!check.linearizable() && trace != null) {
      trace.accept("non-linearizable history of key " + check.key() + ":");
      check.keyHistory().forEach(op -> trace.accept("  " + op));
    }
    SimMetrics metrics = cluster.metrics;
    return new SimResult(seed, violation, check.linearizable(), check.key(),
        violation != null ? failureAt : loop.now(), metrics.leaderMessages, metrics.leaderBytes,
        cluster.invariants.committedEntries(), metrics.elections,
        SimMetrics.splitVotes(cluster.invariants.candidatesOfTerm(), cluster.invariants.leaderOfTerm()),
        metrics.electionMicros, metrics.commitMicros, loop.now(), loop.executed(), history.size(),
        metrics.snapshotsInstalled, cluster.invariants.configurationChanges());
  }
}
