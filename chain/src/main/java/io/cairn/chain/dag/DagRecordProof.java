package io.cairn.chain.dag;

import io.cairn.common.CorruptionException;
import io.cairn.common.InvalidArgumentException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The DAG side of a record's proof (docs/dag.md, "The composite chain and the record proof"): the
 * encodings of a hash-linked path of blocks from a pivot block P down to the block B that carries
 * the transaction claiming the record's key. Each block's encoding names its parent and references
 * by hash, so the path proves that B is in P's past, hence ordered in P's epoch (or earlier). The
 * checker needs only P's id, which the consortium chain will vouch for (a checkpoint of a
 * confirmed pivot block); it does not need the DAG.
 *
 * <p>What it does not prove alone: that B's claim is the first claim of the key in the total
 * order (that needs the earlier epochs, or the consortium's word).
 *
 * @param key the anchored key
 * @param path block encodings, P first, B last
 */
public record DagRecordProof(DagId key, List<byte[]> path) {
  public DagRecordProof {
    path = List.copyOf(path);
    if (path.isEmpty()) {
      throw new InvalidArgumentException("a proof path has at least one block");
    }
  }

  /**
   * Builds the proof for the ordered transaction claiming {@code key}: B is the block of that
   * transaction, P the pivot block of B's epoch. Blocks must have hash ids (made by {@link
   * DagBlockCodec}). Costs a scan of the block order.
   *
   * @throws InvalidArgumentException when no ordered transaction claims {@code key}
   */
  public static DagRecordProof build(ConfluxOrder order, DagId key) {
    DagBlock carrier = null;
    for (int h = 0; h < order.pivotLength() && carrier == null; h++) {
      for (DagTx tx : order.txOrder(h)) {
        if (tx.key().equals(key)) {
          carrier = findCarrier(order, order.epoch(h), tx);
          break;
        }
      }
    }
    if (carrier == null) {
      throw new InvalidArgumentException("no ordered transaction claims key " + key);
    }
    int height = order.epochOf(carrier.id());
    DagId pivot = order.epoch(height).pivot();
    List<byte[]> path = new ArrayList<>();
    for (DagId id : pathWithinEpoch(order, pivot, carrier.id(), height)) {
      path.add(DagBlockCodec.encode(order.block(id).orElseThrow()));
    }
    return new DagRecordProof(key, path);
  }

  private static DagBlock findCarrier(ConfluxOrder order, DagEpoch epoch, DagTx tx) {
    for (DagId id : epoch.blocks()) {
      DagBlock b = order.block(id).orElseThrow();
      if (b.txs().contains(tx)) {
        return b;
      }
    }
    throw new AssertionError("ordered transaction " + tx + " is in no block of epoch " + epoch.height());
  }

  /** A path pivot -> ... -> target over predecessor edges, inside the epoch at {@code height}. */
  private static List<DagId> pathWithinEpoch(ConfluxOrder order, DagId pivot, DagId target, int height) {
    Map<DagId, DagId> cameFrom = new HashMap<>();
    ArrayDeque<DagId> queue = new ArrayDeque<>(List.of(pivot));
    cameFrom.put(pivot, pivot);
    while (!queue.isEmpty() && !cameFrom.containsKey(target)) {
      DagBlock b = order.block(queue.poll()).orElseThrow();
      List<DagId> preds = new ArrayList<>(b.refs());
      b.parent().ifPresent(preds::add);
      for (DagId p : preds) {
        if (order.epochOf(p) == height && cameFrom.putIfAbsent(p, b.id()) == null) {
          queue.add(p);
        }
      }
    }
    List<DagId> path = new ArrayList<>();
    for (DagId at = target; ; at = cameFrom.get(at)) {
      path.add(at);
      if (at.equals(pivot)) {
        break;
      }
    }
    return path.reversed();
  }

  /**
   * Checks the proof against a pivot block id the caller trusts and returns the transaction that
   * claims the key.
   *
   * @throws CorruptionException naming the first link that fails
   */
  public DagTx check(DagId trustedPivot) {
    DagId expected = trustedPivot;
    DagBlock block = null;
    for (int i = 0; i < path.size(); i++) {
      byte[] encoding = path.get(i);
      DagId id = DagBlockCodec.idOf(encoding);
      if (!id.equals(expected)) {
        throw new CorruptionException("proof block " + i + " hashes to " + id + ", the link names " + expected);
      }
      block = DagBlockCodec.decode(encoding);
      if (i + 1 < path.size()) {
        DagId next = DagBlockCodec.idOf(path.get(i + 1));
        if (!block.refs().contains(next) && !block.parent().equals(Optional.of(next))) {
          throw new CorruptionException("proof block " + i + " (" + id + ") has no edge to the next block " + next);
        }
        expected = next;
      }
    }
    for (DagTx tx : block.txs()) {
      if (tx.key().equals(key)) {
        return tx;
      }
    }
    throw new CorruptionException("the last proof block " + block.id() + " carries no transaction claiming " + key);
  }
}
