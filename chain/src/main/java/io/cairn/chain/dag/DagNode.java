package io.cairn.chain.dag;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One participant of the DAG chain, as seed 004 §4.1 describes it, without a network: a pool of
 * pending transactions, a block generator, and the reception of blocks into its {@link
 * ConfluxOrder}. It is a pure, deterministic state machine driven by three inputs ({@link
 * #submit}, {@link #receive}, {@link #generate}); whatever carries blocks and transactions between
 * nodes (the in-memory {@link DagSimulation} today, the ledger network's transport later) calls
 * them.
 *
 * <ul>
 *   <li>A generated block has the pivot tip as parent, references every other tip (a block with no
 *       incoming edge), up to {@link DagBlockCodec#REFS_MAX}, and up to {@code txsPerBlock} pool
 *       transactions, oldest first: first those of this node's share (a transaction belongs to
 *       node {@code hash(key) mod nodeCount}), then others that waited through {@link
 *       #FOREIGN_PATIENCE} of this node's blocks. Concurrent blocks of different nodes then rarely
 *       carry the same transaction (a Cairn rule, not the paper's: docs/dag.md, "Packing").
 *   <li>A block generated or received takes its transactions out of the pool; a transaction
 *       already in a known block is not pooled again.
 *   <li>A block whose parent or a reference is unknown is held ({@link PendingBlocks}) until they
 *       arrive; {@link #wanted()} says what to ask peers for.
 * </ul>
 *
 * <p>Thread-safety: not thread-safe; one owner drives it.
 */
public final class DagNode {
  /** Held blocks beyond which new orphans are refused. */
  public static final int HELD_MAX = 100_000;
  /** Blocks of its own a node generates before it packs a transaction of another node's share. */
  public static final int FOREIGN_PATIENCE = 8;

  private record Pooled(DagTx tx, long since) {}

  private final int nodeId;
  private final int nodeCount;
  private final int txsPerBlock;
  private final ConfluxOrder order = new ConfluxOrder();
  private final PendingBlocks pending = new PendingBlocks(HELD_MAX);
  private final Map<DagId, Pooled> pool = new LinkedHashMap<>();
  private final Set<DagId> packed = new HashSet<>();
  private long generated;

  /**
   * A node that knows only {@code genesis}.
   *
   * @param nodeId this node's number (0..nodeCount-1), mixed into the nonce of its blocks
   * @param nodeCount number of nodes generating blocks (1: a node packs any transaction at once)
   * @param genesis the shared genesis block
   * @param txsPerBlock most transactions in a generated block
   */
  public DagNode(int nodeId, int nodeCount, DagBlock genesis, int txsPerBlock) {
    if (!genesis.isGenesis() || txsPerBlock < 0 || nodeId < 0 || nodeId >= nodeCount) {
      throw new IllegalArgumentException("a genesis, 0 <= nodeId < nodeCount and a non-negative block size are needed");
    }
    this.nodeId = nodeId;
    this.nodeCount = nodeCount;
    this.txsPerBlock = txsPerBlock;
    accept(genesis);
  }

  /** This node's number. */
  public int nodeId() {
    return nodeId;
  }

  /** The node's view of the order. */
  public ConfluxOrder order() {
    return order;
  }

  /** Pools a transaction; false when it is pooled already or in a known block. */
  public boolean submit(DagTx tx) {
    if (packed.contains(tx.id()) || pool.containsKey(tx.id())) {
      return false;
    }
    pool.put(tx.id(), new Pooled(tx, generated));
    return true;
  }

  /**
   * Takes in a block from a peer (or from this node). Returns the blocks added to the order by
   * this call, the block itself first when it could be added, then any held blocks it released;
   * empty when the block was known, is now held, or was refused because too many are held.
   */
  public List<DagBlock> receive(DagBlock block) {
    if (order.contains(block.id()) || pending.isHeld(block.id())) {
      return List.of();
    }
    List<DagBlock> added = new ArrayList<>();
    ArrayDeque<DagBlock> ready = new ArrayDeque<>();
    ready.add(block);
    while (!ready.isEmpty()) {
      DagBlock next = ready.poll();
      if (order.contains(next.id())) {
        continue;
      }
      List<DagId> still = order.missing(next);
      if (!still.isEmpty()) {
        pending.hold(next, still);
        continue;
      }
      accept(next);
      added.add(next);
      ready.addAll(pending.release(next.id()));
    }
    return added;
  }

  /** Generates a block on this node's view, adds it, and returns it (to be sent to every peer). */
  public DagBlock generate() {
    DagId parent = order.pivotTip().orElseThrow();
    List<DagId> refs = new ArrayList<>();
    for (DagId tip : order.tips()) {
      if (!tip.equals(parent) && refs.size() < DagBlockCodec.REFS_MAX) {
        refs.add(tip);
      }
    }
    List<DagTx> txs = pack();
    long nonce = ((long) nodeId << 40) | generated++;
    DagBlock block = DagBlockCodec.create(Optional.of(parent), refs, txs, nonce);
    List<DagBlock> added = receive(block);
    assert added.size() == 1 && added.getFirst() == block : "a generated block is added at once";
    return block;
  }

  private List<DagTx> pack() {
    List<DagTx> txs = new ArrayList<>(Math.min(txsPerBlock, pool.size()));
    for (Pooled p : pool.values()) {
      if (txs.size() == txsPerBlock) {
        return txs;
      }
      if (isMine(p.tx())) {
        txs.add(p.tx());
      }
    }
    for (Pooled p : pool.values()) {
      if (txs.size() == txsPerBlock) {
        break;
      }
      if (!isMine(p.tx()) && generated - p.since() >= FOREIGN_PATIENCE) {
        txs.add(p.tx());
      }
    }
    return txs;
  }

  private boolean isMine(DagTx tx) {
    return nodeCount == 1 || Math.floorMod(tx.key().hashCode(), nodeCount) == nodeId;
  }

  /** Ids that held blocks wait for: what to ask peers for. */
  public List<DagId> wanted() {
    return pending.wanted();
  }

  /** Number of blocks held for a missing parent or reference. */
  public int heldCount() {
    return pending.size();
  }

  /** Number of pooled transactions. */
  public int poolSize() {
    return pool.size();
  }

  private void accept(DagBlock block) {
    order.add(block);
    for (DagTx tx : block.txs()) {
      pool.remove(tx.id());
      packed.add(tx.id());
    }
  }
}
