package io.cairn.kraft.sim;

import io.cairn.common.ByteWriter;
import io.cairn.kraft.api.BasicStatus;
import io.cairn.kraft.api.Configuration;
import io.cairn.kraft.api.Entry;
import io.cairn.kraft.api.EntryType;
import io.cairn.kraft.api.KraftConfig;
import io.cairn.kraft.api.Message;
import io.cairn.kraft.api.MessageCodec;
import io.cairn.kraft.api.NodeId;
import io.cairn.kraft.api.Proposal;
import io.cairn.kraft.api.ProposalDroppedException;
import io.cairn.kraft.api.RawKraft;
import io.cairn.kraft.api.ReadState;
import io.cairn.kraft.api.Ready;
import io.cairn.kraft.api.Role;
import io.cairn.kraft.api.Snapshot;
import io.cairn.kraft.api.SnapshotMetadata;
import io.cairn.kraft.lincheck.Operation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The simulated nodes and the driver loop each of them runs: inputs (ticks, messages, client
 * requests) are stepped one at a time; a node with a {@link Ready} writes it to its {@link
 * SimDisk}, waits out a simulated fsync during which further inputs queue up, and only then sends
 * the batch's messages, applies its committed entries and advances. This is exactly the
 * persist-before-send contract of {@link RawKraft}.
 *
 * <p>Thread-safety: not thread-safe; one simulation per thread.
 */
final class SimCluster {
  private static final Object TICK = new Object();
  private static final int COMPACTION_SLACK_ENTRIES = 16;

  final SimOptions options;
  final EventLoop loop;
  final SimNetwork network;
  final SplittableRandom random;
  final InvariantChecker invariants = new InvariantChecker();
  final SimMetrics metrics = new SimMetrics();
  final List<SimNode> nodes = new ArrayList<>();
  private final Map<NodeId, SimNode> byId = new HashMap<>();
  private final Consumer<ClientMessages.Reply> replies;
  private final Consumer<String> trace;
  private final boolean diskFaults;
  /** The open-loop load, when the run has one. */
  OpenLoopClient load;

  SimCluster(SimOptions options, EventLoop loop, SplittableRandom random, Consumer<ClientMessages.Reply> replies,
      Consumer<String> trace) {
    this.options = options;
    this.loop = loop;
    this.random = random;
    this.network = new SimNetwork(loop, random.split(), options.resources());
    this.replies = replies;
    this.trace = trace;
    this.diskFaults = options.faults().contains(Fault.DISK);
  }

  /**
   * A cluster of {@code options.nodes()} founding voters, bootstrapped and started (their first
   * ticks scheduled).
   */
  static SimCluster found(SimOptions options, EventLoop loop, SplittableRandom random,
      Consumer<ClientMessages.Reply> replies, Consumer<String> trace) {
    SimCluster cluster = new SimCluster(options, loop, random, replies, trace);
    List<SimNode> founding = new ArrayList<>();
    for (int i = 0; i < options.nodes(); i++) {
      founding.add(cluster.addNode());
    }
    cluster.bootstrap(founding);
    founding.forEach(cluster::start);
    return cluster;
  }

  /** The up node that leads the highest term any up node leads, or null. */
  SimNode currentLeader() {
    SimNode leader = null;
    long term = -1;
    for (SimNode node : nodes) {
      if (node.up()) {
        BasicStatus status = node.raft.basicStatus();
        if (status.role() == Role.LEADER && status.term() > term) {
          leader = node;
          term = status.term();
        }
      }
    }
    return leader;
  }

  /** Creates a node with a fresh key pair (a random 32-byte public key, hashed to its id). */
  SimNode addNode() {
    byte[] publicKey = new byte[32];
    random.nextBytes(publicKey);
    NodeId id = NodeId.fromPublicKey(publicKey);
    double scale = options.faults().contains(Fault.SKEW) ? 0.98 + 0.04 * random.nextDouble() : 1.0;
    SimNode node = new SimNode(nodes.size(), id, scale, new NodeResources(options.resources()));
    nodes.add(node);
    byId.put(id, node);
    node.disk.forgetVoteOnCrash(options.bugs().contains(SimBug.FORGET_VOTE));
    return node;
  }

  SimNode node(NodeId id) {
    return byId.get(id);
  }

  /** Writes the founding configuration to every founding node's disk. */
  void bootstrap(List<SimNode> founding) {
    Configuration initial = Configuration.ofVoters(founding.stream().map(node -> node.id).toList());
    for (SimNode node : founding) {
      RawKraft.bootstrap(node.disk, initial);
    }
  }

  // ---------------------------------------------------------------- lifecycle

