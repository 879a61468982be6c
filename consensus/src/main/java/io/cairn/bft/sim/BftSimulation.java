package io.cairn.bft.sim;

import io.cairn.bft.api.BftCodec;
import io.cairn.bft.api.BftConfig;
import io.cairn.bft.api.BftMessage;
import io.cairn.bft.api.BftReplica;
import io.cairn.bft.api.Certificate;
import io.cairn.bft.api.Decision;
import io.cairn.bft.api.Envelope;
import io.cairn.bft.api.Ready;
import io.cairn.bft.api.Reply;
import io.cairn.bft.api.Request;
import io.cairn.bft.api.Verifier;
import io.cairn.kraft.sim.EventLoop;
import io.cairn.kraft.sim.NodeResources;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * One deterministic run: n replicas (some Byzantine, see {@link Adversary}), closed-loop clients,
 * a network that reorders and duplicates and is asynchronous until GST, and the {@link CostModel}
 * in virtual time (every replica's CPU and NIC are a {@link NodeResources} of the KRaft simulator). After every step the {@link SafetyChecker} checks agreement; an honest replica
 * whose invariant breaks is a violation too; at the end every client must be done (liveness).
 * Everything random comes from the seed, so a failing seed replays exactly.
 */
public final class BftSimulation {
  private static final long LIMIT_AFTER_GST_MICROS = 120_000_000L;
  private final SimSettings settings;
  final long seed;
  private final Consumer<String> trace;
  final SplittableRandom random;
  final EventLoop loop = new EventLoop();
  final BftConfig config;
  private final CostModel costs;
  final BftReplica[] replicas;
  private final Adversary[] adversaries;
  private final NodeResources[] nodes;
  private final List<SimClient> clients = new ArrayList<>();
  private final SafetyChecker checker = new SafetyChecker();
  final long gstMicros;
  private String violation;
  private long messages;
  private long bytes;
  private long requestsDone;
  private final long requestsTotal;
  private long steadyFromMicros = -1;
  private long steadyUntilMicros = -1;
  private long lastDoneMicros;
  private int clientsDone;
  private long fast;
  private long slow;
  /** Seed 002: the added replica (index n) and how it misbehaves; null when nothing is added. */
  private final JoinPlan join;
  private final Verifier keysVerifier;

  public BftSimulation(SimSettings settings, long seed, Consumer<String> trace) {
    this.settings = settings;
    this.seed = seed;
    this.trace = trace;
    this.random = new SplittableRandom(seed);
    this.config = settings.config();
    this.costs = settings.costs();
    this.gstMicros = settings.chaosMillis() * 1000L;
    int n = settings.nodes();
    int total = settings.addNode().enabled() ? n + 1 : n;
    KeyRing keys = settings.ed25519() ? new Ed25519Keys(total, seed) : new SimKeys(total, seed);
    Set<Integer> byzantine = chooseByzantine(n, settings.byzantine());
    replicas = new BftReplica[total];
    adversaries = new Adversary[total];
    nodes = new NodeResources[total];
    for (int i = 0; i < total; i++) {
      nodes[i] = new NodeResources(costs.resources());
    }
    for (int i = 0; i < n; i++) {
      replicas[i] = BftReplica.start(config, i, keys.signer(i), keys.verifier(), new SplittableRandom(seed * 31 + i));
      if (byzantine.contains(i)) {
        adversaries[i] = new Adversary(settings.attack(), i, config, keys.signer(i), byzantine, random.split());
      }
    }
    keysVerifier = keys.verifier();
    int replyQuorum = config.f(BftConfig.firstView(total - n)) + 1;
    for (int c = 0; c < settings.clients(); c++) {
      clients.add(new SimClient(c, config, keys.verifier(), settings.requestsPerClient(), null, replyQuorum));
    }
    requestsTotal = (long) settings.clients() * settings.requestsPerClient();
    join = settings.addNode().enabled() ? new JoinPlan(this, keys, settings.addNode().joiner(), replyQuorum) : null;
    if (!byzantine.isEmpty()) {
      log("byzantine " + byzantine + " attacks " + java.util.Arrays.stream(adversaries)
          .filter(a -> a != null).map(a -> a.attack().name()).toList());
    }
  }

  /** Byzantine replicas: half of the runs include the first primary. */
  private Set<Integer> chooseByzantine(int n, int count) {
    Set<Integer> chosen = new TreeSet<>();
    if (count > 0 && random.nextBoolean()) {
      chosen.add(0);
    }
    while (chosen.size() < count) {
      chosen.add(random.nextInt(n));
    }
    return chosen;
  }

  /** Runs to the end: all clients done, a violation, or the time limit. */
  public RunResult run() {
    for (int i = 0; i < replicas.length; i++) {
      int replica = i;
      loop.after(random.nextLong(costs.tickMicros()), () -> tick(replica));
    }
    for (int c = 0; c < settings.clients(); c++) {
      SimClient client = clients.get(c);
      loop.after(random.nextLong(1000), () -> sendRequest(client, false));
    }
    if (join != null) {
      join.schedule();
    }
    loop.runUntil(gstMicros + LIMIT_AFTER_GST_MICROS);
    if (violation == null && join != null) {
      violation = join.unsettled();
    }
    if (violation == null && clientsDone < clients.size()) {
      StringBuilder stuck = new StringBuilder("liveness: requests not committed by the end:");
      for (SimClient client : clients) {
        if (!client.done()) {
          stuck.append(" client ").append(client.id).append(" t").append(client.timestamp());
        }
      }
      violation = stuck.toString();
    }
    long highestView = 0;
    long rejected = 0;
    for (int i = 0; i < replicas.length; i++) {
      if (adversaries[i] == null && replicas[i] != null) {
        highestView = Math.max(highestView, replicas[i].view());
        rejected += replicas[i].rejected();
      }
    }
    long steadyRequests = steadyRequests(0.8) - steadyRequests(0.2);
    double steady = steadyUntilMicros > steadyFromMicros && steadyFromMicros >= 0
        ? steadyRequests * 1e6 / (steadyUntilMicros - steadyFromMicros) : 0;
    double busiest = 0;
    double backups = 0;
    for (int i = 0; i < nodes.length; i++) {
      busiest = Math.max(busiest, nodes[i].cpuBusyMicros());
      backups += i == 0 ? 0 : nodes[i].cpuBusyMicros() / (nodes.length - 1);
    }
    long end = clientsDone == clients.size() ? lastDoneMicros : loop.now();
    return new RunResult(seed, violation, checker.decisions(), messages, bytes, requestsDone, end, rejected,
        highestView, fast, slow, steady, share(busiest, end), share(nodes[0].cpuBusyMicros(), end), share(backups, end));
  }

  private static double share(double busyMicros, long end) {
    return end == 0 ? 0 : Math.min(1, busyMicros / end);
  }

  void tick(int replica) {
    BftReplica current = replicas[replica];
    if (violation != null || current == null) {
      return;
    }
    loop.after(costs.tickMicros(), () -> {
      if (replicas[replica] == current) {
        tick(replica);
      }
    });
    runOn(replica, 1, () -> {
      replicas[replica].tick();
      if (adversaries[replica] != null) {
        transmit(replica, adversaries[replica].onTick());
      }
    });
  }

  /** The request count at which the steady window (20 % to 80 % of all requests done) starts or ends. */
  private long steadyRequests(double share) {
    return (long) Math.ceil(share * requestsTotal);
  }

  /** Runs {@code work} on the replica's CPU once it is free, after {@code costMicros} of work. */
  private void runOn(int replica, double costMicros, Runnable work) {
    double end = nodes[replica].runCpu(loop.now(), costMicros);
    BftReplica current = replicas[replica];
    loop.after((long) Math.ceil(end) - loop.now(), () -> {
      if (violation != null || current == null || replicas[replica] != current) {
        return;
      }
      try {
        work.run();
      } catch (RuntimeException e) {
        if (adversaries[replica] == null) {
          fail("replica " + replica + " crashed: " + e.getMessage());
          return;
        }
      }
      flush(replica);
    });
  }

  /**
   * The message leaves the sender's NIC once its CPU is done at {@code readyAt} (plus an
   * adversary's {@code extraMicros}), crosses the network, and takes its turn at the receiver's
   * ingress port; the network replays some messages (a second copy, later).
   */
  private void deliver(int from, int to, BftMessage message, int size, double readyAt, long extraMicros) {
    double left = nodes[from].egress(readyAt, size);
    long atPort = (long) Math.ceil(left) + extraMicros + networkDelay()
        + (join != null ? join.extraDelayMicros(from, to) : 0);
    atPort(to, message, from, size, atPort);
    if (random.nextInt(100) < settings.duplicatePercent()) {
      atPort(to, message, from, size, atPort + random.nextLong(50_000));
    }
  }

  private void atPort(int to, BftMessage message, int from, int size, long atPort) {
    loop.after(Math.max(0, atPort - loop.now()), () -> {
      long in = (long) Math.ceil(nodes[to].ingress(loop.now(), size));
      loop.after(in - loop.now(), () -> arrive(from, to, message, size));
    });
  }

  private long networkDelay() {
    if (loop.now() < gstMicros && settings.chaosDelayMillis() > 0) {
      return random.nextLong(settings.chaosDelayMillis() * 1000L);
    }
    return costs.latencyMicros() + (costs.jitterMicros() > 0 ? random.nextLong(costs.jitterMicros()) : 0);
  }

  private void arrive(int from, int to, BftMessage message, int size) {
    if (trace != null) {
      log("r" + from + " -> r" + to + " " + message.brief());
    }
    runOn(to, costs.receive(message, size), () -> {
      if (adversaries[to] != null) {
        transmit(to, adversaries[to].onReceive(message));
      }
      replicas[to].step(message);
    });
  }

  private void flush(int replica) {
    Ready ready = replicas[replica].ready();
    Adversary adversary = adversaries[replica];
    for (Decision decision : ready.decisions()) {
      nodes[replica].runCpu(loop.now(), costs.apply(decision.batch().size()));
      if (adversary == null) {
        log("r" + replica + " executes s" + decision.seq() + " d=" + BftMessage.shortHex(decision.digest()) + " ["
            + decision.batch().size() + " req]");
        String problem = checker.onDecision(replica, decision);
        if (problem != null) {
          fail(problem);
          return;
        }
      }
    }
    if (adversary == null) {
      List<Adversary.Out> out = new ArrayList<>(ready.messages().size());
      for (Envelope envelope : ready.messages()) {
        out.add(new Adversary.Out(envelope.to(), envelope.message(), 0));
      }
      transmit(replica, out);
    } else {
      transmit(replica, adversary.outgoing(ready.messages()));
    }
    if (adversary == null || adversary.repliesToClients()) {
      for (Reply reply : ready.replies()) {
        loop.after(Math.max(0, nodes[replica].cpuFreeAt() - loop.now()) + networkDelay(), () -> onReply(reply));
      }
    }
    if (join != null) {
      join.afterStep(replica);
    }
  }

  /** Sends messages one after another through the replica's interface, charging its CPU. */
  private void transmit(int replica, List<Adversary.Out> out) {
    Map<BftMessage, Integer> sizes = new IdentityHashMap<>();
    for (Adversary.Out o : out) {
      Integer size = sizes.get(o.message());
      double cpu = 0;
      if (size == null) {
        size = BftCodec.encode(o.message()).length;
        sizes.put(o.message(), size);
        cpu += o.message().signature().length > 0 ? costs.signMicros() : 0;
      }
      double readyAt = nodes[replica].runCpu(loop.now(), cpu + costs.send(size));
      if (adversaries[replica] == null) {
        messages++;
        bytes += size;
        if (o.message() instanceof Certificate c && c.kind() != Certificate.Kind.CHECKPOINT) {
          fast += c.kind() == Certificate.Kind.FAST ? 1 : 0;
          slow += c.kind() == Certificate.Kind.COMMITTED ? 1 : 0;
        }
      }
      deliver(replica, o.to(), o.message(), size, readyAt, o.delayMicros());
    }
  }

  void sendRequest(SimClient client, boolean toAll) {
    if (violation != null || client.done()) {
      return;
    }
    Request request = client.current();
    client.sentAtMicros = loop.now();
    int size = BftCodec.encode(request).length;
    for (int to = 0; to < replicas.length; to++) {
      if ((toAll && replicas[to] != null) || to == client.primary()) {
        int target = to;
        atRequest(target, request, size);
      }
    }
    long timestamp = client.timestamp();
    loop.after(500_000, () -> {
      if (!client.done() && client.timestamp() == timestamp) {
        sendRequest(client, true);
      }
    });
  }

  /** A client's request crosses the network and the replica's ingress port, then costs its CPU. */
  private void atRequest(int target, Request request, int size) {
    loop.after(networkDelay(), () -> {
      long in = (long) Math.ceil(nodes[target].ingress(loop.now(), size));
      loop.after(in - loop.now(), () -> {
        if (replicas[target] != null) {
          runOn(target, costs.receive(request, size), () -> replicas[target].step(request));
        }
      });
    });
  }

  private void onReply(Reply reply) {
    SimClient client = reply.client() < clients.size() ? clients.get((int) reply.client()) : null;
    if (violation != null || client == null || !client.onReply(reply)) {
      return;
    }
    requestsDone++;
    lastDoneMicros = loop.now();
    if (requestsDone == steadyRequests(0.2)) {
      steadyFromMicros = loop.now();
    }
    if (requestsDone == steadyRequests(0.8)) {
      steadyUntilMicros = loop.now();
    }
    if (client.done()) {
      clientsDone++;
      maybeStop();
    } else {
      sendRequest(client, false);
    }
  }

  /** Stops once every client is done and, with an add, every honest replica runs the new configuration. */
  void maybeStop() {
    if (clientsDone == clients.size() && (join == null || join.unsettled() == null)) {
      loop.stop();
    }
  }

  boolean honest(int replica) {
    return adversaries[replica] == null;
  }

  /** Adds a client (its id is its index) and returns it. */
  SimClient addClient(byte[] operation, int requests, int replyQuorum) {
    SimClient client = new SimClient(clients.size(), config, keysVerifier, requests, operation, replyQuorum);
    clients.add(client);
    return client;
  }

  void fail(String problem) {
    if (violation == null) {
      violation = problem;
      log("VIOLATION " + problem);
      loop.stop();
    }
  }

  void log(String line) {
    if (trace != null) {
      trace.accept(String.format(Locale.ROOT, "%10.3f ms  %s", loop.now() / 1000.0, line));
    }
  }
}
