package io.cairn.chain.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.EngineDbs;
import io.cairn.chain.Fixtures;
import io.cairn.chain.api.AnchorEntry;
import io.cairn.chain.api.AnchorTransaction;
import io.cairn.chain.api.Block;
import io.cairn.chain.api.Hash32;
import io.cairn.chain.api.HashAlgorithm;
import io.cairn.chain.api.Identity;
import io.cairn.chain.api.Ledger;
import io.cairn.chain.api.LedgerEntry;
import io.cairn.chain.api.LedgerOptions;
import io.cairn.chain.api.ReadParameters;
import io.cairn.chain.api.RecordSource;
import io.cairn.chain.api.VerdictCode;
import io.cairn.chain.codec.TransactionFormat;
import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.Options;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ledger written by the code before index version 6 (session 17's, 5d41f533): {@code
 * version5-ledger.txt} holds a log (genesis, admission, three blocks of version 2 anchoring
 * transactions: two stores in one transaction, a record anchored twice, a transaction of 51 entries
 * in three stores) and every row that code's ledger wrote applying it, its record-hash index values
 * of version 5, made by {@code Version5LedgerFixture.java.txt} against the base tree. This code must
 * read those rows as they are (verify every record, first in full and then from the remembered
 * transaction, and serve proofs that check), write the same rows from the same log except the
 * index values, which are version 6 (the same entry without the start of its path), and verify a
 * ledger that holds both.
 */
class Version5LedgerTest {
  private static final HexFormat HEX = LedgerFixture.HEX;
  @TempDir Path directory;

  private static LedgerFixture fixture() throws IOException {
    return LedgerFixture.read("version5-ledger.txt");
  }

  private static LedgerOptions options(LedgerFixture fixture) {
    List<RecordSource> sources = new ArrayList<>();
    fixture.records().forEach((name, records) -> sources.add(LedgerFixture.source(name, records)));
    return LedgerOptions.defaults().withSources(sources.toArray(RecordSource[]::new));
  }

  /** Writes the fixture's rows, as the old code left them, into {@code db}. */
  private static void writeRows(Db db, LedgerFixture fixture) {
    fixture.rows().forEach((key, value) -> db.put(HEX.parseHex(key), HEX.parseHex(value)));
  }

  @Test
  void theFixtureHoldsVersion5IndexValues() throws IOException {
    int anchors = 0;
    for (Map.Entry<String, String> row : fixture().rows().entrySet()) {
      if (row.getKey().startsWith("41")) {
        assertThat(HEX.parseHex(row.getValue())[0]).as(row.getKey()).isEqualTo((byte) ChainIndexesFormat.ANCHOR_VERSION_STORE_INDEX);
        anchors++;
      }
    }
    assertThat(anchors).isEqualTo(60);
  }

  @Test
  void everyRecordOfTheVersion5LedgerVerifiesAndItsProofChecks() throws IOException {
    LedgerFixture fixture = fixture();
    try (Db db = Cairn.open(directory.resolve("ledger"), Options.defaults())) {
      writeRows(db, fixture);
      Ledger ledger = Ledger.open(db, options(fixture));
      assertThat(fixture.assertEveryRecordVerifies(ledger)).isEqualTo(61);
    }
  }

  /**
   * The same log applied by this code: every row the old code wrote, byte for byte, except the
   * record-hash index values, which are version 6 with the same position and entry and without the
   * start of the path (1 + 32 k bytes fewer each).
   */
  @Test
  void applyingTheLogWritesTheSameRowsWithVersion6IndexValues() throws IOException {
    LedgerFixture fixture = fixture();
    try (Db db = Cairn.open(directory.resolve("ledger"), Options.defaults())) {
      Ledger ledger = Ledger.open(db, LedgerOptions.defaults());
      for (int i = 0; i < fixture.log().size(); i++) {
        ledger.apply(i + 1, fixture.log().get(i));
      }
      Map<String, String> rows = EngineDbs.contents(db);
      assertThat(rows.keySet()).isEqualTo(fixture.rows().keySet());
      long saved = 0;
      for (Map.Entry<String, String> row : fixture.rows().entrySet()) {
        if (!row.getKey().startsWith("41")) {
          assertThat(rows.get(row.getKey())).as(row.getKey()).isEqualTo(row.getValue());
          continue;
        }
        byte[] recordHash = HEX.parseHex(row.getKey().substring(2));
        byte[] oldValue = HEX.parseHex(row.getValue());
        byte[] newValue = HEX.parseHex(rows.get(row.getKey()));
        ChainIndexesFormat.Anchor old = ChainIndexesFormat.decodeAnchor(oldValue, recordHash, () -> "v5");
        ChainIndexesFormat.Anchor now = ChainIndexesFormat.decodeAnchor(newValue, recordHash, () -> "v6");
        assertThat(now.version()).isEqualTo(ChainIndexesFormat.ANCHOR_VERSION_PATHLESS);
        assertThat(now.position()).isEqualTo(old.position());
        assertThat(now.storeIndex()).isEqualTo(old.storeIndex());
        byte[][] stores = ChainIndexesFormat.decodeStoredEntries(db.get(LedgerKeys.entries(now.position().height(),
            now.position().transaction())), () -> "entries").stores();
        assertThat(now.resolve(recordHash, stores).bytes()).isEqualTo(old.resolve(recordHash, stores).bytes());
        assertThat(oldValue.length - newValue.length).isEqualTo(1 + 32 * old.path().length);
        saved += oldValue.length - newValue.length;
      }
      assertThat(saved).as("the 60 path starts, mostly 3 hashes each").isGreaterThan(60 * (1 + 32 * 2));
    }
  }

