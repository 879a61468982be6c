package io.cairn.chain.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.Fixtures;
import io.cairn.chain.TestLedger;
import io.cairn.chain.api.AnchorReceipt;
import io.cairn.chain.api.HashAlgorithm;
import io.cairn.chain.api.Ledger;
import io.cairn.chain.api.LedgerOptions;
import io.cairn.chain.api.VerdictCode;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.DbIterator;
import io.cairn.lsm.api.DbStats;
import io.cairn.lsm.api.ReadOptions;
import io.cairn.lsm.api.Snapshot;
import io.cairn.lsm.api.WriteBatch;
import io.cairn.lsm.api.WriteOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a verification reads from the ledger's database: once a transaction has been checked in
 * full (its first record), every other record of it costs one ledger read, the record-hash index
 * value, whose start of the path leads to the node the first check learnt.
 */
class VerificationReadsTest {
  @TempDir Path directory;

  @Test
  void laterRecordsOfACheckedTransactionCostOneLedgerRead() {
    TestLedger t = TestLedger.create(directory);
    List<AnchorReceipt> receipts = t.node.anchor(Fixtures.records(new SplittableRandom(3), 40, 100),
        HashAlgorithm.SHA_256);
    t.ledger.close();
    CountingDb counting = new CountingDb(t.dbs.ledger);
    Ledger ledger = Ledger.open(counting, LedgerOptions.defaults().withSources(t.records));
    try {
      List<AnchorReceipt> second = receipts.stream().filter(r -> r.position().transactionIndex() == 1).toList();
      assertThat(second).hasSizeGreaterThan(8);
      assertThat(ledger.verify(second.get(0).key()).code()).isEqualTo(VerdictCode.VERIFIED);
      for (AnchorReceipt receipt : second.subList(1, second.size())) {
        int before = counting.gets.get();
        assertThat(ledger.verify(receipt.key()).code()).isEqualTo(VerdictCode.VERIFIED);
        assertThat(counting.gets.get() - before).as("ledger reads for %s", receipt.position()).isEqualTo(1);
      }
    } finally {
      ledger.close();
      t.dbs.close();
    }
  }

  /** A database that counts point reads and passes everything on. */
  private static final class CountingDb implements Db {
    final AtomicInteger gets = new AtomicInteger();
    private final Db db;

    CountingDb(Db db) {
      this.db = db;
    }

    @Override
    public void put(byte[] key, byte[] value, WriteOptions options) {
      db.put(key, value, options);
    }

    @Override
    public void delete(byte[] key, WriteOptions options) {
      db.delete(key, options);
    }

    @Override
    public void write(WriteBatch batch, WriteOptions options) {
      db.write(batch, options);
    }

    @Override
    public byte[] get(byte[] key, ReadOptions options) {
      gets.incrementAndGet();
      return db.get(key, options);
    }

    @Override
    public Snapshot getSnapshot() {
      return db.getSnapshot();
    }

    @Override
    public DbIterator newIterator(ReadOptions options) {
      return db.newIterator(options);
    }

    @Override
    public void compactRange(byte[] begin, byte[] end) {
      db.compactRange(begin, end);
    }

    @Override
    public void replaceAll(io.cairn.lsm.api.SortedPairs pairs) {
      db.replaceAll(pairs);
    }

    @Override
    public String property(String name) {
      return db.property(name);
    }

    @Override
    public DbStats stats() {
      return db.stats();
    }

    @Override
    public void close() {
      db.close();
    }
  }
}
