package io.cairn.chain.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.Fixtures;
import io.cairn.chain.api.Identity;
import io.cairn.chain.api.Transaction;
import io.cairn.chain.contract.BlockExecutor;
import io.cairn.chain.contract.BlockResult;
import io.cairn.chain.contract.ContractCall;
import io.cairn.chain.contract.ContractStore;
import io.cairn.chain.contract.ContractTransaction;
import io.cairn.chain.contract.LazyBlock;
import io.cairn.chain.contract.StateReader;
import io.cairn.chain.contract.builtin.BuiltIns;
import io.cairn.chain.contract.builtin.TokenContract;
import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.api.WriteBatch;
import io.cairn.lsm.api.WriteOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Session 15: the ledger's contract side hands its executor the calls of decoded transactions
 * unmade, so that each is made by the executor thread that first reads it; the result equals the
 * serial executor's on the calls made first.
 */
class ContractApplierTest {
  private static final long GAS = 1_000_000;
  @TempDir Path directory;

  /** An executor that records whether it got a lazy block and how many of its calls were made already, then delegates. */
  private static final class Recording implements BlockExecutor {
    private final BlockExecutor delegate;
    int madeBefore = -1;
    boolean lazy;

    Recording(BlockExecutor delegate) {
      this.delegate = delegate;
    }

    @Override
    public BlockResult execute(List<ContractCall> calls, StateReader base) {
      lazy = calls instanceof LazyBlock;
      madeBefore = 0;
      if (calls instanceof LazyBlock block) {
        for (int i = 0; i < block.size(); i++) {
          madeBefore += block.isMade(i) ? 1 : 0;
        }
      }
      return delegate.execute(calls, base);
    }

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public int threads() {
      return delegate.threads();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  @Test
  void decodedTransactionsAreHandedOverUnmadeAndExecuteAsSerial() {
    Identity owner = Fixtures.identity(7);
    List<Identity> users = List.of(Fixtures.identity(11), Fixtures.identity(12), Fixtures.identity(13));
    List<Transaction> setUp = new ArrayList<>();
    setUp.add(ContractTransaction.sign(owner, 0, ContractCall.deploy(owner.key(), "coin", TokenContract.CODE,
        new byte[0], GAS, null)));
    for (int u = 0; u < users.size(); u++) {
      setUp.add(ContractTransaction.sign(owner, 1 + u, TokenContract.mint("coin", owner.key(), users.get(u).key(),
          1_000, GAS, false)));
    }
    List<Transaction> block = new ArrayList<>();
    long[] nonces = new long[users.size()];
    for (int i = 0; i < 200; i++) { // past the 64 calls under which the task-parallel executor runs serially
      int from = i % users.size();
      ContractCall call = TokenContract.transfer("coin", users.get(from).key(), users.get((from + 1) % 3).key(),
          1 + i % 7, GAS, i % 2 == 0);
      byte[] encoded = ContractTransaction.sign(users.get(from), nonces[from]++, call).encode();
      block.add(ContractTransaction.decode(encoded)); // as the ledger's block decoder gives them
    }
    try (Db first = Cairn.open(directory.resolve("a"), Options.defaults());
        Db second = Cairn.open(directory.resolve("b"), Options.defaults())) {
      ContractApplier serial = new ContractApplier(new ContractStore(first, WriteOptions.DEFAULT, 1_000),
          BlockExecutor.serial(BuiltIns.codeBook()));
      Recording recording = new Recording(BlockExecutor.declared(BuiltIns.codeBook(), 2));
      ContractApplier parallel = new ContractApplier(new ContractStore(second, WriteOptions.DEFAULT, 1_000),
          recording);
      for (ContractApplier applier : List.of(serial, parallel)) {
        WriteBatch batch = new WriteBatch();
        BlockResult result = applier.stage(setUp, 1, batch);
        applier.store().commit(result);
      }
      List<Transaction> copy = new ArrayList<>();
      for (Transaction transaction : block) {
        copy.add(ContractTransaction.decode(transaction.encode()));
      }
      BlockResult expected = serial.stage(copy, 2, new WriteBatch());
      BlockResult actual = parallel.stage(block, 2, new WriteBatch());
      assertThat(recording.lazy).as("the calls handed over as a lazy block").isTrue();
      assertThat(recording.madeBefore).as("calls made before the executor ran").isZero();
      assertThat(block).allMatch(transaction -> ((ContractTransaction) transaction).callMade());
      assertThat(actual.receipts()).containsExactlyElementsOf(expected.receipts());
      assertThat(actual).isEqualTo(expected);
      serial.close();
      parallel.close();
    }
  }
}
