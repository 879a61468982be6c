package io.cairn.chain.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.chain.EngineDbs;
import io.cairn.chain.Fixtures;
import io.cairn.chain.TestLedger;
import io.cairn.common.ByteWriter;
import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.Options;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every rule of {@link Ledger#apply}: a bad entry is rejected with its reason and changes nothing. */
class LedgerRulesTest {
  @TempDir Path directory;
  private TestLedger t;

  @BeforeEach
  void openLedger() {
    t = TestLedger.create(directory.resolve("ledger"));
  }

  @AfterEach
  void closeLedger() {
    t.close();
  }
  private final SplittableRandom random = new SplittableRandom(11);

  private Transaction anchorBy(Identity requester, long nonce) {
    return Fixtures.anchor(requester, nonce, Fixtures.records(random, 3, 50));
  }

  private Block nextBlock(Identity proposer, List<Transaction> transactions) {
    return Block.propose(proposer, t.ledger.blockCount(), t.ledger.headHash(), t.clock.get(), transactions);
  }

  /** Asserts that applying {@code entry} is rejected for {@code reason} and the ledger is unchanged. */
  private void assertRejected(Supplier<LedgerEntry> entry, Rejection reason, String messagePart) {
    LedgerEntry value = entry.get();
    Map<String, String> before = EngineDbs.contents(t.dbs.ledger);
    long writtenBytes = t.dbs.ledger.stats().userBytesWritten();
    long count = t.ledger.blockCount();
    assertThatThrownBy(() -> t.ledger.apply(value)).isInstanceOfSatisfying(RejectedException.class, e -> {
      assertThat(e.reason()).isEqualTo(reason);
      assertThat(e.getMessage()).contains(messagePart);
    });
    assertThat(EngineDbs.contents(t.dbs.ledger)).isEqualTo(before);
    assertThat(t.dbs.ledger.stats().userBytesWritten()).as("nothing written").isEqualTo(writtenBytes);
    assertThat(t.ledger.blockCount()).isEqualTo(count);
  }

  @Test
  void validBlockIsAppendedAndIndexed() {
    Block block = nextBlock(t.member, List.of(anchorBy(t.member, 0), anchorBy(t.submitter, 0)));
    t.ledger.apply(block);
    assertThat(t.ledger.blockCount()).isEqualTo(1);
    assertThat(t.ledger.headHash()).isEqualTo(block.hash());
    assertThat(t.ledger.block(0)).contains(block);
    assertThat(t.ledger.block(block.hash())).contains(block);
    AnchorEntry entry = ((AnchorTransaction) block.transactions().get(1)).entries().get(2);
    assertThat(t.ledger.anchorOf(entry.recordHash())).contains(new AnchorPosition(0, 1, 2));
    assertThat(t.ledger.nextNonce(t.member.key())).isEqualTo(1);
  }

  @Test
  void wrongHeightIsRejected() {
    assertRejected(() -> Block.propose(t.member, 5, t.ledger.headHash(), t.clock.get(), List.of(anchorBy(t.member, 0))),
        Rejection.WRONG_HEIGHT, "not the next height 0");
  }

  @Test
  void previousHashMismatchIsRejected() {
    t.ledger.apply(nextBlock(t.member, List.of(anchorBy(t.member, 0))));
    assertRejected(() -> Block.propose(t.member, 1, t.genesis.hash(), t.clock.get(), List.of(anchorBy(t.member, 1))),
        Rejection.PREVIOUS_HASH_MISMATCH, "previous hash");
  }

  @Test
  void merkleRootMismatchIsRejected() {
    Block honest = nextBlock(t.member, List.of(anchorBy(t.member, 0), anchorBy(t.member, 1)));
    Block swapped = Block.of(honest.header(), List.of(honest.transactions().get(1), honest.transactions().get(0)));
    assertRejected(() -> swapped, Rejection.MERKLE_ROOT_MISMATCH, "Merkle root");
  }

  @Test
  void transactionCountMismatchIsMalformed() {
    Block honest = nextBlock(t.member, List.of(anchorBy(t.member, 0), anchorBy(t.member, 1)));
    Block shorter = Block.of(honest.header(), List.of(honest.transactions().get(0)));
    assertRejected(() -> shorter, Rejection.MALFORMED, "counts 2 transactions");
  }

  @Test
  void timestampRegressionIsRejected() {
    t.clock.addAndGet(1000);
    t.ledger.apply(nextBlock(t.member, List.of(anchorBy(t.member, 0))));
    assertRejected(() -> Block.propose(t.member, 1, t.ledger.headHash(), Fixtures.T0, List.of(anchorBy(t.member, 1))),
        Rejection.TIMESTAMP_REGRESSION, "before the previous block's");
  }

  @Test
  void unknownProposerIsRejected() {
    assertRejected(() -> nextBlock(t.outsider, List.of(anchorBy(t.member, 0))), Rejection.UNKNOWN_MEMBER,
        "proposer of block 0");
  }

  @Test
  void proposerWithoutTheRoleIsRejected() {
    assertRejected(() -> nextBlock(t.submitter, List.of(anchorBy(t.member, 0))), Rejection.NOT_PERMITTED,
        "lacks the PROPOSE role");
  }

  @Test
  void unknownRequesterIsRejected() {
    assertRejected(() -> nextBlock(t.member, List.of(anchorBy(t.member, 0), anchorBy(t.outsider, 0))),
        Rejection.UNKNOWN_MEMBER, "requester of block 0 transaction 1");
  }

  @Test
  void badHeaderSignatureIsRejected() {
    Block honest = nextBlock(t.member, List.of(anchorBy(t.member, 0)));
    byte[] header = honest.header().encode();
    header[io.cairn.chain.codec.BlockFormat.OFFSET_SIGNATURE + 3] ^= 4;
    fixCrc(header);
    assertRejected(() -> Block.of(BlockHeader.decode(header), honest.transactions()), Rejection.BAD_SIGNATURE,
        "header signature");
  }

  @Test
  void badTransactionSignatureIsRejected() {
    Transaction honest = anchorBy(t.member, 0);
    byte[] encoded = honest.encode();
    encoded[io.cairn.chain.codec.TransactionFormat.OFFSET_ANCHOR_SIGNATURE] ^= 1;
    io.cairn.common.ByteWriter crc = new io.cairn.common.ByteWriter(0);
    crc.raw(encoded, 0, io.cairn.chain.codec.TransactionFormat.OFFSET_ANCHOR_CRC).crcFrom(0);
    System.arraycopy(crc.toByteArray(), io.cairn.chain.codec.TransactionFormat.OFFSET_ANCHOR_CRC, encoded,
        io.cairn.chain.codec.TransactionFormat.OFFSET_ANCHOR_CRC, 4);
    Transaction forged = Transaction.decode(encoded);
    assertRejected(() -> nextBlock(t.member, List.of(forged)), Rejection.BAD_SIGNATURE,
        "transaction 0 signature");
  }

  @Test
  void replayedNonceIsRejected() {
    Transaction first = anchorBy(t.member, 0);
    t.ledger.apply(nextBlock(t.member, List.of(first)));
    assertRejected(() -> nextBlock(t.member, List.of(first)), Rejection.STALE_NONCE, "last nonce 0");
    assertRejected(() -> nextBlock(t.member, List.of(anchorBy(t.member, 3), anchorBy(t.member, 2))),
        Rejection.STALE_NONCE, "nonce 2");
  }

  @Test
  void stateForAnotherOrganizationIsRejected() {
    assertRejected(() -> nextBlock(t.member, List.of(StateTransaction.sign(t.member, 0, "beta", new byte[] {1}))),
        Rejection.NOT_PERMITTED, "admitted for 'acme'");
  }

  @Test
  void stateTransactionsKeepTheLatestStatePerOrganization() {
    t.ledger.apply(nextBlock(t.member, List.of(StateTransaction.sign(t.member, 0, "acme", new byte[] {1}))));
    t.ledger.apply(nextBlock(t.member, List.of(anchorBy(t.member, 1),
        StateTransaction.sign(t.member, 2, "acme", new byte[] {2}))));
    StateRecord latest = t.ledger.latestState("acme").orElseThrow();
    assertThat(latest.transaction().state()).containsExactly(2);
    assertThat(latest.height()).isEqualTo(1);
    assertThat(latest.transactionIndex()).isEqualTo(1);
    assertThat(t.ledger.latestState("beta")).isEmpty();
  }

  @Test
  void admissionNotSignedByTheRegulatorIsRejected() {
    assertRejected(() -> Admission.issue(t.member, t.outsider.key(), "evil", EnumSet.of(Role.PROPOSE), Fixtures.T0),
        Rejection.BAD_SIGNATURE, "not signed by the regulator");
  }

  @Test
  void secondGenesisIsRejected() {
    assertRejected(() -> Genesis.create("other", t.outsider.key(), Fixtures.T0), Rejection.ALREADY_INITIALIZED,
        "already has a genesis");
  }

  @Test
  void blockBeforeGenesisIsRejected() {
    try (Db db = Cairn.open(directory.resolve("empty"), Options.defaults())) {
      Ledger empty = Ledger.open(db, LedgerOptions.defaults());
      Block block = Block.propose(t.member, 0, t.genesis.hash(), Fixtures.T0, List.of(anchorBy(t.member, 0)));
      assertThatThrownBy(() -> empty.apply(block)).isInstanceOfSatisfying(RejectedException.class,
          e -> assertThat(e.reason()).isEqualTo(Rejection.NOT_INITIALIZED));
      assertThat(EngineDbs.contents(db)).isEmpty();
    }
  }

  @Test
  void blockOfAnotherChainIsRejected() {
    Genesis other = Genesis.create("other-chain", t.regulator.key(), Fixtures.T0);
    assertRejected(() -> Block.propose(t.member, 0, other.hash(), t.clock.get(), List.of(anchorBy(t.member, 0))),
        Rejection.PREVIOUS_HASH_MISMATCH, "previous hash");
  }

  @Test
  void genesisOfAnUntrustedRegulatorIsRejected() {
    try (Db db = Cairn.open(directory.resolve("other"), Options.defaults())) {
      Ledger ledger = Ledger.open(db, LedgerOptions.defaults().withRegulator(t.regulator.key()));
      assertThatThrownBy(() -> ledger.apply(Genesis.create("x", t.outsider.key(), Fixtures.T0)))
          .isInstanceOfSatisfying(RejectedException.class, e -> assertThat(e.reason()).isEqualTo(Rejection.NOT_PERMITTED));
      assertThat(ledger.genesis()).isEmpty();
    }
  }

  @Test
  void aLedgerOfAnotherRegulatorIsRefusedAtOpen() {
    Identity other = Fixtures.identity(40);
    assertThatThrownBy(() -> Ledger.open(t.dbs.ledger, LedgerOptions.defaults().withRegulator(other.key())))
        .isInstanceOf(io.cairn.common.InvalidArgumentException.class).hasMessageContaining("regulator");
  }

  @Test
  void duplicateAnchorKeepsTheFirstPosition() {
    byte[] raw = {1, 2, 3};
    List<AnchorEntry> once = List.of(Fixtures.entry(raw));
    t.ledger.apply(nextBlock(t.member, List.of(AnchorTransaction.sign(t.member, 0, once))));
    t.ledger.apply(nextBlock(t.member, List.of(AnchorTransaction.sign(t.member, 1,
        List.of(Fixtures.entry(new byte[] {9}), Fixtures.entry(raw), Fixtures.entry(raw))))));
    assertThat(t.ledger.anchorOf(HashAlgorithm.SHA_256.hash(raw))).contains(new AnchorPosition(0, 0, 0));
    assertThat(t.ledger.block(1).orElseThrow().transactions()).hasSize(1);
  }

  @Test
  void manyBlocksKeepEveryIndexConsistent() {
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      t.clock.addAndGet(random.nextInt(3));
      Block block = nextBlock(t.member, List.of(anchorBy(t.member, 2L * i), anchorBy(t.submitter, i)));
      t.ledger.apply(block);
      blocks.add(block);
    }
    for (Block block : blocks) {
      assertThat(t.ledger.block(block.height())).contains(block);
      assertThat(t.ledger.block(block.hash())).contains(block);
    }
    assertThat(t.ledger.head()).contains(blocks.getLast().header());
  }

  static void fixCrc(byte[] header) {
    io.cairn.common.ByteWriter writer = new io.cairn.common.ByteWriter(0);
    writer.raw(header, 0, io.cairn.chain.codec.BlockFormat.OFFSET_CRC).crcFrom(0);
    System.arraycopy(writer.toByteArray(), io.cairn.chain.codec.BlockFormat.OFFSET_CRC, header,
        io.cairn.chain.codec.BlockFormat.OFFSET_CRC, 4);
  }
}
