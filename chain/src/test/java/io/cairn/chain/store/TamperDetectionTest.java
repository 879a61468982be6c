package io.cairn.chain.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.chain.Fixtures;
import io.cairn.chain.TestLedger;
import io.cairn.chain.api.AnchorPosition;
import io.cairn.chain.api.AnchorReceipt;
import io.cairn.chain.api.Block;
import io.cairn.chain.api.BlockHeader;
import io.cairn.chain.api.HashAlgorithm;
import io.cairn.chain.api.VerdictCode;
import io.cairn.chain.codec.BlockFormat;
import io.cairn.chain.codec.TransactionFormat;
import io.cairn.chain.merkle.MerkleTree;
import io.cairn.common.ByteWriter;
import io.cairn.common.CorruptionException;
import io.cairn.lsm.api.Db;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tampering with any field stored in the engine (record, entry, transaction header, block header, index entry,
 * ledger state, admission) is detected by verify, with the verdict naming the check that failed.
 * Each case changes the bytes in the engine as an attacker would (fixing CRCs where a forger could),
 * then verifies on a ledger reopened over the same databases and, for the pieces read on every
 * call (the record, the record-hash index, the entry and its path), on the running ledger too. The
 * pieces above the entry (transaction header and path, block header, block-by-hash index) are
 * checked once per process, when the first record of their transaction is verified (here before
 * the tampering), and then trusted from memory like the header chain: for those the running
 * ledger keeps answering for the chain it checked, and {@link #tamperingBeforeTheFirstVerificationIsSeenLive}
 * shows a change made before that first check is seen at once.
 */
class TamperDetectionTest {
  /** The ledger under attack: block 0 holds 40 records in 3 transactions, block 1 holds 10 more. */
  static final class Scene {
    final TestLedger t;
    final AnchorReceipt target;
    final AnchorReceipt neighbour;
    final Db ledgerDb;
    final Db recordsDb;

    Scene(TestLedger t) {
      this.t = t;
      SplittableRandom random = new SplittableRandom(5);
      List<AnchorReceipt> first = t.node.anchor(Fixtures.records(random, 40, 200), HashAlgorithm.SHA_256);
      t.clock.addAndGet(10);
      t.node.anchor(Fixtures.records(random, 10, 200), HashAlgorithm.SHA_256);
      target = first.get(21); // block 0, transaction 1, entry 5
      neighbour = first.get(22); // block 0, transaction 1, entry 6
      assertThat(target.position()).isEqualTo(new AnchorPosition(0, 1, 5));
      ledgerDb = t.dbs.ledger;
      recordsDb = t.dbs.records;
    }

    byte[] entryKey() {
      return LedgerKeys.entry(0, 1, 5);
    }

    /** The record-hash index key of the target: its value holds the anchored entry and its path. */
    byte[] anchorKey() {
      return LedgerKeys.anchor(target.key());
    }

    byte[] get(byte[] key) {
      return ledgerDb.get(key);
    }

    void put(byte[] key, byte[] value) {
      ledgerDb.put(key, value);
    }
  }

  @TempDir Path directory;

  /** Where a change is seen besides on a reopened ledger. */
  enum Seen {
    /** On the running ledger too: the piece is read on every call. */
    LIVE,
    /** On the running ledger only when made before the first verification of its transaction. */
    FIRST_CHECK,
    /** Only after reopening: the running ledger holds the checked value in memory. */
    REOPEN
  }

  record Case(String name, Consumer<Scene> tamper, VerdictCode expected, Seen seen) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("record bit flipped", s -> {
          byte[] raw = s.t.records.read(s.target.key());
          raw[17] ^= 1;
          s.recordsDb.put(s.target.key().bytes(), raw);
        }, VerdictCode.TAMPERED_DATA, Seen.LIVE),
        new Case("record deleted", s -> s.recordsDb.delete(s.target.key().bytes()), VerdictCode.MISSING_DATA, Seen.LIVE),
        new Case("record replaced by another record", s -> s.recordsDb.put(s.target.key().bytes(), new byte[] {1}),
            VerdictCode.TAMPERED_DATA, Seen.LIVE),
        new Case("anchor index deleted", s -> s.ledgerDb.delete(LedgerKeys.anchor(s.target.key())),
            VerdictCode.UNKNOWN_ANCHOR, Seen.LIVE),
        new Case("anchor index moved to another entry", s -> s.put(LedgerKeys.anchor(s.target.key()),
            ChainIndexesFormat.encodePosition(0, 1, 6)), VerdictCode.BAD_INDEX, Seen.LIVE),
        new Case("anchor index beyond the head", s -> s.put(LedgerKeys.anchor(s.target.key()),
            ChainIndexesFormat.encodePosition(7, 0, 0)), VerdictCode.BAD_INDEX, Seen.LIVE),
        new Case("anchor index garbage", s -> s.put(LedgerKeys.anchor(s.target.key()), new byte[] {1, 2, 3}),
            VerdictCode.BAD_INDEX, Seen.LIVE),
        new Case("anchor index replaced by another record's", s -> s.put(s.anchorKey(),
            s.get(LedgerKeys.anchor(s.neighbour.key()))), VerdictCode.BAD_INDEX, Seen.LIVE),
        // The stored entry at the new position anchors another record: the index points elsewhere.
        new Case("anchor index position changed", s -> rewriteAnchor(s, 1, 6, (bytes, path) -> { }),
            VerdictCode.BAD_INDEX, Seen.LIVE),
        new Case("anchor index moved to another transaction", s -> rewriteAnchor(s, 0, 5, (bytes, path) -> { }),
            VerdictCode.BAD_INDEX, Seen.LIVE),
        // A version 4 value holds no record hash (its key is the hash): a version 3 value, still read, does.
        new Case("entry record hash changed", s -> rewriteAnchor(s, ChainIndexesFormat.ANCHOR_VERSION_FULL_ENTRY, 1, 5,
            (bytes, path) -> bytes[1 + 3] ^= 1), VerdictCode.BAD_INDEX, Seen.LIVE),
        // A version 5 value names the store by its index: a version 4 value, still read, holds the name.
        new Case("entry store name changed", s -> rewriteAnchor(s, ChainIndexesFormat.ANCHOR_VERSION, 1, 5,
            (bytes, path) -> bytes[1 + 32 + 1] ^= 1), VerdictCode.MISSING_DATA, Seen.LIVE),
        new Case("entry store index outside the table", s -> rewriteAnchor(s,
            ChainIndexesFormat.ANCHOR_VERSION_STORE_INDEX, 1, 5, 1, (bytes, path) -> { }),
            VerdictCode.BAD_INDEX, Seen.LIVE),
        new Case("entry store index outside the table, version 6", s -> rewriteAnchor(s,
            ChainIndexesFormat.ANCHOR_VERSION_PATHLESS, 1, 5, 1, (bytes, path) -> { }),
            VerdictCode.BAD_INDEX, Seen.LIVE),
        // A version 6 value holds no path: the entry's leaf is compared with the transaction's. The
        // record key names another key of the same store holding the same bytes, so the record reads
        // back and hashes right, and only the leaf tells the entry is not the one anchored.
        new Case("entry record key changed to an alias of the record, version 6",
            s -> rewriteToAlias(s, ChainIndexesFormat.ANCHOR_VERSION_PATHLESS), VerdictCode.BAD_PROOF, Seen.LIVE),
        new Case("entry record key changed to an alias of the record, version 5",
            s -> rewriteToAlias(s, ChainIndexesFormat.ANCHOR_VERSION_STORE_INDEX), VerdictCode.BAD_PROOF, Seen.LIVE),
        // The changed name is every entry's of the transaction: the record is looked for in a store that is not there.
        new Case("store name changed in the transaction's entries value", TamperDetectionTest::changeStoredStoreName,
            VerdictCode.MISSING_DATA, Seen.FIRST_CHECK),
        new Case("entry record key changed", s -> rewriteEntry(s, entry -> entry[entry.length - 1] ^= 1),
            VerdictCode.MISSING_DATA, Seen.LIVE),
        // Version 6 holds no path: a version 5 value, still read, holds its start.
        new Case("entry path hash flipped", s -> rewriteAnchor(s, ChainIndexesFormat.ANCHOR_VERSION_STORE_INDEX, 1, 5,
            (bytes, path) -> path[0][0] ^= 1), VerdictCode.BAD_PROOF, Seen.LIVE),
        new Case("entry path shortened", s -> rewriteAnchor(s, ChainIndexesFormat.ANCHOR_VERSION_STORE_INDEX, 1, 5,
            (bytes, path) -> path[path.length - 1] = null), VerdictCode.BAD_PROOF, Seen.LIVE),
        new Case("anchor index bytes corrupt", s -> flipStored(s, s.anchorKey(), 20), VerdictCode.BAD_INDEX, Seen.LIVE),
        new Case("version 1 anchor index pointing to a deleted entry", s -> {
          s.put(s.anchorKey(), ChainIndexesFormat.encodePosition(0, 1, 5));
          s.ledgerDb.delete(s.entryKey());
        }, VerdictCode.BAD_INDEX, Seen.LIVE),
        new Case("version 1 anchor index pointing to a corrupt entry", s -> {
          writeVersionOneEntry(s, true);
          flipStored(s, s.entryKey(), 6);
        }, VerdictCode.BAD_PROOF, Seen.LIVE),
        new Case("version 1 anchor index pointing to an entry without its path", s -> writeVersionOneEntry(s, false),
            VerdictCode.BAD_PROOF, Seen.LIVE),
        new Case("version 1 anchor index, entries only in the transaction's entries value", s ->
            s.put(s.anchorKey(), ChainIndexesFormat.encodePosition(0, 1, 5)), VerdictCode.BAD_INDEX, Seen.LIVE),
        new Case("transaction requester changed", s -> rewriteTransaction(s, header ->
            header[TransactionFormat.OFFSET_REQUESTER] ^= 1), VerdictCode.BAD_PROOF, Seen.FIRST_CHECK),
        new Case("transaction entries root changed", s -> rewriteTransaction(s, header ->
            header[TransactionFormat.OFFSET_ENTRIES_ROOT] ^= 1), VerdictCode.BAD_PROOF, Seen.FIRST_CHECK),
        new Case("transaction signature changed", s -> rewriteTransaction(s, header ->
            header[TransactionFormat.OFFSET_ANCHOR_SIGNATURE] ^= 1), VerdictCode.BAD_PROOF, Seen.FIRST_CHECK),
        new Case("transaction path hash flipped", s -> rewritePiece(s, LedgerKeys.transaction(0, 1), false,
            (bytes, path) -> path[1][31] ^= 1), VerdictCode.BAD_PROOF, Seen.FIRST_CHECK),
        new Case("transaction deleted", s -> s.ledgerDb.delete(LedgerKeys.transaction(0, 1)), VerdictCode.BAD_PROOF, Seen.FIRST_CHECK),
        new Case("transaction bytes corrupt", s -> flipStored(s, LedgerKeys.transaction(0, 1), 40),
            VerdictCode.BAD_PROOF, Seen.FIRST_CHECK),
        new Case("header Merkle root changed", s -> rewriteHeader(s, 0, BlockFormat.OFFSET_MERKLE_ROOT),
            VerdictCode.BAD_PROOF, Seen.FIRST_CHECK),
        new Case("header signature changed", s -> rewriteHeader(s, 0, BlockFormat.OFFSET_SIGNATURE + 9),
            VerdictCode.BAD_SIGNATURE, Seen.FIRST_CHECK),
        new Case("header timestamp changed", s -> rewriteHeader(s, 0, BlockFormat.OFFSET_TIMESTAMP),
            VerdictCode.BAD_SIGNATURE, Seen.FIRST_CHECK),
        new Case("header previous hash changed", s -> rewriteHeader(s, 0, BlockFormat.OFFSET_PREVIOUS_HASH + 4),
            VerdictCode.BAD_SIGNATURE, Seen.FIRST_CHECK),
        new Case("header proposer changed", s -> rewriteHeader(s, 0, BlockFormat.OFFSET_PROPOSER),
            VerdictCode.BAD_SIGNATURE, Seen.FIRST_CHECK),
        new Case("header height changed", s -> rewriteHeader(s, 0, BlockFormat.OFFSET_HEIGHT),
            VerdictCode.BROKEN_CHAIN, Seen.FIRST_CHECK),
        new Case("header deleted", s -> s.ledgerDb.delete(LedgerKeys.header(0)), VerdictCode.BROKEN_CHAIN, Seen.FIRST_CHECK),
        new Case("header bytes corrupt", s -> flipStored(s, LedgerKeys.header(0), 50), VerdictCode.BROKEN_CHAIN, Seen.FIRST_CHECK),
        new Case("header replaced by a validly signed fork", TamperDetectionTest::replaceWithFork,
            VerdictCode.BROKEN_CHAIN, Seen.FIRST_CHECK),
        new Case("block-by-hash index deleted", s -> s.ledgerDb.delete(LedgerKeys.byHash(header(s, 0).hash())),
            VerdictCode.BAD_INDEX, Seen.FIRST_CHECK),
        new Case("block-by-hash index changed", s -> s.put(LedgerKeys.byHash(header(s, 0).hash()),
            ChainIndexesFormat.encodeNumber(1)), VerdictCode.BAD_INDEX, Seen.FIRST_CHECK),
        new Case("a later header's signature changed", s -> rewriteHeader(s, 1, BlockFormat.OFFSET_SIGNATURE),
            VerdictCode.BROKEN_CHAIN, Seen.REOPEN),
        new Case("ledger head hash changed", s -> {
          var state = ChainIndexesFormat.decodeState(s.get(LedgerKeys.state()));
          byte[] head = state.headHash();
          head[0] ^= 1;
          s.put(LedgerKeys.state(), ChainIndexesFormat.encodeState(new ChainIndexesFormat.LedgerState(
              state.lastAppliedIndex(), state.blockCount(), head, state.headTimestampMillis())));
        }, VerdictCode.BROKEN_CHAIN, Seen.REOPEN),
        new Case("member admission changed", s -> {
          byte[] key = LedgerKeys.member(s.t.member.key());
          byte[] admission = s.get(key);
          admission[40] ^= 1;
          fixCrc(admission);
          s.put(key, admission);
        }, VerdictCode.BAD_SIGNATURE, Seen.REOPEN));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void tamperingIsDetectedByVerify(Case c) {
    Scene scene = new Scene(TestLedger.create(directory));
    TestLedger reopened = null;
    try {
      assertThat(scene.t.ledger.verify(scene.target.key()).code()).isEqualTo(VerdictCode.VERIFIED);
      c.tamper().accept(scene);
      if (c.seen() == Seen.LIVE) {
        assertThat(scene.t.ledger.verify(scene.target.key())).as("on the running ledger")
            .satisfies(v -> assertThat(v.code()).as(v.detail()).isEqualTo(c.expected()));
      }
      reopened = scene.t.reopen();
      assertThat(reopened.ledger.verify(scene.target.key())).as("after reopening")
          .satisfies(v -> assertThat(v.code()).as(v.detail()).isEqualTo(c.expected()));
    } finally {
      (reopened != null ? reopened : scene.t).close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void tamperingBeforeTheFirstVerificationIsSeenLive(Case c) {
    try (TestLedger t = TestLedger.create(directory)) {
      Scene scene = new Scene(t);
      c.tamper().accept(scene);
      if (c.seen() != Seen.REOPEN) {
        assertThat(t.ledger.verify(scene.target.key()))
            .satisfies(v -> assertThat(v.code()).as(v.detail()).isEqualTo(c.expected()));
        assertThat(t.ledger.verify(scene.target.key()).code()).as("asked again").isEqualTo(c.expected());
      }
    }
  }

  private interface PieceEdit {
    void edit(byte[] bytes, byte[][] path);
  }

  private static void rewritePiece(Scene s, byte[] key, boolean entry, PieceEdit edit) {
    ChainIndexesFormat.Piece piece = ChainIndexesFormat.decodePiece(s.get(key), entry, () -> "test");
    byte[] bytes = piece.bytes();
    byte[][] path = piece.path();
    edit.edit(bytes, path);
    s.put(key, ChainIndexesFormat.encodePiece(bytes, path, entry));
  }

  /**
   * The target's record-hash index value, decoded; a version 5 value (the store by its index) with
   * its entry expanded through the store table of the target's transaction.
   */
  private static ChainIndexesFormat.Anchor storedAnchor(Scene s) {
    ChainIndexesFormat.Anchor anchor = ChainIndexesFormat.decodeAnchor(s.get(s.anchorKey()), s.target.key().bytes(),
        () -> "test");
    if (!anchor.storeIndexed()) {
      return anchor;
    }
    byte[][] stores = ChainIndexesFormat.decodeStoredEntries(s.get(LedgerKeys.entries(0, 1)), () -> "test").stores();
    return new ChainIndexesFormat.Anchor(anchor.version(), anchor.position(),
        anchor.resolve(s.target.key().bytes(), stores), anchor.indexed(), anchor.path());
  }

  /**
   * Rewrites the target's record-hash index value at (block 0, {@code transaction}, {@code entry}),
   * of the version the ledger wrote (5: the store by its index, the entry's store name not written).
   */
  private static void rewriteAnchor(Scene s, int transaction, int entry, PieceEdit edit) {
    rewriteAnchor(s, storedAnchor(s).version(), transaction, entry, edit);
  }

  /** {@link #rewriteAnchor(Scene, int, int, PieceEdit)} as an index value of {@code version}. */
  private static void rewriteAnchor(Scene s, int version, int transaction, int entry, PieceEdit edit) {
    rewriteAnchor(s, version, transaction, entry, storedAnchor(s).storeIndex(), edit);
  }

  /**
   * {@link #rewriteAnchor(Scene, int, int, PieceEdit)} naming store {@code storeIndex} in a version
   * 5 or 6 value; the path handed to {@code edit} is the start of the target's path (cut from its
   * transaction's entries when the stored value is of version 6, which holds none).
   */
  private static void rewriteAnchor(Scene s, int version, int transaction, int entry, int storeIndex, PieceEdit edit) {
    ChainIndexesFormat.Anchor anchor = storedAnchor(s);
    byte[] bytes = anchor.entry().bytes();
    byte[][] path = anchor.pathless() ? pathStart(s) : anchor.entry().path();
    edit.edit(bytes, path);
    byte[][] kept = Arrays.stream(path).filter(Objects::nonNull).toArray(byte[][]::new);
    s.put(s.anchorKey(), version == ChainIndexesFormat.ANCHOR_VERSION_PATHLESS
        ? ChainIndexesFormat.encodePathlessAnchor(0, transaction, entry, bytes, storeIndex)
        : version == ChainIndexesFormat.ANCHOR_VERSION_STORE_INDEX
        ? ChainIndexesFormat.encodeIndexedAnchor(0, transaction, entry, bytes, storeIndex, kept)
        : ChainIndexesFormat.encodeAnchor(version, 0, transaction, entry, bytes, kept));
  }

  /** The start of the target's path (below {@link ChainIndexesFormat#ANCHOR_PATH_LEVELS}), cut from its transaction's entries. */
  private static byte[][] pathStart(Scene s) {
    List<byte[]> entries = ChainIndexesFormat.decodeStoredEntries(s.get(LedgerKeys.entries(0, 1)), () -> "test").entries();
    byte[][] leaves = entries.stream().map(MerkleTree::leafHash).toArray(byte[][]::new);
    return MerkleTree.path(MerkleTree.levels(leaves), 5, ChainIndexesFormat.ANCHOR_PATH_LEVELS);
  }

  /**
   * Stores the target's record again under another key of its store (an alias: the same bytes) and
   * rewrites the target's index value, of {@code version}, to name that key.
   */
  private static void rewriteToAlias(Scene s, int version) {
    byte[] raw = s.t.records.read(s.target.key());
    byte[] alias = s.target.key().bytes().clone();
    alias[0] ^= 1;
    s.recordsDb.put(alias, raw);
    rewriteAnchor(s, version, 1, 5, storedAnchor(s).storeIndex(), (bytes, path) -> {
      int m = bytes.length - (TransactionFormat.ENTRY_STORE_AT + 1 + (bytes[TransactionFormat.ENTRY_STORE_AT] & 0xff) + 2);
      assertThat(m).as("a hash-keyed entry writes its record key out").isEqualTo(32);
      bytes[bytes.length - 32] ^= 1;
    });
  }

  /** Flips a bit of the first store name in the target transaction's entries value (version 3), its CRC mended. */
  private static void changeStoredStoreName(Scene s) {
    byte[] value = s.get(LedgerKeys.entries(0, 1));
    assertThat(value[0]).isEqualTo((byte) ChainIndexesFormat.ENTRIES_VERSION_STORE_TABLE);
    value[1 + 4 + 1 + 1] ^= 1; // version, count, store count, the first name's length: its first byte
    fixCrc(value);
    s.put(LedgerKeys.entries(0, 1), value);
  }

  /**
   * Rewrites the target as a ledger written before index version 2 holds it: a version 1 index
   * value and the entry in its own piece, with its path in the transaction or ({@code withPath}
   * false) without.
   */
  private static void writeVersionOneEntry(Scene s, boolean withPath) {
    ChainIndexesFormat.Anchor anchor = storedAnchor(s);
    s.put(s.entryKey(), ChainIndexesFormat.encodePiece(anchor.entry().bytes(),
        withPath ? wholePath(s) : new byte[0][], true));
    s.put(s.anchorKey(), ChainIndexesFormat.encodePosition(0, 1, 5));
  }

  /** The target's whole Merkle path in its transaction, cut from the transaction's stored entries. */
  private static byte[][] wholePath(Scene s) {
    List<byte[]> entries = ChainIndexesFormat.decodeStoredEntries(s.get(LedgerKeys.entries(0, 1)), () -> "test").entries();
    byte[][] leaves = entries.stream().map(MerkleTree::leafHash).toArray(byte[][]::new);
    return MerkleTree.path(MerkleTree.levels(leaves), 5);
  }

  /**
   * A ledger written with index values of version 2 (the whole path in the index value) still
   * verifies, on the running ledger and after reopening, and its proofs are the same.
   */
  @Test
  void versionTwoIndexStillVerifies() {
    Scene scene = new Scene(TestLedger.create(directory));
    TestLedger reopened = null;
    try {
      var before = scene.t.ledger.proof(scene.target.key()).orElseThrow();
      ChainIndexesFormat.Anchor anchor = storedAnchor(scene);
      assertThat(anchor.version()).isEqualTo(ChainIndexesFormat.ANCHOR_VERSION_PATHLESS);
      assertThat(anchor.entry().path().length).isZero();
      scene.put(scene.anchorKey(), ChainIndexesFormat.encodeAnchor(ChainIndexesFormat.ANCHOR_VERSION_WHOLE_PATH, 0, 1, 5,
          anchor.entry().bytes(), wholePath(scene)));
      assertThat(scene.t.ledger.verify(scene.target.key()).code()).isEqualTo(VerdictCode.VERIFIED);
      assertThat(scene.t.ledger.proof(scene.target.key()).orElseThrow().entryPath()).isEqualTo(before.entryPath());
      reopened = scene.t.reopen();
      assertThat(reopened.ledger.verify(scene.target.key()).code()).isEqualTo(VerdictCode.VERIFIED);
      assertThat(reopened.ledger.verify(scene.neighbour.key()).code()).isEqualTo(VerdictCode.VERIFIED);
    } finally {
      (reopened != null ? reopened : scene.t).close();
    }
  }

  /**
   * A ledger written with index values of version 3 (the whole entry, record hash included, and the
   * start of its path) still verifies, on the running ledger and after reopening.
   */
  @Test
  void versionThreeIndexStillVerifies() {
    Scene scene = new Scene(TestLedger.create(directory));
    TestLedger reopened = null;
    try {
      ChainIndexesFormat.Anchor anchor = storedAnchor(scene);
      byte[][] start = pathStart(scene);
      byte[] fullEntry = ChainIndexesFormat.encodeAnchor(ChainIndexesFormat.ANCHOR_VERSION_FULL_ENTRY, 0, 1, 5,
          anchor.entry().bytes(), start);
      byte[] shortEntry = ChainIndexesFormat.encodeAnchor(ChainIndexesFormat.ANCHOR_VERSION, 0, 1, 5,
          anchor.entry().bytes(), start);
      byte[] indexed = ChainIndexesFormat.encodeIndexedAnchor(0, 1, 5, anchor.entry().bytes(), anchor.storeIndex(), start);
      assertThat(fullEntry.length - shortEntry.length).as("bytes version 4 saves").isEqualTo(66);
      int storeName = anchor.entry().bytes()[1 + 32] & 0xff;
      assertThat(shortEntry.length - indexed.length).as("bytes version 5 saves").isEqualTo(storeName);
      assertThat(start.length).isEqualTo(ChainIndexesFormat.ANCHOR_PATH_LEVELS);
      assertThat(indexed.length - scene.get(scene.anchorKey()).length).as("bytes version 6 saves")
          .isEqualTo(1 + 32 * ChainIndexesFormat.ANCHOR_PATH_LEVELS);
      scene.put(scene.anchorKey(), indexed);
      assertThat(scene.t.ledger.verify(scene.target.key()).code()).as("version 5").isEqualTo(VerdictCode.VERIFIED);
      scene.put(scene.anchorKey(), shortEntry);
      assertThat(scene.t.ledger.verify(scene.target.key()).code()).as("version 4").isEqualTo(VerdictCode.VERIFIED);
      scene.put(scene.anchorKey(), fullEntry);
      assertThat(storedAnchor(scene).entry().bytes()).isEqualTo(anchor.entry().bytes());
      assertThat(storedAnchor(scene).entry().path()).isDeepEqualTo(start);
      assertThat(scene.t.ledger.verify(scene.target.key()).code()).isEqualTo(VerdictCode.VERIFIED);
      reopened = scene.t.reopen();
      assertThat(reopened.ledger.verify(scene.target.key()).code()).isEqualTo(VerdictCode.VERIFIED);
      assertThat(reopened.ledger.verify(scene.neighbour.key()).code()).isEqualTo(VerdictCode.VERIFIED);
    } finally {
      (reopened != null ? reopened : scene.t).close();
    }
  }

  private static void rewriteEntry(Scene s, Consumer<byte[]> edit) {
    rewriteAnchor(s, 1, 5, (bytes, path) -> edit.accept(bytes));
  }

  /**
   * A ledger written before the record-hash index held the entry (index value of version 1, the
   * path in the entry piece) still verifies, on the running ledger and after reopening.
   */
  @Test
  void versionOneIndexStillVerifies() {
    Scene scene = new Scene(TestLedger.create(directory));
    TestLedger reopened = null;
    try {
      ChainIndexesFormat.Anchor anchor = storedAnchor(scene);
      assertThat(anchor.position()).isEqualTo(new ChainIndexesFormat.Position(0, 1, 5));
      assertThat(scene.get(scene.entryKey())).as("no per-entry piece is written any more").isNull();
      writeVersionOneEntry(scene, true);
      assertThat(scene.t.ledger.verify(scene.target.key()).code()).isEqualTo(VerdictCode.VERIFIED);
      assertThat(scene.t.ledger.proof(scene.target.key()).orElseThrow().position())
          .isEqualTo(scene.target.position());
      reopened = scene.t.reopen();
      assertThat(reopened.ledger.verify(scene.target.key()).code()).isEqualTo(VerdictCode.VERIFIED);
      assertThat(reopened.ledger.anchorOf(scene.target.key())).contains(scene.target.position());
    } finally {
      (reopened != null ? reopened : scene.t).close();
    }
  }

  private static void rewriteTransaction(Scene s, Consumer<byte[]> edit) {
    rewritePiece(s, LedgerKeys.transaction(0, 1), false, (bytes, path) -> {
      edit.accept(bytes);
      fixCrc(bytes);
    });
  }

  private static void rewriteHeader(Scene s, long height, int offset) {
    byte[] header = s.get(LedgerKeys.header(height));
    header[offset] ^= 1;
    fixCrc(header);
    s.put(LedgerKeys.header(height), header);
  }

  private static BlockHeader header(Scene s, long height) {
    return BlockHeader.decode(s.get(LedgerKeys.header(height)));
  }

  private static void flipStored(Scene s, byte[] key, int offset) {
    byte[] bytes = s.get(key);
    bytes[offset] ^= 0x10;
    s.put(key, bytes);
  }

  /** The proposer signs a second block 0 with the same transactions and another timestamp. */
  private static void replaceWithFork(Scene s) {
    Block original = s.t.ledger.block(0).orElseThrow();
    Block fork = Block.propose(s.t.member, 0, original.header().previousHash(),
        original.header().timestampMillis() + 1, original.transactions());
    assertThat(fork.header().merkleRoot()).isEqualTo(original.header().merkleRoot());
    s.put(LedgerKeys.header(0), fork.header().encode());
    s.put(LedgerKeys.byHash(fork.hash()), ChainIndexesFormat.encodeNumber(0));
  }

  /** Rewrites the masked CRC32C in the last 4 bytes of {@code bytes}, as a forger would. */
  static void fixCrc(byte[] bytes) {
    ByteWriter writer = new ByteWriter(bytes.length);
    writer.raw(bytes, 0, bytes.length - 4).crcFrom(0);
    System.arraycopy(writer.toByteArray(), bytes.length - 4, bytes, bytes.length - 4, 4);
  }
}
