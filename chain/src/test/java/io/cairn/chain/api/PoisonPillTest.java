package io.cairn.chain.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.chain.EngineDbs;
import io.cairn.chain.Fixtures;
import io.cairn.chain.TestLedger;
import io.cairn.chain.codec.RegistryFormat;
import io.cairn.chain.codec.TransactionFormat;
import io.cairn.chain.crypto.EddsaVectors;
import io.cairn.chain.crypto.SigningDomain;
import io.cairn.chain.merkle.MerkleTree;
import io.cairn.common.ByteWriter;
import io.cairn.common.InvalidArgumentException;
import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.Options;
import io.cairn.testing.Property;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The poison pill of issue 15: a transaction whose requester key is not a usable curve point, in a
 * block correctly signed by an admitted proposer, used to make {@link Ledger#apply(long, byte[])}
 * throw on every try (and break the signature checks of the threads that saw it). Each bad key of
 * the vectors goes through the ledger: its admission is refused, a block carrying its transaction
 * is rejected the same way on every node, and the log goes on.
 */
class PoisonPillTest {
  private static final Identity REGULATOR = Fixtures.identity(1);
  private static final Identity MEMBER = Fixtures.identity(7);

  @TempDir Path directory;
  private int databases;

  static Stream<byte[]> badKeys() {
    return EddsaVectors.badKeys().stream().filter(key -> key.length == MemberKey.BYTES);
  }

  /** An anchoring transaction of {@code raws} claiming requester {@code requester}, with any signature. */
  static Transaction forgedAnchor(byte[] requester, long nonce, byte[] signature, List<byte[]> raws) {
    List<AnchorEntry> entries = raws.stream().map(Fixtures::entry).toList();
    byte[][] leaves = entries.stream().map(entry -> entry.leafHash().bytes()).toArray(byte[][]::new);
    ByteWriter out = TransactionFormat.startAnchor(requester, nonce, entries.size(), MerkleTree.root(leaves));
    byte[] header = TransactionFormat.finish(out, signature);
    ByteWriter whole = new ByteWriter(header.length + 64 * entries.size());
    whole.raw(header);
    entries.forEach(entry -> entry.writeTo(whole));
    return Transaction.decode(whole.toByteArray());
  }

  /** The regulator's correctly signed admission of {@code member}, whatever its bytes. */
  static Admission rawAdmission(byte[] member) {
    ByteWriter out = RegistryFormat.startAdmission(member, Role.bits(EnumSet.allOf(Role.class)), "acme", Fixtures.T0);
    byte[] signature = REGULATOR.sign(SigningDomain.ADMISSION.message(out.buffer(), out.size()));
    return Admission.decode(RegistryFormat.finishAdmission(out, signature));
  }

  @ParameterizedTest(name = "{index}")
  @MethodSource("badKeys")
  void aBadKeyIsRefusedAtAdmissionAndItsTransactionRejectedWithoutStoppingTheLog(byte[] bad) {
    String name = HexFormat.of().formatHex(bad);
    assertThat(MemberKey.of(bad).usable()).as(name).isFalse();
    assertThatThrownBy(() -> Admission.issue(REGULATOR, MemberKey.of(bad), "acme", EnumSet.of(Role.SUBMIT), Fixtures.T0))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> Genesis.create("c", MemberKey.of(bad), Fixtures.T0)).isInstanceOf(InvalidArgumentException.class);
    try (TestLedger t = TestLedger.create(directory.resolve("ledger"))) {
      long index = t.ledger.lastAppliedIndex();
      ApplyResult admission = t.ledger.apply(++index, LedgerEntry.encode(rawAdmission(bad)));
      assertThat(admission.rejection()).as(name).isEqualTo(Rejection.BAD_KEY);
      assertThat(t.ledger.members().admission(MemberKey.of(bad))).isEmpty();

      SplittableRandom random = new SplittableRandom(bad[0]);
      byte[] forgery = HexFormat.of().parseHex("01" + "00".repeat(63)); // R = identity, S = 0
      Block poisoned = Block.propose(t.member, 0, t.ledger.headHash(), Fixtures.T0,
          List.of(forgedAnchor(bad, 0, forgery, Fixtures.records(random, 3, 20))));
      assertThat(poisoned.header().signatureValid()).isTrue();
      for (int attempt = 0; attempt < 2; attempt++) { // a replica retrying gets the same answer
        ApplyResult result = t.ledger.apply(++index, LedgerEntry.encode(poisoned));
        assertThat(result.outcome()).as(name).isEqualTo(ApplyResult.Outcome.REJECTED);
        assertThat(result.rejection()).isEqualTo(Rejection.UNKNOWN_MEMBER);
      }
      // The log goes on: a block of several transactions (signatures checked in parallel, on the
      // pool threads that saw the bad key) applies and its records verify.
      List<Transaction> transactions = new ArrayList<>();
      List<byte[]> raws = Fixtures.records(random, 8, 30);
      for (int i = 0; i < 4; i++) {
        transactions.add(Fixtures.anchor(t.member, i, raws.subList(2 * i, 2 * i + 2)));
      }
      t.records.storeAll(raws, HashAlgorithm.SHA_256);
      Block good = Block.propose(t.member, 0, t.ledger.headHash(), Fixtures.T0, transactions);
      assertThat(t.ledger.apply(++index, LedgerEntry.encode(good)).outcome()).isEqualTo(ApplyResult.Outcome.APPLIED);
      assertThat(t.ledger.verify(HashAlgorithm.SHA_256.hash(raws.get(5))).code()).isEqualTo(VerdictCode.VERIFIED);
    }
  }

  @Test
  void vectorSignaturesAndANonCanonicalSOnAnAdmittedMembersTransactionAreBadSignatures() {
    try (TestLedger t = TestLedger.create(directory.resolve("ledger"))) {
      long index = t.ledger.lastAppliedIndex();
      List<byte[]> raws = Fixtures.records(new SplittableRandom(3), 2, 20);
      // version 1, as forgedAnchor writes its header: the honest signature then fits the last block
      AnchorTransaction honest = Fixtures.anchor(t.member, 0, raws, TransactionFormat.VERSION);
      byte[] header = honest.header();
      byte[] signature = java.util.Arrays.copyOfRange(header, TransactionFormat.OFFSET_ANCHOR_SIGNATURE,
          TransactionFormat.OFFSET_ANCHOR_SIGNATURE + 64);
      List<byte[]> signatures = new ArrayList<>();
      signatures.add(withSPlusL(signature));
      EddsaVectors.all().stream().filter(v -> v.sig().length == 64).limit(12).forEach(v -> signatures.add(v.sig()));
      for (byte[] bad : signatures) {
        Block block = Block.propose(t.member, 0, t.ledger.headHash(), Fixtures.T0,
            List.of(forgedAnchor(t.member.key().bytes(), 0, bad, raws)));
        ApplyResult result = t.ledger.apply(++index, LedgerEntry.encode(block));
        assertThat(result.rejection()).as(HexFormat.of().formatHex(bad)).isEqualTo(Rejection.BAD_SIGNATURE);
      }
      Block block = Block.propose(t.member, 0, t.ledger.headHash(), Fixtures.T0,
          List.of(forgedAnchor(t.member.key().bytes(), 0, signature, raws)));
      assertThat(t.ledger.apply(++index, LedgerEntry.encode(block)).outcome()).isEqualTo(ApplyResult.Outcome.APPLIED);
    }
  }

  /** The same signature with S replaced by S + L: the same point equation, a non-canonical encoding. */
  private static byte[] withSPlusL(byte[] signature) {
    BigInteger l = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
    byte[] bigEndian = new byte[32];
    for (int i = 0; i < 32; i++) {
      bigEndian[i] = signature[63 - i];
    }
    byte[] sum = new BigInteger(1, bigEndian).add(l).toByteArray();
    byte[] out = signature.clone();
    java.util.Arrays.fill(out, 32, 64, (byte) 0);
    for (int i = 0; i < 32 && i < sum.length; i++) {
      out[32 + i] = sum[sum.length - 1 - i];
    }
    return out;
  }

  /** A log with the poisoned block at a random place among good blocks. */
  private record PoisonedLog(List<byte[]> entries, int poisonedIndex, int goodBlocks) {
    @Override
    public String toString() {
      return entries.size() + " entries, poisoned block at log index " + poisonedIndex;
    }
  }

  private static PoisonedLog poisonedLog(SplittableRandom random) {
    List<byte[]> bad = badKeys().toList();
    byte[] badKey = bad.get(random.nextInt(bad.size()));
    List<byte[]> log = new ArrayList<>();
    log.add(LedgerEntry.encode(Genesis.create("poison-chain", REGULATOR.key(), Fixtures.T0)));
    log.add(LedgerEntry.encode(Admission.issue(REGULATOR, MEMBER.key(), "acme", EnumSet.allOf(Role.class), Fixtures.T0)));
    if (random.nextBoolean()) {
      log.add(LedgerEntry.encode(rawAdmission(badKey)));
    }
    Hash32 head = Genesis.create("poison-chain", REGULATOR.key(), Fixtures.T0).hash();
    int goodBlocks = 1 + random.nextInt(5);
    int poisonAfter = random.nextInt(goodBlocks + 1);
    int poisonedIndex = -1;
    long nonce = 0;
    for (int height = 0; height <= goodBlocks; height++) {
      if (height == poisonAfter) {
        Block poisoned = Block.propose(MEMBER, height, head, Fixtures.T0 + height,
            List.of(Fixtures.anchor(MEMBER, nonce, Fixtures.records(random, 2, 10)),
                forgedAnchor(badKey, 0, MEMBER.sign(new byte[] {1}), Fixtures.records(random, 2, 10))));
        log.add(LedgerEntry.encode(poisoned));
        poisonedIndex = log.size(); // log indexes start at 1
      }
      if (height < goodBlocks) {
        Block block = Block.propose(MEMBER, height, head, Fixtures.T0 + height,
            List.of(Fixtures.anchor(MEMBER, nonce++, Fixtures.records(random, 1 + random.nextInt(4), 10))));
        log.add(LedgerEntry.encode(block));
        head = block.hash();
      }
    }
    return new PoisonedLog(log, poisonedIndex, goodBlocks);
  }

  @Test
  void twoLedgersApplyingALogWithAPoisonedBlockEndIdenticalAndGoPastIt() {
    Property.of("a poisoned block is rejected alike everywhere and the log goes on", PoisonPillTest::poisonedLog)
        .trials(12)
        .check(log -> {
          try (Db first = freshDb(); Db second = freshDb()) {
            List<ApplyResult> firstResults = LogApplyTest.applyAll(Ledger.open(first, LedgerOptions.defaults()), log.entries(), 1);
            Ledger secondLedger = Ledger.open(second, LedgerOptions.defaults());
            List<ApplyResult> secondResults = LogApplyTest.applyAll(secondLedger, log.entries(), 1);
            assertThat(firstResults).isEqualTo(secondResults);
            assertThat(EngineDbs.contents(first)).isEqualTo(EngineDbs.contents(second));
            ApplyResult poisoned = firstResults.get(log.poisonedIndex() - 1);
            assertThat(poisoned.outcome()).isEqualTo(ApplyResult.Outcome.REJECTED);
            assertThat(poisoned.rejection()).isEqualTo(Rejection.UNKNOWN_MEMBER);
            assertThat(secondLedger.blockCount()).isEqualTo(log.goodBlocks());
            assertThat(secondLedger.lastAppliedIndex()).isEqualTo(log.entries().size());
          }
        });
  }

  private Db freshDb() {
    return Cairn.open(directory.resolve("db-" + databases++), Options.defaults());
  }
}
