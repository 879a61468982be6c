package io.cairn.chain.api;

/**
 * An organisation's latest state on the ledger: the state transaction and where it is.
 *
 * @param transaction the state-data transaction (organisation, state record, requester)
 * @param height the block that holds it
 * @param transactionIndex its index in that block
 */
public record StateRecord(StateTransaction transaction, long height, int transactionIndex) {}
