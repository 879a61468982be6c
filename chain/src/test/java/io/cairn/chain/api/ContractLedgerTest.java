package io.cairn.chain.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.EngineDbs;
import io.cairn.chain.Fixtures;
import io.cairn.chain.contract.ContractCall;
import io.cairn.chain.contract.ContractTransaction;
import io.cairn.chain.contract.Receipt;
import io.cairn.chain.contract.ReceiptStatus;
import io.cairn.chain.contract.builtin.TokenContract;
import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.Options;
import io.cairn.testing.Property;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contract transactions as ledger transactions: deployed and called by signed transactions inside
 * blocks, executed when the block is applied, receipts and state stored in the ledger's engine.
 * Two ledgers applying the same log, one executing serially and one with Block-STM on 2 threads,
 * end with the same bytes.
 */
class ContractLedgerTest {
  private static final long GAS = 1_000_000;
  private final Identity regulator = Fixtures.identity(1);
  private final Identity owner = Fixtures.identity(7);
  private final List<Identity> users = List.of(Fixtures.identity(11), Fixtures.identity(12), Fixtures.identity(13));
  private final Genesis genesis = Genesis.create("contract-chain", regulator.key(), Fixtures.T0);
  @TempDir Path directory;
  private int databases;

  /** The log, and the contract transactions it carries in order. */
  private record Log(List<byte[]> entries, List<ContractTransaction> calls) {}

  private Log randomLog(SplittableRandom random) {
    List<byte[]> log = new ArrayList<>();
    List<ContractTransaction> calls = new ArrayList<>();
    log.add(LedgerEntry.encode(genesis));
    log.add(LedgerEntry.encode(Admission.issue(regulator, owner.key(), "bank", EnumSet.allOf(Role.class), Fixtures.T0)));
    for (Identity user : users) {
      log.add(LedgerEntry.encode(Admission.issue(regulator, user.key(), "user", EnumSet.of(Role.SUBMIT), Fixtures.T0)));
    }
    long[] nonces = new long[users.size() + 1];
    List<Transaction> first = new ArrayList<>();
    first.add(sign(owner, nonces, users.size(), ContractCall.deploy(owner.key(), "coin", TokenContract.CODE,
        new byte[0], GAS, null), calls));
    for (Identity user : users) {
      first.add(sign(owner, nonces, users.size(), TokenContract.mint("coin", owner.key(), user.key(),
          random.nextInt(1, 100), GAS, false), calls));
    }
    Hash32 head = appendBlock(log, first, 0, genesis.hash());
    int blocks = 1 + random.nextInt(4);
    for (int b = 1; b <= blocks; b++) {
      List<Transaction> transactions = new ArrayList<>();
      int count = 1 + random.nextInt(40);
      for (int i = 0; i < count; i++) {
        int from = random.nextInt(users.size());
        Identity caller = users.get(from);
        ContractCall call = switch (random.nextInt(8)) {
          case 0 -> ContractCall.call(caller.key(), "nowhere", "transfer", new byte[0], GAS, null);
          case 1 -> ContractCall.deploy(caller.key(), "coin", TokenContract.CODE, new byte[0], GAS, null);
          case 2 -> TokenContract.transfer("coin", caller.key(), users.get(random.nextInt(users.size())).key(),
              random.nextInt(1, 60), 1_200, false); // too little gas for the state accesses
          default -> TokenContract.transfer("coin", caller.key(), users.get(random.nextInt(users.size())).key(),
              random.nextInt(1, 60), GAS, false);
        };
        transactions.add(sign(caller, nonces, from, call, calls));
      }
      if (random.nextBoolean()) {
        transactions.add(Fixtures.anchor(owner, nonces[users.size()]++, Fixtures.records(random, 2, 10)));
      }
      head = appendBlock(log, transactions, b, head);
    }
    return new Log(log, calls);
  }

  private static ContractTransaction sign(Identity who, long[] nonces, int slot, ContractCall call,
      List<ContractTransaction> calls) {
    ContractTransaction transaction = ContractTransaction.sign(who, nonces[slot]++, call);
    calls.add(transaction);
    return transaction;
  }