  /**
   * The old code's rows for blocks 0-2 and this code's for block 3 in one ledger: every record
   * verifies, on the running ledger (in an order that alternates the two forms) and after reopening,
   * and a record anchored again in block 3 keeps its first anchor, version 5.
   */
  @Test
  void version5AndVersion6IndexValuesInOneLedgerBothVerify() throws IOException {
    LedgerFixture fixture = fixture();
    Identity member = Fixtures.identity(7);
    Block last = (Block) LedgerEntry.decode(fixture.log().get(fixture.log().size() - 1));
    String memberStore = "cairn:" + member.key().hex();
    Map<String, byte[]> memberRecords = fixture.records().get(memberStore);
    List<AnchorEntry> entries = new ArrayList<>();
    List<Hash32> newKeys = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      byte[] raw = ("block 3 record " + i).getBytes(StandardCharsets.UTF_8);
      byte[] key = new byte[9];
      key[0] = 2;
      key[8] = (byte) i;
      memberRecords.put(HEX.formatHex(key), raw);
      Hash32 hash = HashAlgorithm.SHA_256.hash(raw);
      newKeys.add(hash);
      entries.add(AnchorEntry.of(HashAlgorithm.SHA_256, hash, ReadParameters.of(memberStore, key)));
    }
    byte[] again = fixture.records().get("records").values().iterator().next(); // anchored in block 0 or 2 already
    entries.add(AnchorEntry.of(HashAlgorithm.SHA_256, HashAlgorithm.SHA_256.hash(again),
        ReadParameters.of("records", HashAlgorithm.SHA_256.hash(again).bytes())));
    AnchorTransaction transaction = AnchorTransaction.sign(member, 4, entries);
    assertThat(transaction.version()).isEqualTo(TransactionFormat.VERSION_STORE_TABLE);
    Block block3 = Block.propose(member, 3, last.hash(), last.header().timestampMillis() + 1, List.of(transaction));
    List<Hash32> oldKeys = fixture.recordHashes();
    oldKeys.removeAll(newKeys);
    Path path = directory.resolve("ledger");
    try (Db db = Cairn.open(path, Options.defaults())) {
      writeRows(db, fixture);
      Ledger ledger = Ledger.open(db, options(fixture));
      ledger.apply(fixture.log().size() + 1, LedgerEntry.encode(block3));
      assertThat(db.get(LedgerKeys.anchor(newKeys.get(0)))[0]).isEqualTo((byte) ChainIndexesFormat.ANCHOR_VERSION_PATHLESS);
      assertThat(db.get(LedgerKeys.anchor(HashAlgorithm.SHA_256.hash(again)))[0])
          .as("the first anchor stays").isEqualTo((byte) ChainIndexesFormat.ANCHOR_VERSION_STORE_INDEX);
      for (int round = 0; round < 2; round++) {
        for (int i = 0; i < Math.max(oldKeys.size(), newKeys.size()); i++) {
          for (Hash32 key : new Hash32[] {i < oldKeys.size() ? oldKeys.get(i) : null, i < newKeys.size() ? newKeys.get(i) : null}) {
            if (key != null) {
              assertThat(ledger.verify(key)).satisfies(v -> assertThat(v.code()).as(v.detail()).isEqualTo(VerdictCode.VERIFIED));
              assertThat(ledger.proof(key).orElseThrow().check(ledger.members()).code()).isEqualTo(VerdictCode.VERIFIED);
            }
          }
        }
      }
    }
    try (Db db = Cairn.open(path, Options.defaults())) {
      Ledger reopened = Ledger.open(db, options(fixture));
      for (Hash32 key : newKeys) {
        assertThat(reopened.verify(key).code()).isEqualTo(VerdictCode.VERIFIED);
      }
      for (Hash32 key : oldKeys) {
        assertThat(reopened.verify(key).code()).isEqualTo(VerdictCode.VERIFIED);
      }
      assertThat(reopened.block(3).orElseThrow()).isEqualTo(block3);
    }
  }
}
