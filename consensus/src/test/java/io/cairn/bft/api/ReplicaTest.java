package io.cairn.bft.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Single rules of the core: signatures, one pre-prepare per slot, watermarks, state transfer. */
class ReplicaTest {
  private static final byte[] NONE = new byte[0];

  private static Request request(int timestamp) {
    return new Request(5, timestamp, new byte[] {(byte) timestamp});
  }

  @SuppressWarnings("unchecked")
  private static <T extends BftMessage> T signAs(ScriptedGroup group, int replica, T unsigned) {
    return (T) unsigned.withSignature(group.keys.signer(replica).sign(BftCodec.signedBytes(unsigned)));
  }

  @Test
  void messagesSignedWithAnotherReplicasKeyAreRejected() {
    ScriptedGroup group = new ScriptedGroup(Protocol.PBFT, 4);
    List<Request> batch = List.of(request(1));
    PrePrepare forged = signAs(group, 2, new PrePrepare(0, 0, 1, BftCodec.batchDigest(batch), batch, NONE));
    group.replicas[1].step(forged);
    assertThat(group.replicas[1].rejected()).isEqualTo(1);
    assertThat(group.replicas[1].ready().messages()).as("no prepare for a forged pre-prepare").isEmpty();
  }

  @Test
  void aSecondPrePrepareForTheSameSlotIsRejected() {
    ScriptedGroup group = new ScriptedGroup(Protocol.PBFT, 4);
    List<Request> first = List.of(request(1));
    List<Request> second = List.of(request(2));
    group.replicas[1].step(signAs(group, 0, new PrePrepare(0, 0, 1, BftCodec.batchDigest(first), first, NONE)));
    group.replicas[1].step(signAs(group, 0, new PrePrepare(0, 0, 1, BftCodec.batchDigest(second), second, NONE)));
    assertThat(group.replicas[1].rejected()).isEqualTo(1);
    assertThat(group.replicas[1].ready().messages()).hasSize(3)
        .allSatisfy(e -> assertThat(((Prepare) e.message()).digest()).isEqualTo(BftCodec.batchDigest(first)));
  }

  @Test
  void aPrePrepareFromABackupOrWithAWrongDigestIsRejected() {
    ScriptedGroup group = new ScriptedGroup(Protocol.SBFT, 4);
    List<Request> batch = List.of(request(1));
    group.replicas[1].step(signAs(group, 2, new PrePrepare(2, 0, 1, BftCodec.batchDigest(batch), batch, NONE)));
    group.replicas[1].step(signAs(group, 0, new PrePrepare(0, 0, 1, new byte[32], batch, NONE)));
    assertThat(group.replicas[1].rejected()).isEqualTo(2);
    assertThat(group.replicas[1].ready().messages()).isEmpty();
  }

  @Test
  void aCertificateWithTooFewOrBadVotesIsRejected() {
    ScriptedGroup group = new ScriptedGroup(Protocol.SBFT, 4);
    byte[] digest = new byte[32];
    List<Vote> two = List.of(new Vote(0, group.keys.signer(0).sign(BftCodec.signedBytes(new Prepare(0, 0, 1, digest, NONE)))),
        new Vote(1, group.keys.signer(1).sign(BftCodec.signedBytes(new Prepare(1, 0, 1, digest, NONE)))));
    group.replicas[2].step(new Certificate(3, Certificate.Kind.PREPARED, 0, 1, digest, two));
    List<Vote> forged = List.of(two.get(0), two.get(1), new Vote(2, new byte[64]));
    group.replicas[2].step(new Certificate(3, Certificate.Kind.PREPARED, 0, 1, digest, forged));
    assertThat(group.replicas[2].rejected()).isEqualTo(2);
  }