  private Hash32 appendBlock(List<byte[]> log, List<Transaction> transactions, long height, Hash32 previous) {
    Block block = Block.propose(owner, height, previous, Fixtures.T0 + height, transactions);
    log.add(LedgerEntry.encode(block));
    return block.hash();
  }

  @Test
  void serialAndBlockStmLedgersApplyingTheSameLogHoldTheSameBytes() {
    Property.of("same log, same contract state and receipts", this::randomLog)
        .describeWith(log -> log.entries().size() + " entries, " + log.calls().size() + " contract transactions")
        .trials(12)
        .check(log -> {
          try (Db first = freshDb(); Db second = freshDb()) {
            Ledger serial = Ledger.open(first, LedgerOptions.defaults());
            Ledger parallel = Ledger.open(second, LedgerOptions.defaults().withContractThreads(2));
            List<ApplyResult> serialResults = LogApplyTest.applyAll(serial, log.entries(), 1);
            List<ApplyResult> parallelResults = LogApplyTest.applyAll(parallel, log.entries(), 1);
            assertThat(serialResults).allMatch(result -> result.outcome() == ApplyResult.Outcome.APPLIED);
            assertThat(parallelResults).isEqualTo(serialResults);
            assertThat(EngineDbs.contents(second)).isEqualTo(EngineDbs.contents(first));
            for (ContractTransaction call : log.calls()) {
              assertThat(parallel.receipt(call.id())).isEqualTo(serial.receipt(call.id())).isPresent();
            }
            serial.close();
            parallel.close();
          }
        });
  }

  @Test
  void receiptsAndStateAreReadableAfterTheBlockApplies() {
    try (Db db = freshDb()) {
      Ledger ledger = Ledger.open(db, LedgerOptions.defaults());
      Identity alice = users.get(0);
      Identity bob = users.get(1);
      long[] nonces = new long[users.size() + 1];
      List<ContractTransaction> calls = new ArrayList<>();
      List<byte[]> log = new ArrayList<>();
      log.add(LedgerEntry.encode(genesis));
      log.add(LedgerEntry.encode(Admission.issue(regulator, owner.key(), "bank", EnumSet.allOf(Role.class), Fixtures.T0)));
      log.add(LedgerEntry.encode(Admission.issue(regulator, alice.key(), "user", EnumSet.of(Role.SUBMIT), Fixtures.T0)));
      int ownerSlot = users.size();
      appendBlock(log, List.of(
          sign(owner, nonces, ownerSlot, ContractCall.deploy(owner.key(), "coin", TokenContract.CODE, new byte[0], GAS, null), calls),
          sign(owner, nonces, ownerSlot, TokenContract.mint("coin", owner.key(), alice.key(), 50, GAS, false), calls),
          sign(alice, nonces, 0, TokenContract.transfer("coin", alice.key(), bob.key(), 20, GAS, false), calls),
          sign(alice, nonces, 0, TokenContract.transfer("coin", alice.key(), bob.key(), 31, GAS, false), calls)),
          0, genesis.hash());
      LogApplyTest.applyAll(ledger, log, 1);
      assertThat(ledger.blockCount()).isEqualTo(1);
      Receipt overdraft = ledger.receipt(calls.get(3).id()).orElseThrow().receipt();
      assertThat(overdraft.status()).isEqualTo(ReceiptStatus.REVERTED);
      assertThat(overdraft.message()).isEqualTo("insufficient balance: 30 < 31");
      ContractReceipt paid = ledger.receipt(calls.get(2).id()).orElseThrow();
      assertThat(paid.height()).isZero();
      assertThat(paid.index()).isEqualTo(2);
      assertThat(paid.receipt().status()).isEqualTo(ReceiptStatus.OK);
      assertThat(TokenContract.balance(ledger.contractValue("coin", TokenContract.balanceKey(bob.key())).orElseThrow()))
          .isEqualTo(20);
      assertThat(ledger.contractCode("coin")).contains(TokenContract.CODE);
      assertThat(ledger.block(0).orElseThrow().transactions()).containsExactlyElementsOf(calls);
      assertThat(ledger.receipt(Hash32.ZERO)).isEmpty();
      ledger.close();
    }
  }

  private Db freshDb() {
    return Cairn.open(directory.resolve("db-" + databases++), Options.defaults());
  }
}
