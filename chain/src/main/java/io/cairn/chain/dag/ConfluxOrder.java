package io.cairn.chain.dag;

import io.cairn.common.InvalidArgumentException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Conflux total order of a growing block DAG, kept incrementally, with unit block weights and
 * conflux-rust's tie-breaks (docs/dag.md).
 *
 * <ul>
 *   <li><b>Pivot chain</b> (GHOST): from the genesis, repeatedly the child (over parent edges)
 *       with the largest (subtree size, id). Adding a block adds one to the subtree sizes on its
 *       parent path ({@link SubtreeWeights}); the chain changes only where the block's path leaves
 *       it: there the path's child is compared with the pivot block at that height and, when
 *       heavier, the chain is cut and grown greedily from it, as {@code
 *       consensus_new_block_handler.rs} does.
 *   <li><b>Epochs</b>: the epoch of pivot block p holds the blocks of p's past (parent and
 *       reference edges) in no earlier epoch, sorted by {@link EpochSorter}, p last. It is found
 *       by a search from p that stops at blocks already in an epoch, so it costs its own size.
 *   <li><b>Transactions</b>: {@link TxOrder}.
 * </ul>
 *
 * <p>Blocks must arrive after their parent and references ({@link DagNode} holds the others until
 * they can). The result depends only on the set of blocks, not on the order they arrived in.
 *
 * <p>Invariants (asserted): the pivot chain is the GHOST chain of the blocks added; a block is in
 * exactly one epoch iff it is in the past of the pivot tip or is the tip; the tip has no child.
 *
 * <p>Thread-safety: not thread-safe; one owner.
 */
public final class ConfluxOrder {
  private static final int NONE = -1;

  private final Map<DagId, Integer> numbers = new HashMap<>();
  private final SubtreeWeights weights = new SubtreeWeights();
  private final TxOrder txs = new TxOrder();
  private final List<int[]> epochs = new ArrayList<>();
  private DagBlock[] blocks = new DagBlock[64];
  private DagId[] ids = new DagId[64];
  private int[][] preds = new int[64][];
  private int[][] children = new int[64][];
  private int[] childCount = new int[64];
  private int[] parent = new int[64];
  private int[] height = new int[64];
  private int[] incoming = new int[64];
  private int[] epochOf = new int[64];
  private int[] pivot = new int[64];
  private int pivotSize;
  private int size;
  private final LinkedHashSet<Integer> tips = new LinkedHashSet<>();
  private boolean[] scratchMarks = new boolean[64];
  private int[] scratchCounts = new int[64];

  /** Number of blocks added. */
  public int size() {
    return size;
  }

  /** Whether a block with this id was added. */
  public boolean contains(DagId id) {
    return numbers.containsKey(id);
  }

  /** The ids among {@code block}'s parent and references that were not added yet. */
  public List<DagId> missing(DagBlock block) {
    List<DagId> missing = new ArrayList<>(0);
    block.parent().filter(p -> !contains(p)).ifPresent(missing::add);
    for (DagId ref : block.refs()) {
      if (!contains(ref)) {
        missing.add(ref);
      }
    }
    return missing;
  }

  /**
   * Adds a block whose parent and references were added before.
   *
   * @throws InvalidArgumentException for a second genesis, a first block that is no genesis, a
   *     repeated id, or an unknown parent or reference
   */
  public void add(DagBlock block) {
    check(block);
    int b = size;
    grow();
    size++;
    numbers.put(block.id(), b);
    blocks[b] = block;
    ids[b] = block.id();
    epochOf[b] = NONE;
    childCount[b] = 0;
    children[b] = new int[0];
    if (block.isGenesis()) {
      parent[b] = NONE;
      height[b] = 0;
      preds[b] = new int[0];
      weights.addRoot(b, 1);
      tips.add(b);
      appendPivot(b);
      return;
    }
    int p = numbers.get(block.parent().orElseThrow());
    parent[b] = p;
    height[b] = height[p] + 1;
    int[] pr = new int[block.refs().size() + 1];
    for (int i = 0; i < block.refs().size(); i++) {
      pr[i] = numbers.get(block.refs().get(i));
    }
    pr[pr.length - 1] = p;
    preds[b] = pr;
    addChild(p, b);
    tips.add(b);
    for (int q : pr) {
      if (incoming[q]++ == 0) {
        tips.remove(q);
      }
    }
    weights.addLeaf(b, p, 1);
    updatePivot(b);
  }

