package io.cairn.chain.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.chain.Fixtures;
import io.cairn.chain.api.Identity;
import io.cairn.chain.merkle.MerkleTree;
import io.cairn.common.CorruptionException;
import io.cairn.testing.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The record-hash index value ('A', docs/formats/chain-indexes.md), both versions it reads, and an
 * anchoring transaction's entries value ('E').
 */
class ChainIndexesFormatTest {
  private static byte[][] path(SplittableRandom random, int length) {
    byte[][] path = new byte[length][32];
    for (byte[] hash : path) {
      random.nextBytes(hash);
    }
    return path;
  }

  @Test
  void valuesWrittenStraightFromATransactionEqualTheGeneralEncodings() {
    Identity member = Fixtures.identity(5);
    Property.of("encodeAnchor/encodeEntries from the transaction == from copies of its entries and path", random ->
            Fixtures.anchor(member, 1, Fixtures.records(random, 1 + random.nextInt(300), 1 + random.nextInt(40))))
        .trials(30)
        .check(anchor -> {
          List<byte[]> entries = new ArrayList<>();
          byte[][] leaves = new byte[anchor.entries().size()][];
          for (int i = 0; i < leaves.length; i++) {
            entries.add(anchor.entries().get(i).encode());
            leaves[i] = anchor.entries().get(i).leafHash().bytes();
          }
          assertThat(ChainIndexesFormat.encodeEntries(anchor)).isEqualTo(ChainIndexesFormat.encodeEntries(entries));
          byte[][][] tree = MerkleTree.levels(leaves);
          for (int i = 0; i < leaves.length; i++) {
            byte[] general = ChainIndexesFormat.encodeAnchor(ChainIndexesFormat.ANCHOR_VERSION, 9, 4, i, entries.get(i),
                MerkleTree.path(tree, i, ChainIndexesFormat.ANCHOR_PATH_LEVELS));
            assertThat(ChainIndexesFormat.encodeAnchor(9, 4, i, anchor)).isEqualTo(general);
          }
        });
  }

  @Test
  void anchorRoundTripsWithItsEntryAndTheStartOfItsPath() {
    SplittableRandom random = new SplittableRandom(11);
    byte[] entry = new byte[83];
    random.nextBytes(entry);
    byte[][] path = path(random, ChainIndexesFormat.ANCHOR_PATH_LEVELS);
    byte[] encoded = ChainIndexesFormat.encodeAnchor(ChainIndexesFormat.ANCHOR_VERSION, 7, 2, 999, entry, path);
    assertThat(encoded).hasSize(1 + 8 + 4 + 4 + 2 + entry.length + 1 + 32 * path.length + 4);
    assertThat(encoded[0]).isEqualTo((byte) 3);
    ChainIndexesFormat.Anchor anchor = ChainIndexesFormat.decodeAnchor(encoded, () -> "test");
    assertThat(anchor.version()).isEqualTo(3);
    assertThat(anchor.pathStartOnly()).isTrue();
    assertThat(anchor.position()).isEqualTo(new ChainIndexesFormat.Position(7, 2, 999));
    assertThat(anchor.entry().bytes()).isEqualTo(entry);
    assertThat(anchor.entry().path()).isDeepEqualTo(path);
    byte[] tooLong = ChainIndexesFormat.encodeAnchor(ChainIndexesFormat.ANCHOR_VERSION, 7, 2, 999, entry,
        path(random, ChainIndexesFormat.ANCHOR_PATH_LEVELS + 1));
    assertThatThrownBy(() -> ChainIndexesFormat.decodeAnchor(tooLong, () -> "test"))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("start of a path");
  }

  @Test
  void versionTwoValueStillDecodesWithTheWholePath() {
    SplittableRandom random = new SplittableRandom(13);
    byte[] entry = new byte[90];
    random.nextBytes(entry);
    byte[][] path = path(random, 10);
    byte[] encoded = ChainIndexesFormat.encodeAnchor(ChainIndexesFormat.ANCHOR_VERSION_WHOLE_PATH, 7, 2, 999, entry,
        path);
    assertThat(encoded[0]).isEqualTo((byte) 2);
    ChainIndexesFormat.Anchor anchor = ChainIndexesFormat.decodeAnchor(encoded, () -> "test");
    assertThat(anchor.version()).isEqualTo(2);
    assertThat(anchor.pathStartOnly()).isFalse();
    assertThat(anchor.entry().bytes()).isEqualTo(entry);
    assertThat(anchor.entry().path()).isDeepEqualTo(path);
  }

  @Test
  void versionOneValueDecodesToThePositionAlone() {
    byte[] encoded = ChainIndexesFormat.encodePosition(3, 1, 5);
    assertThat(encoded).hasSize(21);
    ChainIndexesFormat.Anchor anchor = ChainIndexesFormat.decodeAnchor(encoded, () -> "test");
    assertThat(anchor.position()).isEqualTo(new ChainIndexesFormat.Position(3, 1, 5));
    assertThat(anchor.entry()).isNull();
  }