  void start(SimNode node) {
    SnapshotMetadata snapshot = node.disk.snapshotMetadata();
    KraftConfig config = KraftConfig.builder(node.id)
        .mode(options.mode()).ackPath(options.ackPath())
        .electionTicks(options.electionTicks()).heartbeatTicks(options.heartbeatTicks())
        .rankStaggerTicks(options.rankStaggerTicks()).relayTimeoutTicks(options.relayTimeoutTicks())
        .relayBundleTicks(options.relayBundleTicks())
        .relayVotes(options.relayVotes()).maxEntriesBytesPerMessage(64 << 10).snapshotChunkBytes(256)
        .appliedIndex(snapshot.index())
        .build();
    node.clearVolatile();
    node.raft = RawKraft.start(config, node.disk, random.split());
    node.kv = KvStateMachine.decode(node.disk.snapshot().data());
    node.applied = snapshot.index();
    node.lastSnapshotIndex = snapshot.index();
    node.appliedConfig = snapshot.configuration();
    node.lastDurableCommit = node.disk.durableHardState().commit();
    node.state = SimNode.State.UP;
    int incarnation = ++node.incarnation;
    trace("start " + node);
    // A random phase so that nodes' clocks do not tick in lockstep.
    scheduleTick(node, incarnation, random.nextLong(tickMicros(node)) + 1);
  }

  /** Power loss: volatile state is gone, unsynced writes are lost (or, with disk faults, partly kept). */
  void crash(SimNode node, SimNode.State newState) {
    if (node.state != SimNode.State.UP) {
      node.state = newState == SimNode.State.RETIRED ? newState : node.state;
      return;
    }
    BasicStatus status = node.raft.basicStatus();
    if (status.role() == Role.LEADER && isNewestLeader(status.term())) {
      metrics.leaderCrashed(status.term(), loop.now());
    }
    node.disk.crash(random, diskFaults);
    node.clearVolatile();
    node.incarnation++;
    node.state = newState;
    trace("crash " + node + " (" + newState + ")");
  }

  private boolean isNewestLeader(long term) {
    for (long known : invariants.leaderOfTerm().keySet()) {
      if (known > term) {
        return false;
      }
    }
    return true;
  }

  private long tickMicros(SimNode node) {
    return Math.max(1, Math.round(options.tickMicros() * node.tickScale));
  }

  private void scheduleTick(SimNode node, int incarnation, long delay) {
    loop.after(delay, () -> {
      if (node.incarnation == incarnation && node.up()) {
        input(node, TICK);
        scheduleTick(node, incarnation, tickMicros(node));
      }
    });
  }

  // ---------------------------------------------------------------- the driver loop

  /** Hands {@code input} (a message, a client request, a tick or a Runnable) to {@code node}. */
  void input(SimNode node, Object input) {
    if (!node.up()) {
      return;
    }
    if (node.busy || cpuBusy(node)) {
      node.inbox.add(input);
      wakeWhenCpuFree(node);
      return;
    }
    process(node, input);
    pump(node);
  }

  /** Under a resource model: whether the node's event loop is still working on earlier inputs. */
  private boolean cpuBusy(SimNode node) {
    return options.resources().enabled() && node.resources.cpuBusy(loop.now());
  }

  /** Schedules one pump of the node's inbox for when its CPU is free (no-op without a resource model). */
  private void wakeWhenCpuFree(SimNode node) {
    if (!cpuBusy(node) || node.wakeScheduled) {
      return;
    }
    node.wakeScheduled = true;
    int incarnation = node.incarnation;
    loop.after(node.resources.cpuFreeAt() - loop.now(), () -> {
      if (node.incarnation == incarnation) {
        node.wakeScheduled = false;
        pump(node);
      }
    });
  }

  private void process(SimNode node, Object input) {
    ResourceModel model = options.resources();
    if (input == TICK) {
      node.raft.tick();
    } else if (input instanceof Message message) {
      boolean leader = node.raft.basicStatus().role() == Role.LEADER;
      if (leader || model.enabled()) {
        int bytes = MessageCodec.encodedSize(message);
        if (leader) {
          metrics.leaderMessage(bytes);
        }
        node.resources.runCpu(loop.now(), model.recvCost(bytes));
      }
      node.raft.step(message);
    } else if (input instanceof ClientMessages.Request request) {
      node.resources.runCpu(loop.now(), model.recvCost(request.paddingBytes()));
      handleRequest(node, request);
    } else if (input instanceof ClientMessages.Write write) {
      node.resources.runCpu(loop.now(), model.recvCost(write.bytes()));
      handleWrite(node, write);
    } else if (input instanceof Runnable action) {
      action.run();
    }
    afterStep(node);
  }

