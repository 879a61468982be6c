package io.cairn.replication.dag;

import io.cairn.chain.dag.ConfluxOrder;
import io.cairn.chain.dag.DagBlock;
import io.cairn.chain.dag.DagBlockCodec;
import io.cairn.chain.dag.DagId;
import io.cairn.chain.dag.DagMessage;
import io.cairn.chain.dag.DagNode;
import io.cairn.chain.dag.DagTx;
import io.cairn.common.CairnException;
import io.cairn.common.ClosedException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.replication.transport.Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member's DAG chain over the ledger network (seed 004 §4.1, {@code docs/dag.md}): a {@link
 * DagNode} driven by one thread, fed by {@link Frame.Type#DAG} frames carrying {@link DagMessage}s
 * from the other members, and sending its own:
 *
 * <ul>
 *   <li>transactions submitted here go into the pool and, in one batch per call, to every peer;
 *   <li>every {@code blockIntervalMillis} the node generates a block from its pool (parent: the
 *       pivot tip it sees; references: every other tip) and sends it to every peer. With an empty
 *       pool it generates only to merge tips or to bury the last transactions {@code settleDepth}
 *       pivot blocks deep, and then only the member whose turn it is ({@code pivot length mod
 *       members}), so idle members converge on one tip instead of racing;
 *   <li>a received block whose parent or references are unknown is held and the missing blocks
 *       are asked from the sender ({@link DagMessage.Want}); every {@code tipsEveryMillis} the
 *       node tells its peers its tips, so one that missed a block (a dropped frame, a restart)
 *       asks for it.
 * </ul>
 *
 * <p>Every member that holds the same blocks computes the same order ({@link ConfluxOrder}), so
 * once the gossip has spread every block, members agree on the order.
 *
 * <p>Thread-safety: every method may be called from any thread; the node itself is touched only
 * by the gossip thread.
 */
public final class DagGossip implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DagGossip.class);

  /** Where frames go: the ledger network's transport, or a test's wiring. */
  public interface Network {
    /** Sends {@code frame} to member {@code peer}; false when it could not be queued. */
    boolean send(int peer, Frame frame);

    /** Flushes what was sent. */
    void flush();
  }

  /**
   * Tuning.
   *
   * @param blockIntervalMillis how often the node may generate a block
   * @param tipsEveryMillis how often it announces its tips
   * @param txsPerBlock most transactions in a block
   * @param settleDepth with an empty pool, members go on generating (empty blocks, one member per
   *     pivot height) until the last {@code settleDepth} epochs hold no transaction, so that every
   *     ordered transaction ends up that many pivot blocks deep: confirmed at any depth up to it
   */
  public record Options(long blockIntervalMillis, long tipsEveryMillis, int txsPerBlock, int settleDepth) {
    public Options {
      if (blockIntervalMillis < 1 || tipsEveryMillis < 1 || txsPerBlock < 1 || settleDepth < 0) {
        throw new InvalidArgumentException("intervals and block size must be positive, the settle depth not negative");
      }
    }

    /** A block every 50 ms of up to 2,000 transactions, tips every 500 ms, settled 3 deep. */
    public static Options defaults() {
      return new Options(50, 500, 2_000, 3);
    }
  }

  private final List<Integer> members;
  private final int selfId;
  private final Network network;
  private final Options options;
  private final DagNode node;
  private final ScheduledExecutorService loop;
  /**
   * Ticks a member waits for the member whose turn it is before the turn passes to the next one:
   * a member that is down or cut off must not hold the chain's last merge block forever.
   */
  static final int TURN_PATIENCE_TICKS = 4;
  /** The pivot length the current turn belongs to, and ticks waited in it with work to do (gossip thread only). */
  private int turnPivotLength = -1;
  private int ticksWaited;

  /**
   * The gossip of member {@code selfId} among {@code members} (every member's id, this one
   * included), all starting from {@code genesis}. Call {@link #start()} to generate blocks.
   */
  public DagGossip(int selfId, List<Integer> members, DagBlock genesis, Network network, Options options) {
    this.members = members.stream().sorted().toList();
    int index = this.members.indexOf(selfId);
    if (index < 0) {
      throw new InvalidArgumentException("member " + selfId + " is not among " + members);
    }
    this.selfId = selfId;
    this.network = network;
    this.options = options;
    this.node = new DagNode(index, this.members.size(), genesis, options.txsPerBlock());
    this.loop = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "dag-gossip-" + selfId);
      thread.setDaemon(true);
      return thread;
    });
  }

  /** The genesis every member of a DAG chain starts from: no parent, no transactions, nonce 0. */
  public static DagBlock genesis() {
    return DagBlockCodec.create(Optional.empty(), List.of(), List.of(), 0);
  }

  /** Starts generating blocks and announcing tips. */
  public void start() {
    loop.scheduleWithFixedDelay(this::tick, options.blockIntervalMillis(), options.blockIntervalMillis(),
        TimeUnit.MILLISECONDS);
    loop.scheduleWithFixedDelay(this::announceTips, options.tipsEveryMillis(), options.tipsEveryMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Pools {@code txs} here and sends the new ones to every peer. */
  public void submit(List<DagTx> txs) {
    run(() -> {
      List<DagTx> fresh = new ArrayList<>();
      for (DagTx tx : txs) {
        if (node.submit(tx)) {
          fresh.add(tx);
        }
      }
      for (int from = 0; from < fresh.size(); from += DagMessage.TXS_MAX) {
        broadcast(new DagMessage.Txs(fresh.subList(from, Math.min(fresh.size(), from + DagMessage.TXS_MAX))));
      }
    });
  }

  /**
   * A {@link Frame.Type#DAG} frame's payload from member {@code peer} (called on the transport's
   * event loop: decoded there, handled on the gossip thread). A malformed message is logged and
   * dropped, and so is every message once the gossip is closed.
   */
  public void received(int peer, byte[] payload) {
    DagMessage message;
    try {
      message = DagMessage.decode(payload);
    } catch (CairnException malformed) {
      LOG.warn("dropping a malformed dag message from member {}: {}", peer, malformed.getMessage());
      return;
    }
    try {
      run(() -> handle(peer, message));
    } catch (ClosedException closed) {
      LOG.debug("dropping a dag message from member {}: the gossip is closed", peer);
    }
  }

  /** {@code reader} applied to this member's order, on the gossip thread (a consistent view). */
  public <T> T read(Function<ConfluxOrder, T> reader) {
    CompletableFuture<T> answer = new CompletableFuture<>();
    run(() -> answer.complete(reader.apply(node.order())));
    try {
      return answer.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("reading the dag failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClosedException("interrupted while reading the dag");
    }
  }

  /** Number of pooled transactions. */
  public int poolSize() {
    return read(order -> node.poolSize());
  }

  private void handle(int peer, DagMessage message) {
    switch (message) {
      case DagMessage.Block(DagBlock block) -> {
        node.receive(block);
        List<DagId> wanted = node.wanted();
        if (!wanted.isEmpty()) {
          send(peer, new DagMessage.Want(wanted.subList(0, Math.min(wanted.size(), DagMessage.IDS_MAX))));
        }
      }
      case DagMessage.Txs(List<DagTx> txs) -> txs.forEach(node::submit);
      case DagMessage.Tips(List<DagId> ids) -> {
        List<DagId> unknown = ids.stream().filter(id -> !node.order().contains(id)).toList();
        if (!unknown.isEmpty()) {
          send(peer, new DagMessage.Want(unknown));
        }
      }
      case DagMessage.Want(List<DagId> ids) -> {
        for (DagId id : ids) {
          node.order().block(id).ifPresent(block -> send(peer, new DagMessage.Block(block)));
        }
      }
    }
    network.flush();
  }

  private void tick() {
    ConfluxOrder order = node.order();
    if (order.pivotLength() != turnPivotLength) { // the pivot chain moved: the turn starts afresh
      turnPivotLength = order.pivotLength();
      ticksWaited = 0;
    }
    boolean work = order.tips().size() > 1 || unsettled(order);
    int turn = order.pivotLength() + ticksWaited / TURN_PATIENCE_TICKS;
    boolean myTurn = members.get(Math.floorMod(turn, members.size())) == selfId;
    if (node.poolSize() > 0 || (myTurn && work)) {
      broadcast(new DagMessage.Block(node.generate()));
    } else if (work) {
      ticksWaited++;
    }
  }

  /** Whether one of the last {@code settleDepth} epochs holds a transaction. */
  private boolean unsettled(ConfluxOrder order) {
    for (int h = Math.max(0, order.pivotLength() - options.settleDepth()); h < order.pivotLength(); h++) {
      if (!order.txOrder(h).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  private void announceTips() {
    List<DagId> tips = node.order().tips();
    broadcast(new DagMessage.Tips(tips.subList(0, Math.min(tips.size(), DagMessage.IDS_MAX))));
  }

  private void broadcast(DagMessage message) {
    Frame frame = new Frame(Frame.Type.DAG, DagMessage.encode(message));
    for (int member : members) {
      if (member != selfId) {
        network.send(member, frame);
      }
    }
    network.flush();
  }

  private void send(int peer, DagMessage message) {
    network.send(peer, new Frame(Frame.Type.DAG, DagMessage.encode(message)));
  }

  /** Runs {@code task} on the gossip thread; a failure is logged (the node goes on). */
  private void run(Runnable task) {
    try {
      loop.execute(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          LOG.error("dag gossip task failed on member {}", selfId, e);
        }
      });
    } catch (RejectedExecutionException e) {
      throw new ClosedException("the dag gossip of member " + selfId + " is closed");
    }
  }

  /** Stops generating and handling messages. Idempotent. */
  @Override
  public void close() {
    loop.shutdownNow();
  }
}
