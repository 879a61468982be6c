package io.cairn.chain.dag;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Many {@link DagNode}s in one process, joined by a seeded simulated network with delay and loss:
 * a tick-driven discrete-event simulation in which the same {@link Config} (seed included) always
 * gives the same run.
 *
 * <p>Each tick: new transactions reach random nodes and are gossiped; each node generates a block
 * with probability {@code blockChance} and sends it to every peer; messages arrive after a delay
 * drawn uniformly from {@code [delayMin, delayMax]} ticks, or are lost with probability {@code
 * loss}. Lost blocks come back through pulling: every {@code syncEvery} ticks each node sends its
 * tips to one random peer, and a node asks the sender for any block it does not know (announced
 * tips and the missing parents of held blocks). After {@code ticks} ticks generation stops and the
 * network runs until every node holds every block (or {@link #QUIET_TICKS_MAX} pass).
 *
 * <p>Thread-safety: not thread-safe; one run per instance.
 */
public final class DagSimulation {
  /**
   * The parameters of one run.
   *
   * @param nodes number of nodes
   * @param seed the seed of every random choice
   * @param ticks ticks with generation
   * @param blockChance probability that a node generates a block in a tick
   * @param txsPerTick new transactions per tick (over all nodes)
   * @param txsPerBlock most transactions in a block
   * @param delayMin smallest message delay, ticks (at least 1)
   * @param delayMax largest message delay, ticks
   * @param loss probability that a message is lost
   * @param syncEvery ticks between two tip announcements of a node
   * @param conflictChance probability that a new transaction claims the key of an earlier one
   */
  public record Config(int nodes, long seed, int ticks, double blockChance, int txsPerTick, int txsPerBlock,
      int delayMin, int delayMax, double loss, int syncEvery, double conflictChance) {
    public Config {
      if (nodes < 1 || ticks < 0 || delayMin < 1 || delayMax < delayMin || loss < 0 || loss >= 1
          || syncEvery < 1 || blockChance < 0 || blockChance > 1 || txsPerTick < 0 || txsPerBlock < 0) {
        throw new IllegalArgumentException("bad simulation config " + this);
      }
    }

    /** A small default network: 5 nodes, delay 1..3 ticks, 10% loss. */
    public static Config defaults(long seed) {
      return new Config(5, seed, 200, 0.3, 20, 100, 1, 3, 0.1, 5, 0.02);
    }
  }

  private sealed interface Message {}

  private record BlockMessage(DagBlock block, int from) implements Message {}

  private record TxMessage(DagTx tx) implements Message {}

  private record WantMessage(List<DagId> ids, int from) implements Message {}

  private record TipsMessage(List<DagId> tips, int from) implements Message {}

  private record Delivery(long tick, long sequence, int to, Message message) {}

  /** Quiet ticks after generation at most, before a run is declared not converged. */
  public static final int QUIET_TICKS_MAX = 100_000;

  private final Config config;
  private final SplittableRandom random;
  private final List<DagNode> nodes = new ArrayList<>();
  private final PriorityQueue<Delivery> inFlight = new PriorityQueue<>(
      (a, b) -> a.tick != b.tick ? Long.compare(a.tick, b.tick) : Long.compare(a.sequence, b.sequence));
  private final List<DagTx> submitted = new ArrayList<>();
  private long tick;
  private long sequence;
  private long messages;
  private long lost;

  public DagSimulation(Config config) {
    this.config = config;
    this.random = new SplittableRandom(config.seed());
    DagBlock genesis = DagBlockCodec.create(Optional.empty(), List.of(), List.of(), config.seed());
    for (int i = 0; i < config.nodes(); i++) {
      nodes.add(new DagNode(i, config.nodes(), genesis, config.txsPerBlock()));
    }
  }

  /** Runs generation for {@code ticks} ticks, then the quiet phase; true when all nodes converged. */
  public boolean run() {
    for (int t = 0; t < config.ticks(); t++) {
      step(true);
    }
    for (int t = 0; t < QUIET_TICKS_MAX; t++) {
      if (allHoldEverything()) {
        return true;
      }
      step(false);
    }
    return false;
  }

  /** One tick; with {@code generate} false, only delivery and synchronisation happen. */
  public void step(boolean generate) {
    tick++;
    if (generate) {
      for (int i = 0; i < config.txsPerTick(); i++) {
        DagTx tx = newTx();
        int at = random.nextInt(nodes.size());
        nodes.get(at).submit(tx);
        broadcast(at, new TxMessage(tx));
      }
      for (DagNode node : nodes) {
        if (random.nextDouble() < config.blockChance()) {
          broadcast(node.nodeId(), new BlockMessage(node.generate(), node.nodeId()));
        }
      }
    }
    if (tick % config.syncEvery() == 0) {
      for (DagNode node : nodes) {
        int peer = randomPeer(node.nodeId());
        if (peer >= 0) {
          send(peer, new TipsMessage(node.order().tips(), node.nodeId()));
        }
      }
    }
    while (!inFlight.isEmpty() && inFlight.peek().tick <= tick) {
      Delivery d = inFlight.poll();
      deliver(nodes.get(d.to), d.message);
    }
  }

  private void deliver(DagNode node, Message message) {
    switch (message) {
      case TxMessage m -> node.submit(m.tx());
      case BlockMessage m -> {
        node.receive(m.block());
        List<DagId> wanted = node.wanted();
        if (!wanted.isEmpty()) {
          send(m.from(), new WantMessage(wanted, node.nodeId()));
        }
      }
      case TipsMessage m -> {
        List<DagId> unknown = new ArrayList<>(node.wanted());
        for (DagId tip : m.tips()) {
          if (!node.order().contains(tip)) {
            unknown.add(tip);
          }
        }
        if (!unknown.isEmpty()) {
          send(m.from(), new WantMessage(unknown, node.nodeId()));
        }
      }
      case WantMessage m -> {
        for (DagId id : m.ids()) {
          node.order().block(id).ifPresent(b -> send(m.from(), new BlockMessage(b, node.nodeId())));
        }
      }
    }
  }

  private DagTx newTx() {
    byte[] key = new byte[32];
    random.nextBytes(key);
    if (!submitted.isEmpty() && random.nextDouble() < config.conflictChance()) {
      DagTx earlier = submitted.get(random.nextInt(submitted.size()));
      DagTx tx = new DagTx(DagId.wrap(key), earlier.key());
      submitted.add(tx);
      return tx;
    }
    DagTx tx = DagTx.of(DagId.wrap(key));
    submitted.add(tx);
    return tx;
  }

  private void broadcast(int from, Message message) {
    for (int to = 0; to < nodes.size(); to++) {
      if (to != from) {
        send(to, message);
      }
    }
  }

  private void send(int to, Message message) {
    messages++;
    if (random.nextDouble() < config.loss()) {
      lost++;
      return;
    }
    long delay = config.delayMin() + random.nextInt(config.delayMax() - config.delayMin() + 1);
    inFlight.add(new Delivery(tick + delay, sequence++, to, message));
  }

  private int randomPeer(int self) {
    if (nodes.size() < 2) {
      return -1;
    }
    int peer = random.nextInt(nodes.size() - 1);
    return peer >= self ? peer + 1 : peer;
  }

  private boolean allHoldEverything() {
    int most = 0;
    for (DagNode node : nodes) {
      most = Math.max(most, node.order().size());
    }
    for (DagNode node : nodes) {
      if (node.order().size() != most || node.heldCount() != 0) {
        return false;
      }
    }
    // Ids are hashes of contents, so equal tip sets mean equal pasts, hence equal block sets.
    Set<DagId> tips = new HashSet<>(nodes.getFirst().order().tips());
    for (DagNode node : nodes) {
      if (!new HashSet<>(node.order().tips()).equals(tips)) {
        return false;
      }
    }
    return true;
  }

  /** The nodes, for reading their orders. */
  public List<DagNode> nodes() {
    return List.copyOf(nodes);
  }

  /** Every transaction submitted, in submission order. */
  public List<DagTx> submitted() {
    return List.copyOf(submitted);
  }

  /** Ticks run so far. */
  public long ticks() {
    return tick;
  }

  /** Messages sent and lost so far. */
  public long messagesSent() {
    return messages;
  }

  /** Messages lost so far. */
  public long messagesLost() {
    return lost;
  }
}
