package io.cairn.chain;

import io.cairn.chain.api.Admission;
import io.cairn.chain.api.Genesis;
import io.cairn.chain.api.Identity;
import io.cairn.chain.api.Ledger;
import io.cairn.chain.api.LedgerNode;
import io.cairn.chain.api.LedgerOptions;
import io.cairn.chain.api.RecordStore;
import io.cairn.chain.api.Role;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.WriteOptions;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A ledger with a genesis and three members, over two databases (ledger and records): {@code
 * member} (SUBMIT + PROPOSE, organisation "acme"), {@code submitter} (SUBMIT only, "beta") and
 * {@code outsider} (never admitted). The clock starts at {@link Fixtures#T0} and moves only when a
 * test moves it.
 */
public final class TestLedger {
  public final Identity regulator = Fixtures.identity(1);
  public final Identity member = Fixtures.identity(7);
  public final Identity submitter = Fixtures.identity(8);
  public final Identity outsider = Fixtures.identity(9);
  public final AtomicLong clock = new AtomicLong(Fixtures.T0);
  public final Db ledgerDb;
  public final Db recordsDb;
  public final RecordStore records;
  public final Ledger ledger;
  public final LedgerNode node;
  public final Genesis genesis = Genesis.create("test-chain", regulator.key(), Fixtures.T0);

  /** A new ledger, initialised, on fresh in-memory databases. */
  public TestLedger() {
    this(new MemoryDb(), new MemoryDb(), true);
  }

  /** The ledger in {@code ledgerDb}; genesis and admissions are applied when {@code initialize}. */
  public TestLedger(Db ledgerDb, Db recordsDb, boolean initialize) {
    this.ledgerDb = ledgerDb;
    this.recordsDb = recordsDb;
    this.records = new RecordStore(RecordStore.DEFAULT_NAME, recordsDb, WriteOptions.SYNC);
    this.ledger = Ledger.open(ledgerDb, LedgerOptions.defaults().withSources(records));
    if (initialize) {
      ledger.apply(genesis);
      ledger.apply(Admission.issue(regulator, member.key(), "acme", EnumSet.of(Role.SUBMIT, Role.PROPOSE), Fixtures.T0));
      ledger.apply(Admission.issue(regulator, submitter.key(), "beta", EnumSet.of(Role.SUBMIT), Fixtures.T0));
    }
    this.node = new LedgerNode(member, ledger, records, clock::get, 16);
  }

  /** A ledger over the same databases, as after a restart. */
  public TestLedger reopen() {
    return new TestLedger(ledgerDb, recordsDb, false);
  }
}
