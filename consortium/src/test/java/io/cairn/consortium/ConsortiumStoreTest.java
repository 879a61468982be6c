package io.cairn.consortium;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.api.Identity;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An HQ node restarted on its store keeps its chain, its admissions and its pool. */
class ConsortiumStoreTest {
  private static final long PERIOD_MILLIS = 200;
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path dir;

  private static byte[] upload(UploadSession session, Identity enterprise, long sequence) {
    return session.seal(StateUpload.sign(enterprise, 0, sequence, sequence, new byte[] {(byte) sequence})).encode();
  }

  /** Pumps the consortium on a virtual clock from {@code start} until HQ 0 holds {@code height} blocks. */
  private static long pumpUntil(LocalConsortium consortium, long start, long height) {
    long now = start;
    while (consortium.node(0).ledger().height() < height) {
      assertThat(now - start).as("virtual ms without a commit").isLessThan(40 * PERIOD_MILLIS);
      consortium.pump(now++);
    }
    return now;
  }

  @Test
  void aRestartedHqKeepsItsChainItsAdmissionsAndItsPool() {
    ConsortiumStore first = ConsortiumStore.open(dir);
    LocalConsortium consortium = new LocalConsortium(4, PERIOD_MILLIS, 3, hq -> hq == 0 ? first : null);
    Identity alice = Identity.fromSeed(new byte[32]);
    consortium.admitEverywhere(alice, "alice", 0);
    UploadSession session = new UploadSession(alice.key(), 0, consortium.encryptionKey(0), RANDOM);
    List<byte[]> sent = new java.util.ArrayList<>();
    for (long sequence = 1; sequence <= 5; sequence++) {
      sent.add(upload(session, alice, sequence));
      assertThat(consortium.node(0).upload(sent.getLast()).verdict()).isEqualTo(UploadVerdict.ACCEPTED);
    }
    pumpUntil(consortium, 10 * PERIOD_MILLIS, 1);
    for (long sequence = 6; sequence <= 7; sequence++) {
      assertThat(consortium.node(0).upload(upload(session, alice, sequence)).accepted()).isTrue();
    }
    HqNode before = consortium.node(0);
    long height = before.ledger().height();
    byte[] head = before.ledger().headHash();
    List<StateProof> history = before.ledger().history(alice.key());
    assertThat(history).hasSize(5);
    first.close();

    HqNode after = consortium.restart(0, ConsortiumStore.open(dir));
    assertThat(after.ledger().height()).isEqualTo(height);
    assertThat(Arrays.equals(after.ledger().headHash(), head)).isTrue();
    assertThat(after.ledger().history(alice.key())).extracting(StateProof::record)
        .isEqualTo(history.stream().map(StateProof::record).toList());
    for (StateProof proof : after.ledger().history(alice.key())) {
      assertThat(proof.check(after.ledger().block(proof.height()).hash())).isNull();
    }
    assertThat(after.registry().status(alice.key())).isEqualTo(AdmissionRegistry.Status.ADMITTED);
    assertThat(after.pool().size()).as("accepted, not yet on chain").isEqualTo(2);
    UploadSession fresh = new UploadSession(alice.key(), 0, consortium.encryptionKey(0), RANDOM);
    assertThat(after.upload(upload(fresh, alice, 3)).verdict()).as("a committed sequence").isEqualTo(
        UploadVerdict.REPLAY);
    assertThat(after.upload(upload(fresh, alice, 7)).verdict()).as("a pooled sequence").isEqualTo(UploadVerdict.REPLAY);
    assertThat(after.upload(upload(fresh, alice, 8)).verdict()).isEqualTo(UploadVerdict.ACCEPTED);
  }
}
