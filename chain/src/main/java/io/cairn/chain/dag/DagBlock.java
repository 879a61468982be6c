package io.cairn.chain.dag;

import io.cairn.common.InvalidArgumentException;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A block of the DAG chain: one parent edge (none for the genesis), reference edges to other
 * blocks, and transactions in the order the block lists them. The id stands for the block's hash;
 * for blocks made by {@link DagBlockCodec} it is the SHA-256 of the encoding.
 *
 * @param id the block's identity
 * @param parent the parent (the pivot tip its creator saw), empty for the genesis
 * @param refs reference edges, distinct, never the parent or the block itself
 * @param txs transactions in block order
 * @param nonce any number the creator picks so that two blocks with equal contents differ (the
 *     simulator uses creator and sequence); part of the encoding, not of the order
 */
public record DagBlock(DagId id, Optional<DagId> parent, List<DagId> refs, List<DagTx> txs, long nonce) {
  public DagBlock {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(parent, "parent");
    refs = List.copyOf(refs);
    txs = List.copyOf(txs);
    Set<DagId> seen = new HashSet<>();
    for (DagId ref : refs) {
      if (ref.equals(id) || parent.map(ref::equals).orElse(false) || !seen.add(ref)) {
        throw new InvalidArgumentException("block " + id + ": reference " + ref
            + " repeats the block, its parent or another reference");
      }
    }
    if (parent.map(id::equals).orElse(false)) {
      throw new InvalidArgumentException("block " + id + " names itself as parent");
    }
    if (parent.isEmpty() && !refs.isEmpty()) {
      throw new InvalidArgumentException("block " + id + " has no parent, so it is a genesis, but has references");
    }
  }

  /** A genesis block: no parent, no references. */
  public static DagBlock genesis(DagId id, List<DagTx> txs) {
    return new DagBlock(id, Optional.empty(), List.of(), txs, 0);
  }

  /** A block on {@code parent} referencing {@code refs}. */
  public static DagBlock of(DagId id, DagId parent, List<DagId> refs, List<DagTx> txs) {
    return new DagBlock(id, Optional.of(parent), refs, txs, 0);
  }

  /** Whether this is a genesis block. */
  public boolean isGenesis() {
    return parent.isEmpty();
  }
}