  private void afterStep(SimNode node) {
    BasicStatus status = node.raft.basicStatus();
    if (trace != null && status.role() != node.lastRole) {
      trace(node + " -> " + status.role() + " term " + status.term());
    }
    node.lastRole = status.role();
    if (invariants.afterStep(loop.now(), node, status)) {
      metrics.leaderElected(status.term(), loop.now());
      trace(node + " leads term " + status.term());
    }
    if (invariants.violation() != null) {
      loop.stop();
    }
  }

  private void pump(SimNode node) {
    while (node.up() && !node.busy) {
      if (cpuBusy(node)) {
        wakeWhenCpuFree(node);
        return;
      }
      while (!node.inbox.isEmpty() && node.up()) {
        process(node, node.inbox.poll());
      }
      if (!node.up() || !node.raft.hasReady()) {
        return;
      }
      startReady(node);
    }
  }

  private void startReady(SimNode node) {
    Ready ready = node.raft.ready();
    node.disk.writeBatch(ready.snapshot(), ready.entries(), ready.hardState());
    if (!ready.mustSync()) {
      finishReady(node, ready, Outgoing.ALL);
      return;
    }
    boolean sendEarly = options.bugs().contains(SimBug.SEND_BEFORE_SYNC);
    if (sendEarly) {
      sendAll(node, ready, Outgoing.ALL);
    } else {
      // What a relay passes on carries another node's promise, not this one's: it leaves now.
      sendAll(node, ready, Outgoing.PASSED_ON);
    }
    node.busy = true;
    int incarnation = node.incarnation;
    loop.after(fsyncMicros(), () -> {
      if (node.incarnation != incarnation) {
        return;
      }
      node.disk.sync();
      node.busy = false;
      finishReady(node, ready, sendEarly ? Outgoing.NONE : Outgoing.OWN);
      pump(node);
    });
  }

  private long fsyncMicros() {
    long micros = 200 + random.nextInt(800);
    if (diskFaults && random.nextInt(50) == 0) {
      micros += random.nextInt(20_000);
    }
    return micros;
  }

  private void finishReady(SimNode node, Ready ready, Outgoing outgoing) {
    invariants.afterPersist(loop.now(), node, ready, node.raft.basicStatus());
    sendAll(node, ready, outgoing);
    if (ready.snapshot() != null) {
      Snapshot snapshot = ready.snapshot();
      node.kv = KvStateMachine.decode(snapshot.data());
      node.applied = snapshot.index();
      node.appliedConfig = snapshot.metadata().configuration();
      node.lastSnapshotIndex = snapshot.index();
      invariants.onSnapshot(loop.now(), node, snapshot);
      metrics.snapshotsInstalled++;
    }
    for (Entry entry : ready.committedEntries()) {
      apply(node, entry);
    }
    node.raft.advance(ready);
    for (ReadState state : ready.readStates()) {
      ClientMessages.Request request = node.reads.remove(contextKey(state.context()));
      if (request != null) {
        node.waitingReads.add(new SimNode.WaitingRead(state.index(), request));
      }
    }
    serveReads(node);
    maybeSnapshot(node);
    afterStep(node);
  }

  /**
   * Which of a Ready's messages to send: a node's own (from itself: they promise its durable state,
   * so they wait for the sync) or those it passes on as a relay (another node's request or
   * response, see {@link Ready}), which may leave before the sync.
   */
  private enum Outgoing {
    ALL, OWN, PASSED_ON, NONE;

    boolean includes(SimNode node, Message message) {
      return switch (this) {
        case ALL -> true;
        case NONE -> false;
        case OWN -> message.from().equals(node.id);
        case PASSED_ON -> !message.from().equals(node.id);
      };
    }
  }

  private void sendAll(SimNode node, Ready ready, Outgoing outgoing) {
    if (outgoing == Outgoing.NONE) {
      return;
    }
    boolean leader = node.raft.basicStatus().role() == Role.LEADER;
    ResourceModel model = options.resources();
    for (Message message : ready.messages()) {
      if (!outgoing.includes(node, message)) {
        continue;
      }
      SimNode target = byId.get(message.destination());
      if (target == null) {
        continue;
      }
      int bytes = leader || model.enabled() ? MessageCodec.encodedSize(message) : 0;
      if (leader) {
        metrics.leaderMessage(bytes);
      }
      double readyAt = node.resources.runCpu(loop.now(), model.sendCost(bytes));
      Message delivered = options.wireRoundTrip() ? MessageCodec.decode(MessageCodec.encode(message)) : message;
      network.send(node.index, target.index, node.resources, target.resources, bytes, readyAt,
          () -> input(target, delivered));
    }
  }

