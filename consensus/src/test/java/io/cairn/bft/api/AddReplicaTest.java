package io.cairn.bft.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.bft.sim.SimKeys;
import io.cairn.common.CorruptionException;
import io.cairn.testing.Property;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The add-replica transaction's encoding (docs/formats/bft-add-replica.md): round trips, every damage rejected. */
class AddReplicaTest {
  private static final SimKeys KEYS = new SimKeys(8, 3);

  private static AddReplica sample(int replica, String host, int port) {
    return new AddReplica(replica, KEYS.identity(replica), host, port, new byte[0]).signed(KEYS.admission());
  }

  @Test
  void roundTripsAndTheAdmissionSignatureChecks() {
    Property.of("decode(encode(add)) == add",
        random -> sample(4 + random.nextInt(4), "node-" + random.nextInt(1000) + ".example", 1 + random.nextInt(65_535)))
        .trials(300)
        .describeWith(add -> add.replica() + "@" + add.host() + ":" + add.port())
        .check(add -> {
      AddReplica back = AddReplica.decodeStrict(add.encode());
      assertThat(back.replica()).isEqualTo(add.replica());
      assertThat(back.identity()).isEqualTo(add.identity());
      assertThat(back.host()).isEqualTo(add.host());
      assertThat(back.port()).isEqualTo(add.port());
      assertThat(KEYS.verifyAdmission(back.signedBytes(), back.signature())).isTrue();
        });
  }

  @Test
  void everyFlippedBitAndTruncationIsRejected() {
    byte[] good = sample(4, "10.0.0.5", 7004).encode();
    for (int bit = 0; bit < good.length * 8; bit++) {
      byte[] bad = good.clone();
      bad[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThat(AddReplica.decode(bad)).as("bit %d", bit).isEmpty();
    }
    for (int length = 0; length < good.length; length++) {
      byte[] cut = java.util.Arrays.copyOf(good, length);
      assertThat(AddReplica.decode(cut)).as("length %d", length).isEmpty();
    }
  }

  @Test
  void aChangedFieldBreaksTheAdmissionSignature() {
    AddReplica add = sample(4, "10.0.0.5", 7004);
    AddReplica moved = new AddReplica(4, add.identity(), "10.6.6.6", 7004, add.signature());
    assertThat(KEYS.verifyAdmission(moved.signedBytes(), moved.signature())).isFalse();
    AddReplica renumbered = new AddReplica(5, add.identity(), add.host(), add.port(), add.signature());
    assertThat(KEYS.verifyAdmission(renumbered.signedBytes(), renumbered.signature())).isFalse();
  }

  @Test
  void plainOperationsAreNotAdds() {
    assertThat(AddReplica.decode(new byte[] {1, 2, 3})).isEqualTo(Optional.empty());
    assertThat(AddReplica.isAddReplica(new byte[] {'C', 'B', 'A'})).isFalse();
    assertThatThrownBy(() -> AddReplica.decodeStrict(new byte[] {'C', 'B', 'A', 'R', 1}))
        .isInstanceOf(CorruptionException.class);
  }

  /** The decoder takes only canonical encodings: what it accepts re-encodes to the same bytes. */
  @FuzzTest(maxDuration = "10s")
  void decoderAcceptsOnlyCanonicalEncodings(byte[] input) {
    AddReplica add;
    try {
      add = AddReplica.decodeStrict(input);
    } catch (CorruptionException rejected) {
      return;
    }
    assertThat(add.encode()).isEqualTo(input);
  }
}
