package io.cairn.chain.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.chain.Fixtures;
import io.cairn.chain.api.Identity;
import io.cairn.chain.codec.TransactionFormat;
import io.cairn.chain.merkle.MerkleTree;
import io.cairn.common.ByteWriter;
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
  /** The record hash a decoded value is stored under (its key's), for the values that take it from there. */
  private static final byte[] HASH = new byte[32];

  static {
    new SplittableRandom(32).nextBytes(HASH);
  }

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
  void versionThreeValueStillDecodesWithItsEntryAndTheStartOfItsPath() {
    SplittableRandom random = new SplittableRandom(11);
    byte[] entry = new byte[83];
    random.nextBytes(entry);
    byte[][] path = path(random, ChainIndexesFormat.ANCHOR_PATH_LEVELS);
    byte[] encoded = ChainIndexesFormat.encodeAnchor(ChainIndexesFormat.ANCHOR_VERSION_FULL_ENTRY, 7, 2, 999, entry,
        path);
    assertThat(encoded).hasSize(1 + 8 + 4 + 4 + 2 + entry.length + 1 + 32 * path.length + 4);
    assertThat(encoded[0]).isEqualTo((byte) 3);
    ChainIndexesFormat.Anchor anchor = ChainIndexesFormat.decodeAnchor(encoded, HASH, () -> "test");
    assertThat(anchor.version()).isEqualTo(3);
    assertThat(anchor.pathStartOnly()).isTrue();
    assertThat(anchor.position()).isEqualTo(new ChainIndexesFormat.Position(7, 2, 999));
    assertThat(anchor.entry().bytes()).isEqualTo(entry);
    assertThat(anchor.entry().path()).isDeepEqualTo(path);
    byte[] tooLong = ChainIndexesFormat.encodeAnchor(ChainIndexesFormat.ANCHOR_VERSION_FULL_ENTRY, 7, 2, 999, entry,
        path(random, ChainIndexesFormat.ANCHOR_PATH_LEVELS + 1));
    assertThatThrownBy(() -> ChainIndexesFormat.decodeAnchor(tooLong, HASH, () -> "test"))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("start of a path");
  }

  @Test
  void versionFourValueLeavesOutWhatItsKeySays() {
    SplittableRandom random = new SplittableRandom(14);
    byte[][] path = path(random, ChainIndexesFormat.ANCHOR_PATH_LEVELS);
    byte[] storeEntry = TransactionFormat.encodeEntry(1, HASH, "records", HASH);
    byte[] otherKey = new byte[40];
    random.nextBytes(otherKey);
    byte[] keyedEntry = TransactionFormat.encodeEntry(2, HASH, "bücher", otherKey);
    for (byte[] entry : List.of(storeEntry, keyedEntry)) {
      byte[] encoded = ChainIndexesFormat.encodeAnchor(ChainIndexesFormat.ANCHOR_VERSION, 7, 2, 999, entry, path);
      byte[] fullEntry = ChainIndexesFormat.encodeAnchor(ChainIndexesFormat.ANCHOR_VERSION_FULL_ENTRY, 7, 2, 999,
          entry, path);
      assertThat(encoded[0]).isEqualTo((byte) 4);
      // The record hash and the u16 entry length always; the record key too when it is the hash.
      assertThat(fullEntry.length - encoded.length).isEqualTo(entry == storeEntry ? 66 : 34);
      ChainIndexesFormat.Anchor anchor = ChainIndexesFormat.decodeAnchor(encoded, HASH, () -> "test");
      assertThat(anchor.version()).isEqualTo(4);
      assertThat(anchor.pathStartOnly()).isTrue();
      assertThat(anchor.position()).isEqualTo(new ChainIndexesFormat.Position(7, 2, 999));
      assertThat(anchor.entry().bytes()).isEqualTo(entry);
      assertThat(anchor.entry().path()).isDeepEqualTo(path);
    }
  }

  @Test
  void versionFourFuzzSeedsDecode() throws java.io.IOException {
    for (String seed : List.of("anchor-v4", "anchor-v4-keyed")) {
      try (var in = ChainIndexesFormatTest.class.getResourceAsStream(
          "ChainIndexesFormatTestInputs/anchorDecoderIsCanonical/" + seed)) {
        assertThat(ChainIndexesFormat.decodeAnchor(in.readAllBytes(), HASH, () -> seed).version()).as(seed)
            .isEqualTo(ChainIndexesFormat.ANCHOR_VERSION);
      }
    }
  }

  @Test
  void versionFourRefusesARecordKeyEqualToTheHashWrittenOut() {
    byte[] entry = TransactionFormat.encodeEntry(1, HASH, "records", HASH);
    byte[] encoded = ChainIndexesFormat.encodeAnchor(ChainIndexesFormat.ANCHOR_VERSION, 7, 2, 9, entry, new byte[0][]);
    // Rewrite the short form's "key is the hash" (u16 0) as the key written out, then fix the crc.
    int keyAt = 1 + 16 + 1 + 1 + "records".length();
    ByteWriter out = new ByteWriter(encoded.length + 32);
    out.raw(encoded, 0, keyAt).u16(32).raw(HASH).raw(encoded, keyAt + 2, encoded.length - 4 - keyAt - 2).crcFrom(0);
    assertThatThrownBy(() -> ChainIndexesFormat.decodeAnchor(out.toByteArray(), HASH, () -> "test"))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("stored as length 0");
    byte[] otherHash = HASH.clone();
    otherHash[0] ^= 1;
    assertThat(ChainIndexesFormat.decodeAnchor(out.toByteArray(), otherHash, () -> "test").entry().bytes())
        .as("under another key the written-out key is not the hash").isEqualTo(
            TransactionFormat.encodeEntry(1, otherHash, "records", HASH));
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
    ChainIndexesFormat.Anchor anchor = ChainIndexesFormat.decodeAnchor(encoded, HASH, () -> "test");
    assertThat(anchor.version()).isEqualTo(2);
    assertThat(anchor.pathStartOnly()).isFalse();
    assertThat(anchor.entry().bytes()).isEqualTo(entry);
    assertThat(anchor.entry().path()).isDeepEqualTo(path);
  }

  @Test
  void versionOneValueDecodesToThePositionAlone() {
    byte[] encoded = ChainIndexesFormat.encodePosition(3, 1, 5);
    assertThat(encoded).hasSize(21);
    ChainIndexesFormat.Anchor anchor = ChainIndexesFormat.decodeAnchor(encoded, HASH, () -> "test");
    assertThat(anchor.position()).isEqualTo(new ChainIndexesFormat.Position(3, 1, 5));
    assertThat(anchor.entry()).isNull();
  }

  @Test
  void damagedValuesAreCorrupt() {
    byte[] encoded = ChainIndexesFormat.encodeAnchor(ChainIndexesFormat.ANCHOR_VERSION_FULL_ENTRY, 1, 0, 0,
        new byte[] {1, 2, 3},
        path(new SplittableRandom(1), 2));
    for (int i = 0; i < encoded.length; i++) {
      byte[] damaged = encoded.clone();
      damaged[i] ^= 0x04;
      assertThatThrownBy(() -> ChainIndexesFormat.decodeAnchor(damaged, HASH, () -> "test"))
          .as("byte %d flipped", i).isInstanceOf(CorruptionException.class);
    }
    byte[] otherVersion = encoded.clone();
    otherVersion[0] = 5;
    assertThatThrownBy(() -> ChainIndexesFormat.decodeAnchor(otherVersion, HASH, () -> "test"))
        .isInstanceOf(CorruptionException.class);
    assertThatThrownBy(() -> ChainIndexesFormat.decodeAnchor(new byte[0], HASH, () -> "test"))
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
      anchor = ChainIndexesFormat.decodeAnchor(input, HASH, () -> "fuzz");
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
