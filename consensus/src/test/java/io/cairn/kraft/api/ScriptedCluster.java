package io.cairn.kraft.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A tiny synchronous cluster for scripted protocol tests (in the spirit of etcd's interaction
 * tests): nodes are named n1..nN, messages wait in one queue until {@link #deliver()} or {@link
 * #stabilize()}, every Ready is persisted and applied at once, and links can be cut one way or
 * both. Committed entries are recorded per node so tests can compare them.
 */
final class ScriptedCluster {
  private final Map<String, NodeId> ids = new LinkedHashMap<>();
  private final Map<NodeId, String> names = new HashMap<>();
  private final Map<NodeId, MemoryLogStorage> storages = new HashMap<>();
  private final Map<NodeId, RawKraft> nodes = new LinkedHashMap<>();
  private final Map<NodeId, List<Entry>> applied = new HashMap<>();
  private final Map<NodeId, List<ReadState>> reads = new HashMap<>();
  private final ArrayDeque<Message> network = new ArrayDeque<>();
  private final Set<String> cutLinks = new HashSet<>();
  private final List<Message> sent = new ArrayList<>();
  private Predicate<Message> dropFilter = message -> false;
  private final KraftConfig.Builder template;
  private long seed = 1;

  /** Voters n1..n{voters}; {@code configure} adjusts every node's settings. */
  ScriptedCluster(int voters, Consumer<KraftConfig.Builder> configure) {
    List<NodeId> founding = new ArrayList<>();
    for (int i = 1; i <= voters; i++) {
      founding.add(declare("n" + i));
    }
    this.template = KraftConfig.builder(founding.getFirst()).electionTicks(10).heartbeatTicks(1);
    configure.accept(template);
    Configuration initial = Configuration.ofVoters(founding);
    for (NodeId id : founding) {
      MemoryLogStorage storage = new MemoryLogStorage();
      RawKraft.bootstrap(storage, initial);
      storages.put(id, storage);
      start(id);
    }
  }

  ScriptedCluster(int voters) {
    this(voters, builder -> { });
  }

  /** The id of a node name (declaring it when new: a node that may join later). */
  NodeId declare(String name) {
    return ids.computeIfAbsent(name, n -> {
      NodeId id = NodeId.fromPublicKey(("scripted " + n).getBytes(StandardCharsets.UTF_8));
      names.put(id, n);
      return id;
    });
  }

  NodeId id(String name) {
    NodeId id = ids.get(name);
    if (id == null) {
      throw new IllegalArgumentException("no node " + name);
    }
    return id;
  }

  String name(NodeId id) {
    return names.getOrDefault(id, id.toString());
  }

  RawKraft node(String name) {
    return nodes.get(id(name));
  }

  MemoryLogStorage storage(String name) {
    return storages.get(id(name));
  }

  /** Starts (or restarts) a node from its storage; a new name gets empty storage. */
  void start(String name) {
    NodeId id = declare(name);
    storages.computeIfAbsent(id, any -> new MemoryLogStorage());
    start(id);
  }

  private void start(NodeId id) {
    KraftConfig config = template.id(id).appliedIndex(storages.get(id).snapshotMetadata().index()).build();
    nodes.put(id, RawKraft.start(config, storages.get(id), new SplittableRandom(seed++)));
    // The state machine is rebuilt by replaying the log from the snapshot.
    applied.put(id, new ArrayList<>());
  }

  /** Stops a node: its in-flight messages are lost, its storage stays. */
  void crash(String name) {
    NodeId id = id(name);
    nodes.remove(id);
    network.removeIf(message -> message.destination().equals(id));
  }

  void tick(String name, int ticks) {
    for (int i = 0; i < ticks; i++) {
      node(name).tick();
      persistAll();
    }
  }

  void tickAll(int ticks) {
    for (int i = 0; i < ticks; i++) {
      for (RawKraft node : nodes.values()) {
        node.tick();
      }
      persistAll();
    }
  }

  /** {@code ticks} rounds of: every node ticks once, then messages are delivered until quiet. */
  void run(int ticks) {
    for (int i = 0; i < ticks; i++) {
      tickAll(1);
      stabilize();
    }
  }

  void campaign(String name) {
    node(name).campaign();
    persistAll();
  }

  Proposal propose(String name, String data) {
    Proposal proposal = node(name).propose(data.getBytes(StandardCharsets.UTF_8));
    persistAll();
    return proposal;
  }

  /** Cuts the link {@code from -> to} (one direction). */
  void cut(String from, String to) {
    cutLinks.add(from + ">" + to);
  }

  /** Cuts both directions between {@code a} and {@code b}. */
  void cutBoth(String a, String b) {
    cut(a, b);
    cut(b, a);
  }

  /** Runs {@code campaign} then delivers until an election settles, keeping whatever cuts are set. */
  void elect(String name) {
    campaign(name);
    stabilize();
    if (!name.equals(leader())) {
      throw new AssertionError(name + " did not win; leader is " + leader());
    }
  }

  /** The applied entries' data of every running node are equal to {@code expected}. */
  boolean allApplied(List<String> expected) {
    for (NodeId id : nodes.keySet()) {
      if (!appliedData(name(id)).equals(expected)) {
        return false;
      }
    }
    return true;
  }

  /** Cuts both directions between {@code name} and everyone else. */
  void isolate(String name) {
    for (String other : ids.keySet()) {
      if (!other.equals(name)) {
        cut(name, other);
        cut(other, name);
      }
    }
  }

  void heal() {
    cutLinks.clear();
    dropFilter = message -> false;
  }

  void dropWhere(Predicate<Message> filter) {
    dropFilter = filter;
  }

  /**
   * n3 misses ten entries, n1 snapshots them as {@code state} and compacts its log, n3 comes back
   * (nothing sent yet is recorded); returns the snapshot's index.
   */
  long restartBehindACompactedLog(byte[] state) {
    elect("n1");
    crash("n3");
    for (int i = 0; i < 10; i++) {
      propose("n1", "v" + i);
    }
    stabilize();
    MemoryLogStorage storage = storage("n1");
    long index = status("n1").applied();
    storage.saveSnapshot(new Snapshot(new SnapshotMetadata(index, storage.term(index), status("n1").configuration()),
        state));
    storage.compact(index);
    start("n3");
    clearSent();
    return index;
  }

  /** Delivers every queued message once (new messages they cause wait for the next call). */
  int deliver() {
    List<Message> batch = new ArrayList<>(network);
    network.clear();
    for (Message message : batch) {
      RawKraft target = nodes.get(message.destination());
      if (target != null) {
        target.step(message);
      }
    }
    persistAll();
    return batch.size();
  }

  /**
   * Delivers one queued message, the oldest of a link drawn by {@code random} (links keep their
   * order, as over TCP; different links interleave); returns it, or null when none is queued.
   */
  Message deliverOne(SplittableRandom random) {
    Map<String, Message> heads = new LinkedHashMap<>();
    for (Message message : network) {
      heads.putIfAbsent(message.from() + ">" + message.destination(), message);
    }
    if (heads.isEmpty()) {
      return null;
    }
    Message message = new ArrayList<>(heads.values()).get(random.nextInt(heads.size()));
    network.removeFirstOccurrence(message);
    RawKraft target = nodes.get(message.destination());
    if (target != null) {
      target.step(message);
    }
    persistAll();
    return message;
  }

  /** Delivers until no message is left. */
  void stabilize() {
    persistAll();
    for (int round = 0; round < 10_000 && !network.isEmpty(); round++) {
      deliver();
    }
    if (!network.isEmpty()) {
      throw new AssertionError("cluster did not stabilize");
    }
  }

  /** Queued messages. */
  List<Message> inFlight() {
    return List.copyOf(network);
  }

  /** Every message sent since the cluster started (or since {@link #clearSent()}). */
  List<Message> sent() {
    return List.copyOf(sent);
  }

  void clearSent() {
    sent.clear();
  }

  List<Entry> applied(String name) {
    return applied.get(id(name));
  }

  /** Application data applied by {@code name}, skipping no-ops and configuration entries. */
  List<String> appliedData(String name) {
    List<String> data = new ArrayList<>();
    for (Entry entry : applied(name)) {
      if (entry.type() == EntryType.NORMAL && entry.data().length > 0) {
        data.add(new String(entry.data(), StandardCharsets.UTF_8));
      }
    }
    return data;
  }

  List<ReadState> reads(String name) {
    return reads.computeIfAbsent(id(name), any -> new ArrayList<>());
  }

  Status status(String name) {
    return node(name).status();
  }

  /** The single leader among running nodes with the highest term, or null. */
  String leader() {
    String best = null;
    long bestTerm = -1;
    for (Map.Entry<NodeId, RawKraft> node : nodes.entrySet()) {
      Status status = node.getValue().status();
      if (status.role() == Role.LEADER && status.term() > bestTerm) {
        best = name(node.getKey());
        bestTerm = status.term();
      }
    }
    return best;
  }

  private void persistAll() {
    boolean progress = true;
    while (progress) {
      progress = false;
      for (Map.Entry<NodeId, RawKraft> node : nodes.entrySet()) {
        RawKraft raft = node.getValue();
        while (raft.hasReady()) {
          progress = true;
          handle(node.getKey(), raft, raft.ready());
        }
      }
    }
  }

  private void handle(NodeId id, RawKraft raft, Ready ready) {
    MemoryLogStorage storage = storages.get(id);
    if (ready.snapshot() != null) {
      storage.applySnapshot(ready.snapshot());
    }
    storage.append(ready.entries());
    if (ready.hardState() != null) {
      storage.setHardState(ready.hardState());
    }
    for (Message message : ready.messages()) {
      sent.add(message);
      if (!cutLinks.contains(name(id) + ">" + name(message.destination())) && !dropFilter.test(message)) {
        network.add(message);
      }
    }
    if (ready.snapshot() != null) {
      applied.get(id).clear();
    }
    applied.get(id).addAll(ready.committedEntries());
    reads.computeIfAbsent(id, any -> new ArrayList<>()).addAll(ready.readStates());
    raft.advance(ready);
  }
}