  private void apply(SimNode node, Entry entry) {
    invariants.onApply(loop.now(), node, entry);
    node.resources.runCpu(loop.now(), options.resources().applyMicros());
    if (entry.type() == EntryType.CONFIG) {
      node.appliedConfig = Configuration.decode(entry.data());
    } else if (entry.data().length > 0) {
      KvCommand command = KvCommand.decode(entry.data());
      long result = node.kv.apply(command);
      if (load != null && command.client() == ClientMessages.Write.OPEN_LOOP_CLIENT) {
        load.committed(command.seq());
      }
      ClientMessages.Request request = node.writes.remove(SimNode.sessionKey(command.client(), command.seq()));
      if (request != null) {
        reply(new ClientMessages.Reply(request.client(), request.seq(), false, -1, result));
      }
    }
    node.applied = entry.index();
    long[] proposed = node.proposals.remove(entry.index());
    if (proposed != null && proposed[0] == entry.term()) {
      metrics.committed(loop.now() - proposed[1]);
    }
  }

  private void serveReads(SimNode node) {
    Iterator<SimNode.WaitingRead> it = node.waitingReads.iterator();
    while (it.hasNext()) {
      SimNode.WaitingRead read = it.next();
      if (read.index() <= node.applied) {
        it.remove();
        ClientMessages.Request request = read.request();
        reply(new ClientMessages.Reply(request.client(), request.seq(), false, -1, node.kv.get(request.key())));
      }
    }
  }

  /** The application's own snapshot and log compaction, every {@code snapshotEveryEntries} applied entries. */
  private void maybeSnapshot(SimNode node) {
    if (node.applied - node.lastSnapshotIndex < options.snapshotEveryEntries()) {
      return;
    }
    long index = node.applied;
    Snapshot snapshot = new Snapshot(new SnapshotMetadata(index, node.disk.term(index), node.appliedConfig),
        node.kv.encode());
    node.disk.snapshotAndCompact(snapshot, Math.max(node.disk.firstIndex() - 1, index - COMPACTION_SLACK_ENTRIES));
    node.lastSnapshotIndex = index;
  }

  // ---------------------------------------------------------------- clients at the node

  private void handleRequest(SimNode node, ClientMessages.Request request) {
    BasicStatus status = node.raft.basicStatus();
    if (request.kind() == Operation.Kind.GET) {
      if (options.bugs().contains(SimBug.STALE_FOLLOWER_READS) && status.role() != Role.LEADER) {
        reply(new ClientMessages.Reply(request.client(), request.seq(), false, -1, node.kv.get(request.key())));
        return;
      }
      byte[] context = new ByteWriter(16).varint(request.client()).varint(request.seq())
          .varint(node.readNonce++).toByteArray();
      if (node.raft.readIndex(context)) {
        node.reads.put(contextKey(context), request);
      } else {
        replyNotLeader(node, request, status);
      }
      return;
    }
    if (status.role() != Role.LEADER) {
      replyNotLeader(node, request, status);
      return;
    }
    try {
      Proposal proposal = node.raft.propose(request.command().encode());
      node.writes.put(SimNode.sessionKey(request.client(), request.seq()), request);
      node.proposals.put(proposal.index(), new long[] {proposal.term(), loop.now()});
    } catch (ProposalDroppedException e) {
      replyNotLeader(node, request, status);
    }
  }

  /** An open-loop write: proposed if this node leads, else handed back to the load to re-route. */
  private void handleWrite(SimNode node, ClientMessages.Write write) {
    if (node.raft.basicStatus().role() != Role.LEADER) {
      load.rejected(write);
      return;
    }
    try {
      Proposal proposal = node.raft.propose(write.command().encode());
      node.proposals.put(proposal.index(), new long[] {proposal.term(), write.arrivalMicros()});
    } catch (ProposalDroppedException e) {
      load.rejected(write);
    }
  }

  private void replyNotLeader(SimNode node, ClientMessages.Request request, BasicStatus status) {
    SimNode leader = status.leader() == null ? null : byId.get(status.leader());
    int hint = leader == null || leader == node ? -1 : leader.index;
    reply(new ClientMessages.Reply(request.client(), request.seq(), true, hint, 0));
  }

  private void reply(ClientMessages.Reply reply) {
    network.sendClient(() -> replies.accept(reply));
  }

  private static String contextKey(byte[] context) {
    return java.util.HexFormat.of().formatHex(context);
  }

  /** Writes every node's state to the trace (after a failure). */
  void dumpState() {
    for (SimNode node : nodes) {
      if (node.up()) {
        trace(node + " " + node.raft.status() + " disk first " + node.disk.firstIndex() + " last "
            + node.disk.lastIndex() + " applied " + node.applied + " busy " + node.busy + " inbox " + node.inbox.size());
      } else {
        trace(node + " " + node.state);
      }
    }
  }

  void trace(String line) {
    if (trace != null) {
      trace.accept(String.format("%10.3fms %s", loop.now() / 1000.0, line));
    }
  }
}
