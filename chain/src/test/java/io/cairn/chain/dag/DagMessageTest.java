package io.cairn.chain.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.common.CorruptionException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The gossip messages' encoding (docs/formats/dag-gossip.md). */
class DagMessageTest {
  private static final DagBlock GENESIS = DagBlockCodec.create(Optional.empty(), List.of(), List.of(), 0);
  private static final DagBlock BLOCK = DagBlockCodec.create(Optional.of(GENESIS.id()), List.of(),
      List.of(DagTx.of(DagId.ofText("key-1")), new DagTx(DagId.ofText("t2"), DagId.ofText("key-2"))), 7);

  private static List<DagMessage> samples() {
    return List.of(new DagMessage.Block(BLOCK), new DagMessage.Txs(BLOCK.txs()),
        new DagMessage.Tips(List.of(GENESIS.id(), BLOCK.id())), new DagMessage.Want(List.of(BLOCK.id())));
  }

  @Test
  void everyKindRoundTripsCanonically() {
    for (DagMessage message : samples()) {
      byte[] bytes = DagMessage.encode(message);
      assertThat(DagMessage.decode(bytes)).isEqualTo(message);
      assertThat(DagMessage.encode(DagMessage.decode(bytes))).isEqualTo(bytes);
    }
  }

  @Test
  void layoutMatchesTheFormatPage() {
    byte[] want = DagMessage.encode(new DagMessage.Want(List.of(DagId.ofText("ab"))));
    // magic "CDGM", version 1, kind 4, u16 count 1, id (u8 length 2, "ab"), u32 crc
    assertThat(Arrays.copyOf(want, 11)).containsExactly('C', 'D', 'G', 'M', 1, 4, 1, 0, 2, 'a', 'b');
    assertThat(want).hasSize(15);
  }

  @Test
  void everyTruncationAndEveryFlippedByteIsRejected() {
    for (DagMessage message : samples()) {
      byte[] bytes = DagMessage.encode(message);
      for (int length = 0; length < bytes.length; length++) {
        byte[] cut = Arrays.copyOf(bytes, length);
        assertThatThrownBy(() -> DagMessage.decode(cut)).isInstanceOf(CorruptionException.class);
      }
      for (int i = 0; i < bytes.length; i++) {
        byte[] flipped = bytes.clone();
        flipped[i] ^= 0x10;
        assertThatThrownBy(() -> DagMessage.decode(flipped)).isInstanceOf(CorruptionException.class);
      }
    }
  }

  @Test
  void theFuzzSeedsDecode() throws Exception {
    for (String seed : List.of("want", "tips", "txs")) {
      try (var in = DagMessageTest.class.getResourceAsStream(
          "DagMessageTestInputs/decoderIsCanonicalAndNeverFailsBadly/" + seed)) {
        byte[] bytes = in.readAllBytes();
        assertThat(DagMessage.encode(DagMessage.decode(bytes))).as(seed).isEqualTo(bytes);
      }
    }
  }

  /** Any input is rejected as corrupt or decodes to a message that re-encodes to exactly it. */
  @FuzzTest(maxDuration = "10s")
  void decoderIsCanonicalAndNeverFailsBadly(byte[] input) {
    DagMessage message;
    try {
      message = DagMessage.decode(input);
    } catch (CorruptionException expected) {
      return;
    }
    assertThat(DagMessage.encode(message)).isEqualTo(input);
  }
}
