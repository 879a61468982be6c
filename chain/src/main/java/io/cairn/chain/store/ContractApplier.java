package io.cairn.chain.store;

import io.cairn.chain.api.Transaction;
import io.cairn.chain.contract.BlockExecutor;
import io.cairn.chain.contract.BlockResult;
import io.cairn.chain.contract.ContractCall;
import io.cairn.chain.contract.ContractStore;
import io.cairn.chain.contract.ContractTransaction;
import io.cairn.chain.contract.LazyBlock;
import io.cairn.chain.contract.Receipt;
import io.cairn.lsm.api.WriteBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * The contract side of applying a block: runs the block's {@link ContractTransaction}s' calls in
 * block order through the ledger's {@link BlockExecutor} against the contract state the block
 * starts from, and stages the net state writes and one receipt per contract transaction into the
 * block's engine batch. Every executor returns what serial execution returns, so every node that
 * applies the block writes the same bytes, whatever executor and thread count it runs.
 *
 * <p>The calls are handed to the executor as a {@link LazyBlock} (session 15): a decoded
 * transaction's call is made by the executor thread that first reads it, so a parallel executor
 * makes its calls' objects on the cores that run them.
 *
 * <p>It runs after every other check of the block passed: a block is never rejected because of
 * what its calls do (a failing call is a failure receipt).
 *
 * <p>Thread-safety: the ledger applies one block at a time; so does this.
 */
public final class ContractApplier {
  private final ContractStore store;
  private final BlockExecutor executor;

  /** Executes with {@code executor} against (and stages writes for) {@code store}. */
  public ContractApplier(ContractStore store, BlockExecutor executor) {
    this.store = store;
    this.executor = executor;
  }

  /**
   * Executes the contract transactions among {@code transactions} (block {@code height}) and adds
   * their writes and receipts to {@code batch}; null when the block has none.
   */
  BlockResult stage(List<Transaction> transactions, long height, WriteBatch batch) {
    List<ContractTransaction> contracts = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < transactions.size(); i++) {
      if (transactions.get(i) instanceof ContractTransaction contract) {
        contracts.add(contract);
        positions.add(i);
      }
    }
    if (contracts.isEmpty()) {
      return null;
    }
    // Session 15: each call made where it runs, by the executor thread that first reads it (its
    // transaction's encoding was checked when the block was decoded, so making it cannot fail).
    List<ContractCall> calls = new LazyBlock(contracts.size(), c -> contracts.get(c).call());
    BlockResult result = executor.execute(calls, store);
    assert result.receipts().size() == calls.size();
    store.stage(result, batch);
    for (int c = 0; c < calls.size(); c++) {
      int index = positions.get(c);
      Receipt receipt = result.receipts().get(c);
      batch.put(LedgerKeys.receipt(transactions.get(index).id()),
          ChainIndexesFormat.encodeReceipt(height, index, receipt));
    }
    return result;
  }

  /** The batch holding {@code result} (from {@link #stage}) is in the engine. */
  public void committed(BlockResult result) {
    if (result != null) {
      store.committed(result);
    }
  }

  /** Whether a batch from {@link #stage} is in the engine is unknown: drop cached state. */
  public void forget() {
    store.forget();
  }

  /** The state the calls run against. */
  public ContractStore store() {
    return store;
  }

  /** Stops the executor's threads. */
  public void close() {
    executor.close();
  }
}
