package io.cairn.chain.dag;

/**
 * A transaction occurrence the total order drops.
 *
 * @param tx the transaction
 * @param block the block it was in
 * @param reason why it is dropped
 */
public record DroppedTx(DagTx tx, DagId block, Reason reason) {
  /** Why a transaction is dropped. */
  public enum Reason {
    /** The same transaction (same id) was ordered earlier. */
    DUPLICATE,
    /** Another transaction claiming the same key was ordered earlier. */
    CONFLICT
  }
}