  private void check(DagBlock block) {
    if (contains(block.id())) {
      throw new InvalidArgumentException("block " + block.id() + " was added already (duplicate id)");
    }
    if (block.isGenesis() != (size == 0)) {
      throw new InvalidArgumentException(block.isGenesis()
          ? "block " + block.id() + " is a second genesis (no parent); the DAG has one genesis"
          : "the first block must be the genesis (no parent); " + block.id() + " has parent "
              + block.parent().orElseThrow());
    }
    List<DagId> missing = missing(block);
    if (!missing.isEmpty()) {
      throw new InvalidArgumentException("block " + block.id() + " names unknown block(s) " + missing);
    }
  }

  private void updatePivot(int b) {
    int p = parent[b];
    int tip = pivot[pivotSize - 1];
    if (p == tip) {
      appendPivot(b);
      return;
    }
    int onPath = b;
    int x = p;
    while (!onPivot(x)) {
      onPath = x;
      x = parent[x];
    }
    assert x != tip : "the pivot tip has a child off the pivot chain";
    int forkHeight = height[x] + 1;
    int previous = pivot[forkHeight];
    if (heavier(onPath, previous)) {
      truncate(forkHeight);
      for (int u = onPath; u != NONE; u = heaviestChild(u)) {
        appendPivot(u);
      }
    }
  }

  private boolean onPivot(int x) {
    return height[x] < pivotSize && pivot[height[x]] == x;
  }

  /** conflux-rust's {@code is_heavier}: larger subtree weight, on a tie the larger id. */
  private boolean heavier(int a, int b) {
    long wa = weights.weight(a);
    long wb = weights.weight(b);
    return wa > wb || (wa == wb && ids[a].compareTo(ids[b]) > 0);
  }

  private int heaviestChild(int u) {
    int best = NONE;
    for (int i = 0; i < childCount[u]; i++) {
      int c = children[u][i];
      if (best == NONE || heavier(c, best)) {
        best = c;
      }
    }
    return best;
  }

  private void truncate(int fromHeight) {
    for (int h = pivotSize - 1; h >= fromHeight; h--) {
      for (int b : epochs.remove(h)) {
        epochOf[b] = NONE;
      }
    }
    pivotSize = fromHeight;
    txs.truncate(fromHeight);
  }

  private void appendPivot(int u) {
    int h = pivotSize;
    assert height[u] == h && (h == 0 || parent[u] == pivot[h - 1]) : "pivot block out of place";
    pivot[pivotSize++] = u;
    epochOf[u] = h;
    int[] set = collectEpoch(u, h);
    EpochSorter.sort(set, preds, ids, scratchMarks, scratchCounts);
    int[] epoch = Arrays.copyOf(set, set.length + 1);
    epoch[set.length] = u;
    epochs.add(epoch);
    List<DagBlock> inOrder = new ArrayList<>(epoch.length);
    for (int b : epoch) {
      inOrder.add(blocks[b]);
    }
    txs.append(inOrder);
  }

  /** The blocks of {@code u}'s past in no epoch yet, each marked as being in epoch {@code h}. */
  private int[] collectEpoch(int u, int h) {
    int[] queue = new int[8];
    int tail = 0;
    for (int head = -1; head < tail; head++) {
      int[] from = head < 0 ? preds[u] : preds[queue[head]];
      for (int q : from) {
        if (epochOf[q] == NONE) {
          epochOf[q] = h;
          if (tail == queue.length) {
            queue = Arrays.copyOf(queue, tail * 2);
          }
          queue[tail++] = q;
        }
      }
    }
    return Arrays.copyOf(queue, tail);
  }

  private void addChild(int p, int c) {
    if (childCount[p] == children[p].length) {
      children[p] = Arrays.copyOf(children[p], Math.max(2, childCount[p] * 2));
    }
    children[p][childCount[p]++] = c;
  }

  private void grow() {
    if (size < ids.length) {
      return;
    }
    int capacity = ids.length * 2;
    blocks = Arrays.copyOf(blocks, capacity);
    ids = Arrays.copyOf(ids, capacity);
    preds = Arrays.copyOf(preds, capacity);
    children = Arrays.copyOf(children, capacity);
    childCount = Arrays.copyOf(childCount, capacity);
    parent = Arrays.copyOf(parent, capacity);
    height = Arrays.copyOf(height, capacity);
    incoming = Arrays.copyOf(incoming, capacity);
    epochOf = Arrays.copyOf(epochOf, capacity);
    pivot = Arrays.copyOf(pivot, capacity);
    scratchMarks = Arrays.copyOf(scratchMarks, capacity);
    scratchCounts = Arrays.copyOf(scratchCounts, capacity);
  }

