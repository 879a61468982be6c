package io.cairn.chain.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.EngineDbs;
import io.cairn.chain.api.AnchorTransaction;
import io.cairn.chain.api.Block;
import io.cairn.chain.api.Ledger;
import io.cairn.chain.api.LedgerEntry;
import io.cairn.chain.api.LedgerOptions;
import io.cairn.chain.api.RecordSource;
import io.cairn.chain.api.Transaction;
import io.cairn.chain.codec.TransactionFormat;
import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.Options;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ledger written by the code before the store table (session 16): {@code version1-ledger.txt}
 * holds a log (genesis, admission, two blocks of version 1 anchoring transactions: two stores in
 * one transaction, a record anchored twice) and every row that code's ledger wrote applying it,
 * made by {@code Version1LedgerFixture.java.txt} against the base tree (5db0630d). This code must
 * decode those blocks to the same bytes, apply them to the same rows, verify every record and serve
 * proofs that check, as before.
 */
class Version1LedgerTest {
  private static final HexFormat HEX = LedgerFixture.HEX;
  @TempDir Path directory;

  private static LedgerFixture fixture() throws IOException {
    return LedgerFixture.read("version1-ledger.txt");
  }

  @Test
  void version1BlocksDecodeToTheSameBytesAndTheSameLeaves() throws IOException {
    LedgerFixture fixture = fixture();
    int anchors = 0;
    for (byte[] bytes : fixture.log()) {
      if (!(LedgerEntry.decode(bytes) instanceof Block block)) {
        continue;
      }
      assertThat(LedgerEntry.encode(block)).isEqualTo(bytes);
      for (Transaction transaction : block.transactions()) {
        AnchorTransaction anchor = (AnchorTransaction) transaction;
        assertThat(anchor.version()).isEqualTo(TransactionFormat.VERSION);
        assertThat(anchor.signatureValid()).isTrue();
        // The same entries signed now are version 2: other bytes, the same entries root (leaves over
        // the version 1 entry encoding), fewer bytes.
        AnchorTransaction again = AnchorTransaction.sign(io.cairn.chain.Fixtures.identity(7), anchor.nonce(),
            anchor.entries());
        assertThat(again.version()).isEqualTo(TransactionFormat.VERSION_STORE_TABLE);
        assertThat(again.entriesRoot()).isEqualTo(anchor.entriesRoot());
        assertThat(again.encodedBytes()).isLessThan(anchor.encodedBytes());
        anchors++;
      }
    }
    assertThat(anchors).isEqualTo(3);
  }

  @Test
  void applyingTheVersion1LogWritesEveryRowTheOldCodeWrote() throws IOException {
    LedgerFixture fixture = fixture();
    try (Db db = Cairn.open(directory.resolve("ledger"), Options.defaults())) {
      Ledger ledger = Ledger.open(db, LedgerOptions.defaults());
      for (int i = 0; i < fixture.log().size(); i++) {
        ledger.apply(i + 1, fixture.log().get(i));
      }
      assertThat(EngineDbs.contents(db)).isEqualTo(fixture.rows());
    }
  }

  @Test
  void everyVersion1RecordVerifiesAndItsProofChecks() throws IOException {
    LedgerFixture fixture = fixture();
    List<RecordSource> sources = new ArrayList<>();
    fixture.records().forEach((name, records) -> sources.add(LedgerFixture.source(name, records)));
    try (Db db = Cairn.open(directory.resolve("ledger"), Options.defaults())) {
      Ledger ledger = Ledger.open(db, LedgerOptions.defaults().withSources(sources.toArray(RecordSource[]::new)));
      for (int i = 0; i < fixture.log().size(); i++) {
        ledger.apply(i + 1, fixture.log().get(i));
      }
      assertThat(fixture.assertEveryRecordVerifies(ledger)).isEqualTo(10);
    }
  }

  /**
   * A ledger written before the entries value (one piece per entry, key 'E' height tx entry, only
   * ever for version 1 transactions) still reassembles its blocks, also when a block mixes both
   * forms; a missing piece is corruption.
   */
  @Test
  void perEntryPiecesStillReassemble() throws IOException {
    LedgerFixture fixture = fixture();
    try (Db db = Cairn.open(directory.resolve("ledger"), Options.defaults())) {
      Ledger ledger = Ledger.open(db, LedgerOptions.defaults());
      for (int i = 0; i < fixture.log().size(); i++) {
        ledger.apply(i + 1, fixture.log().get(i));
      }
      Block before = ledger.block(0).orElseThrow();
      byte[] entriesKey = LedgerKeys.entries(0, 0);
      List<byte[]> entries = ChainIndexesFormat.decodeEntries(db.get(entriesKey), () -> "test");
      assertThat(entries).hasSize(5);
      db.delete(entriesKey);
      for (int j = 0; j < entries.size(); j++) {
        db.put(LedgerKeys.entry(0, 0, j), ChainIndexesFormat.encodePiece(entries.get(j), new byte[0][], true));
      }
      assertThat(Ledger.open(db, LedgerOptions.defaults()).block(0).orElseThrow().encode()).isEqualTo(before.encode());
      db.delete(LedgerKeys.entry(0, 0, 3));
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> Ledger.open(db, LedgerOptions.defaults()).block(0))
          .isInstanceOf(io.cairn.common.CorruptionException.class);
    }
  }
}
