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
            io.cairn.chain.api.AnchorTransaction.sign(member, 1, Fixtures.anchor(member, 1,
                Fixtures.records(random, 1 + random.nextInt(300), 1 + random.nextInt(40))).entries(),
                TransactionFormat.VERSION))
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
  void versionFiveAndSixFuzzSeedsDecode() throws java.io.IOException {
    for (int version : new int[] {ChainIndexesFormat.ANCHOR_VERSION_STORE_INDEX, ChainIndexesFormat.ANCHOR_VERSION_PATHLESS}) {
      String seed = "anchor-v" + version;
      try (var in = ChainIndexesFormatTest.class.getResourceAsStream(
          "ChainIndexesFormatTestInputs/anchorDecoderIsCanonical/" + seed)) {
        ChainIndexesFormat.Anchor anchor = ChainIndexesFormat.decodeAnchor(in.readAllBytes(), HASH, () -> seed);
        assertThat(anchor.version()).as(seed).isEqualTo(version);
        assertThat(anchor.path().length).as(seed).isEqualTo(version == ChainIndexesFormat.ANCHOR_VERSION_PATHLESS ? 0 : 2);
      }
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
  void storeTableValuesHoldTheTransactionsBodyAndIndexTheStore() {
    Identity member = Fixtures.identity(5);
    String[] names = {"cairn:" + "cd".repeat(32), "records", "third"};
    Property.of("version 3 entries value and version 6 (and 5) index values of a version 2 transaction", random -> {
          List<io.cairn.chain.api.AnchorEntry> entries = new ArrayList<>();
          int stores = 1 + random.nextInt(names.length);
          for (byte[] raw : Fixtures.records(random, 1 + random.nextInt(200), 1 + random.nextInt(40))) {
            io.cairn.chain.api.Hash32 hash = io.cairn.chain.api.HashAlgorithm.SHA_256.hash(raw);
            byte[] key = random.nextBoolean() ? hash.bytes() : new byte[] {1, 2, 3, (byte) random.nextInt()};
            entries.add(io.cairn.chain.api.AnchorEntry.of(io.cairn.chain.api.HashAlgorithm.SHA_256, hash,
                io.cairn.chain.api.ReadParameters.of(names[random.nextInt(stores)], key)));
          }
          return io.cairn.chain.api.AnchorTransaction.sign(member, 1, entries);
        })
        .trials(30)
        .check(anchor -> {
          assertThat(anchor.version()).isEqualTo(TransactionFormat.VERSION_STORE_TABLE);
          byte[] value = ChainIndexesFormat.encodeEntries(anchor);
          assertThat(value[0]).isEqualTo((byte) ChainIndexesFormat.ENTRIES_VERSION_STORE_TABLE);
          assertThat(value).hasSize(ChainIndexesFormat.entriesBytes(anchor));
          ChainIndexesFormat.StoredEntries stored = ChainIndexesFormat.decodeStoredEntries(value, () -> "test");
          byte[] whole = anchor.encode();
          assertThat(stored.body()).isEqualTo(java.util.Arrays.copyOfRange(whole, anchor.header().length, whole.length));
          byte[][] leaves = new byte[anchor.entries().size()][];
          for (int i = 0; i < leaves.length; i++) {
            assertThat(stored.entries().get(i)).isEqualTo(anchor.entries().get(i).encode());
            leaves[i] = anchor.entries().get(i).leafHash().bytes();
          }
          byte[][][] tree = MerkleTree.levels(leaves);
          for (int i = 0; i < leaves.length; i++) {
            byte[] recordHash = anchor.entries().get(i).recordHash().bytes();
            byte[][] start = MerkleTree.path(tree, i, ChainIndexesFormat.ANCHOR_PATH_LEVELS);
            byte[] general = ChainIndexesFormat.encodePathlessAnchor(9, 4, i, stored.entries().get(i),
                anchor.storeIndex(i));
            byte[] written = ChainIndexesFormat.encodeAnchor(9, 4, i, anchor);
            assertThat(written).isEqualTo(general);
            assertThat(written.length).isLessThanOrEqualTo(ChainIndexesFormat.anchorBytesMax(anchor.entries().get(i)));
            ChainIndexesFormat.Anchor decoded = ChainIndexesFormat.decodeAnchor(written, recordHash, () -> "test");
            assertThat(decoded.version()).isEqualTo(ChainIndexesFormat.ANCHOR_VERSION_PATHLESS);
            assertThat(decoded.pathStartOnly()).isTrue();
            assertThat(decoded.pathless()).isTrue();
            assertThat(decoded.storeIndex()).isEqualTo(anchor.storeIndex(i));
            ChainIndexesFormat.Piece piece = decoded.resolve(recordHash, stored.stores());
            assertThat(piece.bytes()).isEqualTo(stored.entries().get(i));
            assertThat(piece.path().length).isZero();
            assertThat(decoded.resolve(recordHash, null)).isNull();
            assertThat(decoded.resolve(recordHash, new byte[decoded.storeIndex()][])).isNull();
            // version 5 (still read): the same entry with the start of its path; version 6 is it
            // without the path's length byte and hashes, with another version byte and CRC
            byte[] five = ChainIndexesFormat.encodeIndexedAnchor(9, 4, i, stored.entries().get(i), anchor.storeIndex(i),
                start);
            assertThat(five.length - written.length).isEqualTo(1 + 32 * start.length);
            assertThat(java.util.Arrays.copyOfRange(five, 1, written.length - 4))
                .isEqualTo(java.util.Arrays.copyOfRange(written, 1, written.length - 4));
            ChainIndexesFormat.Anchor old = ChainIndexesFormat.decodeAnchor(five, recordHash, () -> "test");
            assertThat(old.version()).isEqualTo(ChainIndexesFormat.ANCHOR_VERSION_STORE_INDEX);
            assertThat(old.pathless()).isFalse();
            assertThat(old.resolve(recordHash, stored.stores()).bytes()).isEqualTo(piece.bytes());
            assertThat(old.resolve(recordHash, stored.stores()).path()).isEqualTo(start);
          }
        });
  }

  @Test
  void aMembersIndexValueNamesItsStoreInOneByte() {
    Identity member = Fixtures.identity(5);
    byte[] hash = new byte[32];
    hash[3] = 9;
    io.cairn.chain.api.AnchorEntry entry = io.cairn.chain.api.AnchorEntry.of(io.cairn.chain.api.HashAlgorithm.SHA_256,
        io.cairn.chain.api.Hash32.of(hash), io.cairn.chain.api.ReadParameters.of("cairn:" + "ee".repeat(32),
            new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 1}));
    List<io.cairn.chain.api.AnchorEntry> entries = List.of(entry, entry, entry, entry, entry, entry, entry, entry);
    byte[] wide = ChainIndexesFormat.encodeAnchor(0, 0, 0,
        io.cairn.chain.api.AnchorTransaction.sign(member, 1, entries, TransactionFormat.VERSION));
    byte[] compact = ChainIndexesFormat.encodeAnchor(0, 0, 0, io.cairn.chain.api.AnchorTransaction.sign(member, 1, entries));
    // version 4: 1 + 16 + (1 + 71 + 11) + 1 + 3 x 32 + 4; version 5: the 71-byte name is a 1-byte index (131);
    // version 6: no path start, 1 + 16 + (1 + 1 + 11) + 4
    assertThat(wide).hasSize(201);
    assertThat(compact).hasSize(34);
  }

  @Test
  void damagedStoreTableValuesAreCorrupt() {
    Identity member = Fixtures.identity(5);
    io.cairn.chain.api.AnchorTransaction anchor = Fixtures.anchor(member, 1, Fixtures.records(new SplittableRandom(4), 3, 9));
    byte[] value = ChainIndexesFormat.encodeEntries(anchor);
    for (int i = 0; i < value.length; i++) {
      byte[] damaged = value.clone();
      damaged[i] ^= 0x10;
      assertThatThrownBy(() -> ChainIndexesFormat.decodeStoredEntries(damaged, () -> "test"))
          .as("byte %d flipped", i).isInstanceOf(CorruptionException.class);
    }
    byte[] index = ChainIndexesFormat.encodeAnchor(1, 0, 2, anchor);
    byte[] recordHash = anchor.entries().get(2).recordHash().bytes();
    for (int i = 0; i < index.length; i++) {
      byte[] damaged = index.clone();
      damaged[i] ^= 0x10;
      assertThatThrownBy(() -> ChainIndexesFormat.decodeAnchor(damaged, recordHash, () -> "test"))
          .as("byte %d flipped", i).isInstanceOf(CorruptionException.class);
    }
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

  /**
   * Any input is rejected as corrupt or decodes to stored entries whose encoding is the input: a
   * version 3 value is its count, the transaction body and its CRC (version 2 as above).
   */
  @FuzzTest(maxDuration = "10s")
  void storedEntriesDecoderIsCanonical(byte[] input) {
    ChainIndexesFormat.StoredEntries stored;
    try {
      stored = ChainIndexesFormat.decodeStoredEntries(input, () -> "fuzz");
    } catch (CorruptionException expected) {
      return;
    }
    if (stored.stores() == null) {
      assertThat(ChainIndexesFormat.encodeEntries(stored.entries())).isEqualTo(input);
      return;
    }
    ByteWriter out = new ByteWriter(input.length);
    out.u8(ChainIndexesFormat.ENTRIES_VERSION_STORE_TABLE).u32(stored.entries().size()).raw(stored.body()).crcFrom(0);
    assertThat(out.toByteArray()).isEqualTo(input);
    // the body is the store table and the compact entries of the decoded ones
    ByteWriter body = new ByteWriter(input.length);
    TransactionFormat.writeStoreTable(body, stored.stores());
    for (byte[] entry : stored.entries()) {
      int store = -1;
      for (int s = 0; s < stored.stores().length; s++) {
        if (java.util.Arrays.equals(entry, TransactionFormat.ENTRY_STORE_AT + 1,
            TransactionFormat.ENTRY_STORE_AT + 1 + (entry[TransactionFormat.ENTRY_STORE_AT] & 0xff), stored.stores()[s],
            0, stored.stores()[s].length)) {
          store = s;
        }
      }
      TransactionFormat.writeCompactEntry(body, entry, store);
    }
    assertThat(body.toByteArray()).isEqualTo(stored.body());
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
    if (anchor.storeIndexed()) {
      // versions 5 and 6: expanded with a table that has the index's store, then written back
      byte[][] stores = new byte[anchor.storeIndex() + 1][];
      java.util.Arrays.fill(stores, new byte[] {'s'});
      ChainIndexesFormat.Piece piece = anchor.resolve(HASH, stores);
      assertThat(anchor.pathless() ? ChainIndexesFormat.encodePathlessAnchor(at.height(), at.transaction(), at.entry(),
              piece.bytes(), anchor.storeIndex())
          : ChainIndexesFormat.encodeIndexedAnchor(at.height(), at.transaction(), at.entry(), piece.bytes(),
              anchor.storeIndex(), piece.path())).isEqualTo(input);
      return;
    }
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
