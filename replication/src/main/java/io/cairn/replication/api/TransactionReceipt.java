package io.cairn.replication.api;

import io.cairn.chain.api.Hash32;
import java.util.Set;

/**
 * Where a submitted transaction landed once its block was committed and applied.
 *
 * <p>Thread-safety: immutable.
 *
 * @param transactionId the transaction's identifier
 * @param height the block's height
 * @param transactionIndex the transaction's position in the block
 * @param blockHash the block's hash
 * @param anchoredElsewhere the record hashes among the block's anchor entries whose first anchor is
 *     elsewhere (an earlier block or an earlier entry of this block): every other entry of the
 *     transaction is its record's anchor, at (height, transactionIndex, entry). Null when the node
 *     did not learn it as it applied the block; then the anchor index tells.
 */
public record TransactionReceipt(Hash32 transactionId, long height, int transactionIndex, Hash32 blockHash,
    Set<Hash32> anchoredElsewhere) {
  /** A receipt without the anchored-elsewhere hashes (null: unknown). */
  public TransactionReceipt(Hash32 transactionId, long height, int transactionIndex, Hash32 blockHash) {
    this(transactionId, height, transactionIndex, blockHash, null);
  }
}