  // ---- reading the order ----

  /** The pivot chain from the genesis to the tip. */
  public List<DagId> pivotChain() {
    List<DagId> chain = new ArrayList<>(pivotSize);
    for (int i = 0; i < pivotSize; i++) {
      chain.add(ids[pivot[i]]);
    }
    return chain;
  }

  /** Number of pivot blocks (epochs). */
  public int pivotLength() {
    return pivotSize;
  }

  /** The pivot tip: the parent of the next block this node generates; empty before the genesis. */
  public Optional<DagId> pivotTip() {
    return pivotSize == 0 ? Optional.empty() : Optional.of(ids[pivot[pivotSize - 1]]);
  }

  /** The epoch at {@code height}. */
  public DagEpoch epoch(int height) {
    int[] epoch = epochs.get(height);
    List<DagId> list = new ArrayList<>(epoch.length);
    for (int b : epoch) {
      list.add(ids[b]);
    }
    return new DagEpoch(height, ids[pivot[height]], list);
  }

  /** Every epoch, in order. */
  public List<DagEpoch> epochs() {
    List<DagEpoch> all = new ArrayList<>(pivotSize);
    for (int h = 0; h < pivotSize; h++) {
      all.add(epoch(h));
    }
    return all;
  }

  /** The total order of the blocks in epochs. */
  public List<DagId> blockOrder() {
    List<DagId> order = new ArrayList<>(size);
    for (int[] epoch : epochs) {
      for (int b : epoch) {
        order.add(ids[b]);
      }
    }
    return order;
  }

  /** Blocks in no epoch yet (not in the past of the pivot tip), in the order they were added. */
  public List<DagId> unorderedBlocks() {
    List<DagId> out = new ArrayList<>();
    for (int b = 0; b < size; b++) {
      if (epochOf[b] == NONE) {
        out.add(ids[b]);
      }
    }
    return out;
  }

  /** The epoch height of a block, or -1 when it is in no epoch (or unknown). */
  public int epochOf(DagId id) {
    Integer b = numbers.get(id);
    return b == null ? NONE : epochOf[b];
  }

  /** Blocks with no incoming edge (no child and no referrer), in the order they were added. */
  public List<DagId> tips() {
    List<DagId> out = new ArrayList<>(tips.size());
    for (int b : tips) {
      out.add(ids[b]);
    }
    return out;
  }

  /** The block with this id, if added. */
  public Optional<DagBlock> block(DagId id) {
    Integer b = numbers.get(id);
    return b == null ? Optional.empty() : Optional.of(blocks[b]);
  }

  /** The subtree size of a block over parent edges (its GHOST weight). */
  public long subtreeWeight(DagId id) {
    Integer b = numbers.get(id);
    if (b == null) {
      throw new InvalidArgumentException("unknown block " + id);
    }
    return weights.weight(b);
  }

  /** Ordered transactions, in order. */
  public List<DagTx> txOrder() {
    return txs.ordered();
  }

  /** Ordered transactions of the epoch at {@code height}. */
  public List<DagTx> txOrder(int height) {
    return txs.ordered(height);
  }

  /** Dropped transaction occurrences (duplicates and conflicts), in total order. */
  public List<DroppedTx> droppedTxs() {
    return txs.dropped();
  }

  /** Number of ordered transactions. */
  public long orderedTxCount() {
    return txs.orderedCount();
  }

  /** Whether a transaction with this id is in the order. */
  public boolean isOrdered(DagId txId) {
    return txs.isOrdered(txId);
  }

  /**
   * Number of confirmed epochs at depth {@code k}: epochs with at least {@code k} pivot blocks
   * after their own (docs/dag.md, "Confirmation"), i.e. heights {@code 0 .. pivotLength()-k-1}.
   */
  public int confirmedEpochs(int k) {
    if (k < 0) {
      throw new InvalidArgumentException("confirmation depth k must not be negative, was " + k);
    }
    return Math.max(0, pivotSize - k);
  }
}
