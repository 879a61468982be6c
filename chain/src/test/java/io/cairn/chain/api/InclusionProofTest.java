package io.cairn.chain.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.Fixtures;
import io.cairn.chain.TestLedger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InclusionProofTest {
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

  @Test
  void everyAnchoredRecordHasAProofThatChecksOutsideTheLedger() {
    List<AnchorReceipt> receipts = t.node.anchor(Fixtures.records(new SplittableRandom(9), 37, 30), HashAlgorithm.SHA_256);
    for (AnchorReceipt receipt : receipts) {
      InclusionProof proof = t.ledger.proof(receipt.key()).orElseThrow();
      assertThat(proof.check(t.ledger.members()).code()).isEqualTo(VerdictCode.VERIFIED);
      assertThat(proof.blockHeader().hash()).isEqualTo(receipt.blockHash());
      assertThat(proof.position()).isEqualTo(receipt.position());
    }
  }

  @Test
  void aProofWithAChangedPathHashIsBad() {
    AnchorReceipt receipt = t.node.anchor(Fixtures.records(new SplittableRandom(10), 20, 30), HashAlgorithm.SHA_256).get(7);
    InclusionProof proof = t.ledger.proof(receipt.key()).orElseThrow();
    List<Hash32> path = new ArrayList<>(proof.entryPath());
    byte[] first = path.getFirst().bytes();
    first[0] ^= 1;
    path.set(0, Hash32.of(first));
    InclusionProof changed = InclusionProof.of(proof.recordKey(), proof.position(), proof.entry(), path,
        proof.transactionHeader(), proof.transactionPath(), proof.blockHeader());
    assertThat(changed.check(t.ledger.members()).code()).isEqualTo(VerdictCode.BAD_PROOF);
  }

  @Test
  void aProofIsNotValidForAnotherKey() {
    AnchorReceipt receipt = t.node.anchor(Fixtures.records(new SplittableRandom(11), 3, 30), HashAlgorithm.SHA_256).get(1);
    InclusionProof proof = t.ledger.proof(receipt.key()).orElseThrow();
    InclusionProof other = InclusionProof.of(HashAlgorithm.SHA_256.hash(new byte[] {1}), proof.position(), proof.entry(),
        proof.entryPath(), proof.transactionHeader(), proof.transactionPath(), proof.blockHeader());
    assertThat(other.check(t.ledger.members()).code()).isEqualTo(VerdictCode.BAD_PROOF);
  }

  @Test
  void noProofForAnUnknownKey() {
    assertThat(t.ledger.proof(HashAlgorithm.SHA_256.hash(new byte[] {2}))).isEmpty();
  }
}
