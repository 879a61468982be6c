package io.cairn.consortium;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.api.Identity;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** State transfer of the chain to an HQ node that fell behind ({@link CatchUp}). */
class CatchUpTest {
  private static final long PERIOD_MILLIS = 200;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A consortium (seed {@code seed}) whose HQ 0 committed {@code blocks} blocks of alice's uploads; the clock. */
  private static long run(LocalConsortium consortium, Identity alice, int blocks) {
    UploadSession session = new UploadSession(alice.key(), 0, consortium.encryptionKey(0), RANDOM);
    long now = 10 * PERIOD_MILLIS;
    for (int b = 1; b <= blocks; b++) {
      for (int i = 0; i < 3; i++) {
        long sequence = b * 10L + i;
        byte[] envelope = session.seal(StateUpload.sign(alice, 0, sequence, sequence, new byte[] {(byte) i})).encode();
        assertThat(consortium.node(0).upload(envelope).accepted()).isTrue();
      }
      now = pumpUntil(consortium, now, 0, b);
    }
    return now;
  }

  private static long pumpUntil(LocalConsortium consortium, long start, int hq, long height) {
    long now = start;
    while (consortium.node(hq).ledger().height() < height) {
      assertThat(now - start).as("virtual ms without reaching height " + height).isLessThan(40 * PERIOD_MILLIS);
      consortium.pump(now++);
    }
    return now;
  }

  @Test
  void anHqThatLostItsChainTakesItBackFromThePeers() {
    LocalConsortium consortium = new LocalConsortium(4, PERIOD_MILLIS, 5);
    Identity alice = Identity.fromSeed(new byte[32]);
    EnterpriseCertificate certificate = consortium.admitEverywhere(alice, "alice", 0);
    long now = run(consortium, alice, 2);
    HqNode fresh = consortium.restart(3, null);
    assertThat(fresh.admit(certificate)).isNull();
    assertThat(fresh.ledger().height()).isZero();

    pumpUntil(consortium, now, 3, 2);
    HqNode reference = consortium.node(0);
    assertThat(Arrays.equals(fresh.ledger().headHash(), reference.ledger().headHash())).isTrue();
    assertThat(fresh.ledger().history(alice.key())).hasSize(6);
    assertThat(fresh.events()).anyMatch(event -> event.contains("caught up to height 2"));
    assertThat(fresh.catchUpRounds()).isPositive();
  }

  @Test
  void aBlockCountsOnlyWhenFPlusOnePeersReturnIt() {
    LocalConsortium honest = new LocalConsortium(4, PERIOD_MILLIS, 7);
    Identity alice = Identity.fromSeed(new byte[32]);
    honest.admitEverywhere(alice, "alice", 0);
    run(honest, alice, 1);
    LocalConsortium other = new LocalConsortium(4, PERIOD_MILLIS, 8);
    other.admitEverywhere(alice, "alice", 0);
    run(other, alice, 1);
    HqMessage.SyncAnswer truth = CatchUp.answer(honest.node(1).ledger(), 0);
    HqMessage.SyncAnswer lie = CatchUp.answer(other.node(1).ledger(), 0);
    assertThat(truth.blocks()).hasSize(1);
    assertThat(lie.blocks().getFirst().hash()).isNotEqualTo(truth.blocks().getFirst().hash());

    CatchUp catchUp = new CatchUp(4);
    assertThat(catchUp.tick(0, 0)).isEqualTo(new HqMessage.SyncRequest(0));
    assertThat(catchUp.onAnswer(1, lie, 0)).as("one (lying) answer").isEmpty();
    assertThat(catchUp.onAnswer(1, truth, 0)).as("a second answer of the same peer").isEmpty();
    assertThat(catchUp.onAnswer(2, truth, 0)).as("f+1 = 2 answers disagree").isEmpty();
    List<CatchUp.Confirmed> confirmed = catchUp.onAnswer(3, truth, 0);
    assertThat(confirmed).hasSize(1);
    assertThat(confirmed.getFirst().block().hash()).isEqualTo(truth.blocks().getFirst().hash());
    assertThat(catchUp.tick(1, 1)).as("nothing suggests it is behind").isNull();
    assertThat(catchUp.tick(CatchUp.IDLE_ASK_MILLIS + 1, 1)).as("asks again when idle long enough").isNotNull();
  }
}
