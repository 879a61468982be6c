package io.cairn.chain.api;

import io.cairn.chain.contract.Receipt;

/**
 * The stored outcome of a contract transaction applied in a block: the transaction's id, the
 * block height and the transaction's index in it, and the {@link Receipt} of its call (status,
 * gas used, output, failure message). Every member that applied the block holds the same one.
 *
 * @param transaction the contract transaction's id
 * @param height the block that holds it
 * @param index its position in the block
 * @param receipt what its call produced
 */
public record ContractReceipt(Hash32 transaction, long height, int index, Receipt receipt) {}
