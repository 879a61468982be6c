package io.cairn.bench.contracts;

import io.cairn.chain.api.MemberKey;
import io.cairn.chain.contract.BlockExecutor;
import io.cairn.chain.contract.BlockResult;
import io.cairn.chain.contract.ContractCall;
import io.cairn.chain.contract.ContractStore;
import io.cairn.chain.contract.ContractTransaction;
import io.cairn.chain.contract.LazyBlock;
import io.cairn.chain.contract.ReceiptStatus;
import io.cairn.chain.contract.builtin.BuiltIns;
import io.cairn.chain.contract.builtin.TokenContract;
import io.cairn.chain.contract.codec.ContractTransactionFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The benchmark's blocks of simple token transfers with a controlled conflict rate. Account 0 is
 * the hot account; a share {@code rate} of a block's transfers (chosen at random) pay it, and
 * every other transfer moves tokens between two accounts no other transfer of the block touches.
 * So at rate 0 the calls are independent, at rate 1 every call writes the hot balance (a chain).
 * A block is built with declared sets (for the task-parallel executor) or without; the same
 * random draws give the same transfers either way.
 */
final class TransferWorkload {
  static final String TOKEN = "token";
  static final long GAS = 100_000;
  static final long FUNDS = 1_000_000_000L;

  private final MemberKey owner;
  private final MemberKey[] accounts;

  TransferWorkload(int accountCount) {
    this.owner = account(Integer.MAX_VALUE);
    this.accounts = new MemberKey[accountCount];
    for (int i = 0; i < accountCount; i++) {
      accounts[i] = account(i);
    }
  }

  /** Deploys the token and funds every account, through the serial executor, committed to {@code store}. */
  void setUp(ContractStore store, int blockCalls) {
    List<ContractCall> calls = new ArrayList<>();
    calls.add(ContractCall.deploy(owner, TOKEN, TokenContract.CODE, new byte[0], GAS, null));
    try (BlockExecutor serial = BlockExecutor.serial(BuiltIns.codeBook())) {
      for (MemberKey account : accounts) {
        calls.add(TokenContract.mint(TOKEN, owner, account, FUNDS, GAS, false));
        if (calls.size() == blockCalls) {
          commit(serial, store, calls);
          calls.clear();
        }
      }
      commit(serial, store, calls);
    }
  }

  private static void commit(BlockExecutor serial, ContractStore store, List<ContractCall> calls) {
    BlockResult result = serial.execute(calls, store);
    if (result.count(ReceiptStatus.OK) != calls.size()) {
      throw new IllegalStateException("set-up block failed: " + result.receipts().getFirst());
    }
    store.commit(result);
  }

  /**
   * A block of {@code calls} transfers at conflict rate {@code rate} (needs 2 x calls + 1
   * accounts), declaring their sets when {@code declare}. Only the block that runs is built, so
   * that the garbage of building it (which the collector pays during the timed runs) is one
   * block's for every configuration.
   */
  List<ContractCall> block(SplittableRandom random, int calls, double rate, boolean declare) {
    Plan plan = plan(random, calls, rate);
    List<ContractCall> block = new ArrayList<>(calls);
    for (int i = 0; i < calls; i++) {
      block.add(plan.call(i, declare));
    }
    return block;
  }

  /**
   * The same block as {@link #block} for the same draws, as a {@link LazyBlock}: only the plan
   * (three numbers per transfer) is made here; each call is made by the thread that first reads it
   * (session 13), as a node would decode a block's calls where they run.
   */
  LazyBlock lazyBlock(SplittableRandom random, int calls, double rate, boolean declare) {
    Plan plan = plan(random, calls, rate);
    return new LazyBlock(calls, i -> plan.call(i, declare));
  }

  /**
   * The same block as {@link #block} for the same draws, as the encoded contract transactions a
   * ledger's block carries (session 15), with a signature of zeros: the benchmark's accounts are
   * not real keys, and decoding checks every field but not the signature.
   */
  byte[][] encodedBlock(SplittableRandom random, int calls, double rate, boolean declare) {
    Plan plan = plan(random, calls, rate);
    byte[][] block = new byte[calls][];
    byte[] signature = new byte[ContractTransactionFormat.SIGNATURE_BYTES];
    for (int i = 0; i < calls; i++) {
      block[i] = ContractTransactionFormat.finish(ContractTransactionFormat.startSigned(plan.call(i, declare), i),
          signature);
    }
    return block;
  }

  /**
   * A ledger's making of a block's calls from their transactions' encodings {@code encoded}
   * (session 15): each transaction decoded and checked here, as the applying thread of a ledger
   * does; its call made here too when {@code eager} (as until session 15), else by the executor
   * thread that first reads it ({@link LazyBlock} over the decoded transactions).
   */
  static List<ContractCall> decoded(byte[][] encoded, boolean eager) {
    ContractTransaction[] transactions = new ContractTransaction[encoded.length];
    for (int i = 0; i < encoded.length; i++) {
      transactions[i] = ContractTransaction.decode(encoded[i]);
    }
    if (!eager) {
      return new LazyBlock(transactions.length, i -> transactions[i].call());
    }
    List<ContractCall> calls = new ArrayList<>(transactions.length);
    for (ContractTransaction transaction : transactions) {
      calls.add(transaction.call());
    }
    return calls;
  }

  /** Who pays whom how much in each transfer of a block; {@link #call} makes one of them. */
  private final class Plan {
    private final int[] from;
    private final int[] to;
    private final int[] amount;

    Plan(int calls) {
      from = new int[calls];
      to = new int[calls];
      amount = new int[calls];
    }

    ContractCall call(int i, boolean declare) {
      return TokenContract.transfer(TOKEN, accounts[from[i]], accounts[to[i]], amount[i], GAS, declare);
    }
  }

  private Plan plan(SplittableRandom random, int calls, double rate) {
    int[] order = shuffledAccounts(random);
    int hot = (int) Math.round(rate * calls);
    boolean[] paysHot = new boolean[calls];
    for (int chosen = 0; chosen < hot; ) {
      int i = random.nextInt(calls);
      if (!paysHot[i]) {
        paysHot[i] = true;
        chosen++;
      }
    }
    Plan plan = new Plan(calls);
    for (int i = 0; i < calls; i++) {
      plan.from[i] = order[2 * i];
      plan.to[i] = paysHot[i] ? 0 : order[2 * i + 1];
      plan.amount[i] = 1 + random.nextInt(100);
    }
    return plan;
  }

  /** Accounts 1..n-1 in random order (account 0 is the hot one). */
  private int[] shuffledAccounts(SplittableRandom random) {
    int[] order = new int[accounts.length - 1];
    for (int i = 0; i < order.length; i++) {
      order[i] = i + 1;
    }
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }

  /** A benchmark account key: not a real public key (execution never verifies signatures). */
  private static MemberKey account(int index) {
    byte[] key = new byte[MemberKey.BYTES];
    key[0] = 'a';
    key[28] = (byte) (index >>> 24);
    key[29] = (byte) (index >>> 16);
    key[30] = (byte) (index >>> 8);
    key[31] = (byte) index;
    return MemberKey.of(key);
  }
}
