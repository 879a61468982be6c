package io.cairn.replication.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.bft.api.AddReplica;
import io.cairn.bft.api.Signer;
import io.cairn.chain.api.Identity;
import io.cairn.chain.api.MemberKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link BftKeys.Ring}: replica keys that grow by one in order, the regulator's admission key, and
 * a certificate's votes checked as one batch (from {@code BATCH_MIN} votes on) or one by one, with
 * the same answers: every vote valid passes, one forged or misattributed vote fails the whole set.
 */
class BftKeysTest {
  private final List<Identity> replicas = new ArrayList<>();
  private final Identity regulator = Identity.generate();

  private BftKeys.Ring ring(int n) {
    for (int i = 0; i < n; i++) {
      replicas.add(Identity.generate());
    }
    return BftKeys.ring(replicas.stream().map(Identity::key).toList(), regulator.key());
  }

  @Test
  void certificatesPassWhenEveryVoteIsValidWhetherBatchedOrNot() {
    BftKeys.Ring ring = ring(7);
    for (int k : new int[] {1, 3, 4, 7}) {
      int[] who = new int[k];
      byte[][] payloads = new byte[k][];
      byte[][] signatures = new byte[k][];
      for (int i = 0; i < k; i++) {
        who[i] = i;
        payloads[i] = ("vote of " + i + " at seq 9").getBytes(StandardCharsets.UTF_8);
        signatures[i] = BftKeys.signer(replicas.get(i)).sign(payloads[i]);
      }
      assertThat(ring.verifyAll(who, payloads, signatures)).as("%d valid votes", k).isTrue();
      byte[][] forged = signatures.clone();
      forged[k - 1] = forged[k - 1].clone();
      forged[k - 1][5] ^= 1;
      assertThat(ring.verifyAll(who, payloads, forged)).as("%d votes, one forged", k).isFalse();
      int[] misattributed = who.clone();
      misattributed[0] = k < 7 ? k : 0;
      if (misattributed[0] != who[0]) {
        assertThat(ring.verifyAll(misattributed, payloads, signatures)).as("%d votes, one misattributed", k).isFalse();
      }
      Signer withoutDomain = payload -> replicas.get(0).sign(payload);
      byte[][] undomained = signatures.clone();
      undomained[0] = withoutDomain.sign(payloads[0]);
      assertThat(ring.verifyAll(who, payloads, undomained)).as("a signature without the BFT domain").isFalse();
    }
  }

  @Test
  void theRingLearnsAddedReplicasInOrderAndChecksAdmissionsWithTheRegulatorsKey() {
    BftKeys.Ring ring = ring(4);
    Identity added = Identity.generate();
    byte[] payload = "hello".getBytes(StandardCharsets.UTF_8);
    assertThat(ring.verify(4, payload, BftKeys.signer(added).sign(payload))).isFalse();
    assertThatThrownBy(() -> ring.learn(5, added.key())).isInstanceOf(IllegalStateException.class);
    ring.learn(4, added.key());
    ring.learn(4, added.key());
    assertThat(ring.size()).isEqualTo(5);
    assertThat(ring.verify(4, payload, BftKeys.signer(added).sign(payload))).isTrue();
    MemberKey other = Identity.generate().key();
    assertThatThrownBy(() -> ring.learn(4, other)).isInstanceOf(IllegalStateException.class);

    AddReplica add = new AddReplica(4, added.key().bytes(), "127.0.0.1", 4000, new byte[0]);
    assertThat(ring.verifyAdmission(add.signedBytes(), add.signed(BftKeys.signer(regulator)).signature())).isTrue();
    assertThat(ring.verifyAdmission(add.signedBytes(), add.signed(BftKeys.signer(added)).signature())).isFalse();
    assertThat(BftKeys.ring(List.of(), null).verifyAdmission(add.signedBytes(),
        add.signed(BftKeys.signer(regulator)).signature())).isFalse();
  }
}