  @Test
  void damagedValuesAreCorrupt() {
    byte[] encoded = ChainIndexesFormat.encodeAnchor(ChainIndexesFormat.ANCHOR_VERSION, 1, 0, 0, new byte[] {1, 2, 3},
        path(new SplittableRandom(1), 2));
    for (int i = 0; i < encoded.length; i++) {
      byte[] damaged = encoded.clone();
      damaged[i] ^= 0x04;
      assertThatThrownBy(() -> ChainIndexesFormat.decodeAnchor(damaged, () -> "test"))
          .as("byte %d flipped", i).isInstanceOf(CorruptionException.class);
    }
    byte[] otherVersion = encoded.clone();
    otherVersion[0] = 4;
    assertThatThrownBy(() -> ChainIndexesFormat.decodeAnchor(otherVersion, () -> "test"))
        .isInstanceOf(CorruptionException.class);
    assertThatThrownBy(() -> ChainIndexesFormat.decodeAnchor(new byte[0], () -> "test"))
        .isInstanceOf(CorruptionException.class);
  }

  @Test
  void entriesRoundTripInOrder() {
    SplittableRandom random = new SplittableRandom(12);
    List<byte[]> entries = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      byte[] entry = new byte[random.nextInt(0, 300)];
      random.nextBytes(entry);
      entries.add(entry);
    }
    byte[] encoded = ChainIndexesFormat.encodeEntries(entries);
    assertThat(encoded[0]).isEqualTo((byte) ChainIndexesFormat.ENTRIES_VERSION);
    assertThat(encoded).hasSize(1 + 4 + entries.stream().mapToInt(e -> 2 + e.length).sum() + 4);
    assertThat(ChainIndexesFormat.decodeEntries(encoded, () -> "test")).containsExactlyElementsOf(entries);
  }

  @Test
  void damagedEntriesValuesAreCorrupt() {
    byte[] encoded = ChainIndexesFormat.encodeEntries(List.of(new byte[] {1, 2, 3}, new byte[] {4}, new byte[0]));
    for (int i = 0; i < encoded.length; i++) {
      byte[] damaged = encoded.clone();
      damaged[i] ^= 0x04;
      assertThatThrownBy(() -> ChainIndexesFormat.decodeEntries(damaged, () -> "test"))
          .as("byte %d flipped", i).isInstanceOf(CorruptionException.class);
    }
    // An entry piece of version 1 is not an entries value, and a huge count is refused before any allocation.
    assertThatThrownBy(() -> ChainIndexesFormat.decodeEntries(
        ChainIndexesFormat.encodePiece(new byte[] {1}, new byte[0][], true), () -> "test"))
        .isInstanceOf(CorruptionException.class);
    byte[] huge = encoded.clone();
    huge[4] = 0x7f;
    assertThatThrownBy(() -> ChainIndexesFormat.decodeEntries(huge, () -> "test"))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("entry count");
  }

  /** Any input is rejected as corrupt or decodes to entries whose encoding is the input. */
  @FuzzTest(maxDuration = "10s")
  void entriesDecoderIsCanonical(byte[] input) {
    List<byte[]> entries;
    try {
      entries = ChainIndexesFormat.decodeEntries(input, () -> "fuzz");
    } catch (CorruptionException expected) {
      return;
    }
    assertThat(ChainIndexesFormat.encodeEntries(entries)).isEqualTo(input);
  }

  /** Any input is rejected as corrupt or decodes to an anchor whose encoding is the input. */
  @FuzzTest(maxDuration = "10s")
  void anchorDecoderIsCanonical(byte[] input) {
    ChainIndexesFormat.Anchor anchor;
    try {
      anchor = ChainIndexesFormat.decodeAnchor(input, () -> "fuzz");
    } catch (CorruptionException expected) {
      return;
    }
    ChainIndexesFormat.Position at = anchor.position();
    byte[] encoded = anchor.entry() == null
        ? ChainIndexesFormat.encodePosition(at.height(), at.transaction(), at.entry())
        : ChainIndexesFormat.encodeAnchor(anchor.version(), at.height(), at.transaction(), at.entry(),
            anchor.entry().bytes(),
            anchor.entry().path());
    assertThat(encoded).isEqualTo(input);
  }

  /** The same for the entry and transaction pieces ('E', 'T'); the input length's parity picks which. */
  @FuzzTest(maxDuration = "10s")
  void pieceDecoderIsCanonical(byte[] input) {
    boolean entry = input.length % 2 == 0;
    ChainIndexesFormat.Piece piece;
    try {
      piece = ChainIndexesFormat.decodePiece(input, entry, () -> "fuzz");
    } catch (CorruptionException expected) {
      return;
    }
    assertThat(ChainIndexesFormat.encodePiece(piece.bytes(), piece.path(), entry)).isEqualTo(input);
  }
}
