package io.cairn.chain.dag;

import java.util.Objects;

/**
 * A transaction as the DAG orders it: its {@code id} (two transactions with the same id are the
 * same transaction: a later copy is a duplicate) and its {@code key}, the anchored key it claims
 * (two transactions with different ids and the same key conflict: the later one in the total order
 * is dropped). For an anchoring transaction the key is the record hash and the id the hash of the
 * whole transaction, so "first anchor of a key wins".
 *
 * @param id the transaction's identity
 * @param key the anchored key it claims
 */
public record DagTx(DagId id, DagId key) {
  public DagTx {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(key, "key");
  }

  /** A transaction that is its own key: it can be a duplicate but never conflicts with another. */
  public static DagTx of(DagId id) {
    return new DagTx(id, id);
  }

  /** Whether id and key are the same (the form {@link #of} makes). */
  public boolean selfKeyed() {
    return id.equals(key);
  }
}
