package io.cairn.chain.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.chain.crypto.Digests;
import io.cairn.common.CorruptionException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DagBlockCodecTest {
  static DagBlock sample() {
    DagBlock genesis = DagBlockCodec.create(Optional.empty(), List.of(), List.of(), 7);
    DagBlock other = DagBlockCodec.create(Optional.of(genesis.id()), List.of(), List.of(), 8);
    byte[] key = Digests.sha256(new byte[] {1, 2, 3});
    return DagBlockCodec.create(Optional.of(genesis.id()), List.of(other.id()),
        List.of(DagTx.of(DagId.of(key)), new DagTx(DagId.ofText("tx-2"), DagId.ofText("key-2")),
            new DagTx(DagId.ofText("tx-3"), DagId.ofText("tx-3"), new byte[] {9, 8, 7})), 42);
  }

  @Test
  void roundTripsCanonicallyAndTheIdIsTheHashOfTheEncoding() {
    DagBlock block = sample();
    byte[] bytes = DagBlockCodec.encode(block);
    assertThat(bytes).hasSize(DagBlockCodec.encodedSize(block));
    assertThat(block.id().bytes()).isEqualTo(Digests.sha256(bytes));
    DagBlock decoded = DagBlockCodec.decode(bytes);
    assertThat(decoded).isEqualTo(block);
    assertThat(DagBlockCodec.encode(decoded)).isEqualTo(bytes);
  }

  @Test
  void layoutMatchesTheFormatPage() {
    byte[] bytes = DagBlockCodec.encode(sample());
    assertThat(Arrays.copyOfRange(bytes, 0, 4)).containsExactly('C', 'D', 'A', 'G');
    assertThat(bytes[4]).isEqualTo((byte) DagBlockCodec.VERSION);
    assertThat(bytes[5]).isEqualTo((byte) 0);
    assertThat(bytes[6]).isEqualTo((byte) 42);
    assertThat(bytes[DagBlockCodec.HEAD_BYTES]).isEqualTo((byte) 32);
  }

  @Test
  void everyTruncationAndEveryFlippedByteIsRejected() {
    byte[] bytes = DagBlockCodec.encode(sample());
    for (int cut = 0; cut < bytes.length; cut++) {
      int length = cut;
      assertThatThrownBy(() -> DagBlockCodec.decode(Arrays.copyOf(bytes, length)))
          .isInstanceOf(CorruptionException.class);
    }
    for (int i = 0; i < bytes.length; i++) {
      byte[] flipped = bytes.clone();
      flipped[i] ^= 0x10;
      assertThatThrownBy(() -> DagBlockCodec.decode(flipped)).as("byte %d", i).isInstanceOf(CorruptionException.class);
    }
  }

  @Test
  void anchoringRecordCostsItsKeyPlusTwoBytes() {
    DagBlock one = DagBlockCodec.create(Optional.of(sample().id()), List.of(),
        List.of(DagTx.of(DagId.of(new byte[32]))), 0);
    DagBlock none = DagBlockCodec.create(Optional.of(sample().id()), List.of(), List.of(), 0);
    assertThat(DagBlockCodec.encode(one).length - DagBlockCodec.encode(none).length).isEqualTo(34);
  }

  /** Any input is rejected as corrupt or decodes to a block that re-encodes to exactly it. */
  @FuzzTest(maxDuration = "10s")
  void decoderIsCanonicalAndNeverFailsBadly(byte[] input) {
    DagBlock block;
    try {
      block = DagBlockCodec.decode(input);
    } catch (CorruptionException expected) {
      return;
    }
    assertThat(DagBlockCodec.encode(block)).isEqualTo(input);
    assertThat(block.id()).isEqualTo(DagBlockCodec.idOf(input));
  }
}
