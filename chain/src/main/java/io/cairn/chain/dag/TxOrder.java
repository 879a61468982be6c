package io.cairn.chain.dag;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The transaction order that follows the block order, epoch by epoch: transactions in block
 * order, inside a block in the order the block lists them. An occurrence is dropped when a
 * transaction with the same id was ordered earlier (a duplicate) or when a transaction with
 * another id claiming the same key was ordered earlier (a conflict: the first anchor of a key
 * wins). Kept incrementally: appending an epoch costs its transactions; truncating the epochs from
 * a pivot height on (a pivot chain switch) undoes exactly what they added.
 *
 * <p>Invariant: every id and key in the maps belongs to an ordered transaction of an epoch below
 * {@link #epochs()}, and every ordered transaction's id and key are in them.
 *
 * <p>Thread-safety: not thread-safe; owned by one {@link ConfluxOrder}.
 */
final class TxOrder {
  private final Map<DagId, Integer> epochById = new HashMap<>();
  private final Map<DagId, Integer> epochByKey = new HashMap<>();
  private final List<List<DagTx>> ordered = new ArrayList<>();
  private final List<List<DroppedTx>> dropped = new ArrayList<>();
  private long orderedCount;

  /** Number of epochs held. */
  int epochs() {
    return ordered.size();
  }

  /** Orders the transactions of the epoch at height {@code epochs()}, its blocks in order. */
  void append(List<DagBlock> epochBlocks) {
    int height = ordered.size();
    List<DagTx> in = new ArrayList<>();
    List<DroppedTx> out = new ArrayList<>(0);
    for (DagBlock block : epochBlocks) {
      for (DagTx tx : block.txs()) {
        if (epochById.containsKey(tx.id())) {
          out.add(new DroppedTx(tx, block.id(), DroppedTx.Reason.DUPLICATE));
        } else if (epochByKey.containsKey(tx.key())) {
          out.add(new DroppedTx(tx, block.id(), DroppedTx.Reason.CONFLICT));
        } else {
          epochById.put(tx.id(), height);
          epochByKey.put(tx.key(), height);
          in.add(tx);
        }
      }
    }
    ordered.add(in);
    dropped.add(out);
    orderedCount += in.size();
  }

  /** Forgets the epochs at heights {@code height} and above. */
  void truncate(int height) {
    for (int h = ordered.size() - 1; h >= height; h--) {
      List<DagTx> undone = ordered.remove(h);
      for (DagTx tx : undone) {
        Integer byId = epochById.remove(tx.id());
        Integer byKey = epochByKey.remove(tx.key());
        assert byId != null && byId == h && byKey != null && byKey == h : "tx " + tx + " not from epoch " + h;
      }
      orderedCount -= undone.size();
      dropped.remove(h);
    }
  }

  /** Ordered transactions of all epochs, in order. */
  List<DagTx> ordered() {
    List<DagTx> all = new ArrayList<>();
    ordered.forEach(all::addAll);
    return all;
  }

  /** Ordered transactions of the epoch at {@code height}. */
  List<DagTx> ordered(int height) {
    return List.copyOf(ordered.get(height));
  }

  /** Dropped occurrences of all epochs, in order. */
  List<DroppedTx> dropped() {
    List<DroppedTx> all = new ArrayList<>();
    dropped.forEach(all::addAll);
    return all;
  }

  /** Number of ordered transactions. */
  long orderedCount() {
    return orderedCount;
  }

  /** Whether a transaction with this id is ordered. */
  boolean isOrdered(DagId txId) {
    return epochById.containsKey(txId);
  }
}