  @Test
  void checkpointsMoveTheLowWatermark() {
    for (Protocol protocol : Protocol.values()) {
      ScriptedGroup group = new ScriptedGroup(protocol, 4);
      int k = group.config.checkpointInterval();
      for (int t = 1; t <= 2 * k + 3; t++) {
        group.request(0, request(t));
        group.deliverAll();
      }
      for (BftReplica replica : group.replicas) {
        assertThat(replica.executed()).as(protocol + " r" + replica.id()).isEqualTo(2L * k + 3);
        assertThat(replica.lowWatermark()).as(protocol + " r" + replica.id()).isEqualTo(2L * k);
      }
    }
  }

  @Test
  void aReplicaThatMissedCheckpointsCatchesUpByStateTransfer() {
    for (Protocol protocol : Protocol.values()) {
      ScriptedGroup group = new ScriptedGroup(protocol, 4);
      int k = group.config.checkpointInterval();
      group.down.add(3);
      for (int t = 1; t <= k + 2; t++) {
        group.request(0, request(t));
        group.deliverAll();
        group.tick(group.config.fastPathTicks());
      }
      assertThat(group.replicas[3].executed()).isZero();
      group.down.clear();
      // Batching may put several requests in one sequence number: go on until a checkpoint above
      // everything r3 missed is stable.
      for (int t = k + 3; group.replicas[0].lowWatermark() < 2L * k && t < 400; t++) {
        group.request(0, request(t));
        group.deliverAll();
        group.tick(group.config.fastPathTicks());
      }
      group.tick(group.config.collectorTicks() + group.config.fetchTicks());
      System.out.println(protocol + " catch-up, last lines:\n"
          + String.join("\n", group.transcript.subList(Math.max(0, group.transcript.size() - 12), group.transcript.size())));
      assertThat(group.transcript).as(protocol.name()).anySatisfy(line -> assertThat(line).contains("FetchState r3 s"));
      assertThat(group.replicas[0].lowWatermark()).isEqualTo(2L * k);
      assertThat(group.replicas[3].executed()).as(protocol.name()).isEqualTo(group.replicas[0].executed())
          .isGreaterThanOrEqualTo(2L * k);
      assertThat(group.replicas[3].view()).isZero();
    }
  }

  @Test
  void oneSuspiciousBackupCannotChangeTheViewButTwoFPlusOneDo() {
    for (Protocol protocol : Protocol.values()) {
      ScriptedGroup group = new ScriptedGroup(protocol, 4);
      group.replicas[1].suspectPrimary();
      group.collect();
      group.deliverAll();
      assertThat(group.replicas[0].view()).as(protocol + ": one suspicion moves no one else").isZero();
      assertThat(group.replicas[2].view()).isZero();
      group.replicas[2].suspectPrimary();
      group.replicas[3].suspectPrimary();
      group.collect();
      group.deliverAll();
      for (BftReplica replica : group.replicas) {
        assertThat(replica.view()).as(protocol + " r" + replica.id()).isEqualTo(1);
        assertThat(replica.isViewChanging()).isFalse();
        assertThat(replica.primary()).isEqualTo(1);
      }
      group.request(2, request(1));
      group.deliverAll();
      group.tick(group.config.fastPathTicks() + group.config.collectorTicks());
      assertThat(group.replicas[3].executed()).as(protocol + ": the new view orders requests").isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void aReplicaMoreThanTwoWindowsBehindLearnsTheStableCheckpointAndCatchesUp() {
    ScriptedGroup group = new ScriptedGroup(Protocol.PBFT, 4);
    long far = 2L * group.config.window() + group.config.checkpointInterval();
    group.down.add(3);
    int t = 1;
    for (; group.replicas[0].executed() < far; t++) {
      group.request(0, request(t));
      group.deliverAll();
    }
    group.down.clear();
    long target = group.replicas[0].lowWatermark() + group.config.checkpointInterval();
    for (; group.replicas[0].lowWatermark() < target && t < 2000; t++) {
      group.request(0, request(t));
      group.deliverAll();
    }
    group.tick(group.config.fetchTicks());
    group.deliverAll();
    assertThat(group.replicas[3].lowWatermark()).isGreaterThan(2L * group.config.window());
    assertThat(group.replicas[3].executed()).isGreaterThanOrEqualTo(group.replicas[3].lowWatermark());
  }
}
