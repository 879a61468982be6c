package io.cairn.chain.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.chain.Fixtures;
import io.cairn.chain.TestLedger;
import io.cairn.common.InvalidArgumentException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerNodeTest {
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
  private final SplittableRandom random = new SplittableRandom(3);

  @Test
  void anchoredRecordsVerifyAndReceiptsSayWhere() {
    List<byte[]> raws = Fixtures.records(random, 50, 300);
    List<AnchorReceipt> receipts = t.node.anchor(raws, HashAlgorithm.SHA_256);
    assertThat(receipts).hasSize(50);
    for (int i = 0; i < receipts.size(); i++) {
      AnchorReceipt receipt = receipts.get(i);
      assertThat(receipt.key()).isEqualTo(HashAlgorithm.SHA_256.hash(raws.get(i)));
      assertThat(receipt.position()).isEqualTo(new AnchorPosition(0, i / 16, i % 16));
      assertThat(receipt.blockHash()).isEqualTo(t.ledger.head().orElseThrow().hash());
      Verdict verdict = t.node.verify(receipt.key());
      assertThat(verdict.code()).as(verdict.detail()).isEqualTo(VerdictCode.VERIFIED);
      assertThat(verdict.position()).isEqualTo(receipt.position());
    }
  }

  @Test
  void recordsKeyedWithTheNonStandardHashVerify() {
    List<byte[]> raws = Fixtures.records(random, 5, 64);
    List<AnchorReceipt> receipts = t.node.anchor(raws, HashAlgorithm.IMPROVED_SHA_256_NONSTANDARD);
    for (int i = 0; i < raws.size(); i++) {
      assertThat(receipts.get(i).key()).isEqualTo(HashAlgorithm.IMPROVED_SHA_256_NONSTANDARD.hash(raws.get(i)));
      assertThat(t.node.verify(receipts.get(i).key()).passed()).isTrue();
    }
  }

  @Test
  void anchoringTheSameBytesAgainKeepsTheFirstAnchor() {
    byte[] raw = {4, 5, 6};
    AnchorReceipt first = t.node.anchor(List.of(raw), HashAlgorithm.SHA_256).getFirst();
    t.clock.addAndGet(5);
    AnchorReceipt second = t.node.anchor(List.of(raw, new byte[] {7}), HashAlgorithm.SHA_256).getFirst();
    assertThat(second.position()).isEqualTo(first.position());
    assertThat(second.blockHash()).isEqualTo(first.blockHash());
    assertThat(t.ledger.blockCount()).isEqualTo(2);
  }

  /**
   * Receipts are built from the applied block, not read back from the index: with records repeated
   * within a call and across calls (the first anchor wins), each receipt still equals what the
   * index says.
   */
  @Test
  void receiptsAgreeWithTheIndexWhenRecordsRepeat() {
    List<byte[]> pool = Fixtures.records(random, 8, 40);
    for (int call = 0; call < 6; call++) {
      List<byte[]> raws = new ArrayList<>();
      for (int i = 0, n = 1 + random.nextInt(40); i < n; i++) {
        raws.add(pool.get(random.nextInt(pool.size())));
      }
      t.clock.addAndGet(1);
      for (AnchorReceipt receipt : t.node.anchor(raws, HashAlgorithm.SHA_256)) {
        AnchorPosition indexed = t.ledger.anchorOf(receipt.key()).orElseThrow();
        assertThat(receipt.position()).isEqualTo(indexed);
        assertThat(receipt.blockHash()).isEqualTo(t.ledger.block(indexed.height()).orElseThrow().hash());
      }
    }
  }

  @Test
  void unknownKeyIsAnUnknownAnchor() {
    Verdict verdict = t.node.verify(HashAlgorithm.SHA_256.hash(new byte[] {42}));
    assertThat(verdict.code()).isEqualTo(VerdictCode.UNKNOWN_ANCHOR);
    assertThat(verdict.position()).isNull();
  }

  @Test
  void publishedStateIsTheLatest() {
    t.node.publishState("acme", new byte[] {1});
    StateRecord second = t.node.publishState("acme", new byte[] {2});
    assertThat(t.ledger.latestState("acme")).contains(second);
  }

  @Test
  void nodeThatIsNotAMemberCannotAnchorAndTheLedgerIsUnchanged() {
    LedgerNode outsider = new LedgerNode(t.outsider, t.ledger, t.records, t.clock::get, 16);
    byte[] raw = {1, 1, 1};
    assertThatThrownBy(() -> outsider.anchor(List.of(raw), HashAlgorithm.SHA_256))
        .isInstanceOfSatisfying(RejectedException.class, e -> assertThat(e.reason()).isEqualTo(Rejection.UNKNOWN_MEMBER));
    assertThat(t.ledger.blockCount()).isZero();
    assertThat(t.records.read(HashAlgorithm.SHA_256.hash(raw))).containsExactly(raw);
    assertThat(t.ledger.verify(HashAlgorithm.SHA_256.hash(raw)).code()).isEqualTo(VerdictCode.UNKNOWN_ANCHOR);
  }

  @Test
  void nonceIsReadAgainAfterARejectedBlock() {
    t.node.anchor(List.of(new byte[] {1}), HashAlgorithm.SHA_256);
    // A second front end with the same identity uses the next nonce behind the first one's back.
    LedgerNode other = new LedgerNode(t.member, t.ledger, t.records, t.clock::get, 16);
    other.anchor(List.of(new byte[] {2}), HashAlgorithm.SHA_256);
    assertThatThrownBy(() -> t.node.anchor(List.of(new byte[] {3}), HashAlgorithm.SHA_256))
        .isInstanceOfSatisfying(RejectedException.class, e -> assertThat(e.reason()).isEqualTo(Rejection.STALE_NONCE));
    AnchorReceipt receipt = t.node.anchor(List.of(new byte[] {3}), HashAlgorithm.SHA_256).getFirst();
    assertThat(receipt.position().height()).isEqualTo(2);
    assertThat(t.ledger.nextNonce(t.member.key())).isEqualTo(3);
  }

  @Test
  void blockTimestampsNeverGoBackwards() {
    t.clock.set(Fixtures.T0 + 100);
    t.node.anchor(List.of(new byte[] {1}), HashAlgorithm.SHA_256);
    t.clock.set(Fixtures.T0); // the wall clock stepped back
    t.node.anchor(List.of(new byte[] {2}), HashAlgorithm.SHA_256);
    assertThat(t.ledger.head().orElseThrow().timestampMillis()).isEqualTo(Fixtures.T0 + 100);
  }

  @Test
  void emptyAnchorIsRefused() {
    assertThatThrownBy(() -> t.node.anchor(List.of(), HashAlgorithm.SHA_256)).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void verificationRunsConcurrentlyWithAppends() throws Exception {
    List<AnchorReceipt> anchored = new ArrayList<>(t.node.anchor(Fixtures.records(random, 64, 100), HashAlgorithm.SHA_256));
    try (ExecutorService executor = Executors.newFixedThreadPool(4)) {
      List<Future<Integer>> checks = new ArrayList<>();
      for (int thread = 0; thread < 3; thread++) {
        checks.add(executor.submit(() -> {
          int verified = 0;
          for (int round = 0; round < 5; round++) {
            for (AnchorReceipt receipt : anchored) {
              assertThat(t.ledger.verify(receipt.key()).code()).isEqualTo(VerdictCode.VERIFIED);
              verified++;
            }
          }
          return verified;
        }));
      }
      SplittableRandom writerRandom = new SplittableRandom(4);
      for (int block = 0; block < 20; block++) {
        t.node.anchor(Fixtures.records(writerRandom, 10, 50), HashAlgorithm.SHA_256);
      }
      for (Future<Integer> check : checks) {
        assertThat(check.get()).isEqualTo(5 * 64);
      }
    }
    assertThat(t.ledger.blockCount()).isEqualTo(21);
  }

  @Test
  void aReopenedLedgerVerifiesEverything() {
    List<AnchorReceipt> receipts = new ArrayList<>();
    for (int block = 0; block < 5; block++) {
      receipts.addAll(t.node.anchor(Fixtures.records(random, 20, 80), HashAlgorithm.SHA_256));
    }
    t = t.reopen();
    assertThat(t.ledger.blockCount()).isEqualTo(5);
    assertThat(t.ledger.members().size()).isEqualTo(2);
    for (AnchorReceipt receipt : receipts) {
      assertThat(t.ledger.verify(receipt.key()).passed()).isTrue();
    }
  }
}
