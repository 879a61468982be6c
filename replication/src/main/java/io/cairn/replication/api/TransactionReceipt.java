package io.cairn.replication.api;

import io.cairn.chain.api.Hash32;

/**
 * Where a submitted transaction landed once its block was committed and applied.
 *
 * <p>Thread-safety: immutable.
 *
 * @param transactionId the transaction's identifier
 * @param height the block's height
 * @param transactionIndex the transaction's position in the block
 * @param blockHash the block's hash
 */
public record TransactionReceipt(Hash32 transactionId, long height, int transactionIndex, Hash32 blockHash) {}
