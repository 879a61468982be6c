package io.cairn.chain;

import io.cairn.chain.api.Admission;
import io.cairn.chain.api.Genesis;
import io.cairn.chain.api.Identity;
import io.cairn.chain.api.Ledger;
import io.cairn.chain.api.LedgerNode;
import io.cairn.chain.api.LedgerOptions;
import io.cairn.chain.api.RecordStore;
import io.cairn.chain.api.Role;
import io.cairn.lsm.api.WriteOptions;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A ledger on the real engine (two databases under one directory: ledger and records) with a
 * genesis and three identities: {@code member} (SUBMIT + PROPOSE, organisation "acme"), {@code
 * submitter} (SUBMIT only, "beta") and {@code outsider} (never admitted). The clock starts at
 * {@link Fixtures#T0} and moves only when a test moves it. Close it to close the databases.
 */
public final class TestLedger implements AutoCloseable {
  public final Identity regulator = Fixtures.identity(1);
  public final Identity member = Fixtures.identity(7);
  public final Identity submitter = Fixtures.identity(8);
  public final Identity outsider = Fixtures.identity(9);
  public final AtomicLong clock = new AtomicLong(Fixtures.T0);
  public final Genesis genesis = Genesis.create("test-chain", regulator.key(), Fixtures.T0);
  public final EngineDbs dbs;
  public final RecordStore records;
  public final Ledger ledger;
  public final LedgerNode node;

  /** A new, initialised ledger in {@code directory}. */
  public static TestLedger create(Path directory) {
    return new TestLedger(EngineDbs.open(directory), true);
  }

  private TestLedger(EngineDbs dbs, boolean initialize) {
    this.dbs = dbs;
    this.records = new RecordStore(RecordStore.DEFAULT_NAME, dbs.records, WriteOptions.SYNC);
    this.ledger = Ledger.open(dbs.ledger, LedgerOptions.defaults().withSources(records));
    if (initialize) {
      ledger.apply(genesis);
      ledger.apply(Admission.issue(regulator, member.key(), "acme", EnumSet.of(Role.SUBMIT, Role.PROPOSE), Fixtures.T0));
      ledger.apply(Admission.issue(regulator, submitter.key(), "beta", EnumSet.of(Role.SUBMIT), Fixtures.T0));
    }
    this.node = new LedgerNode(member, ledger, records, clock::get, 16);
  }

  /** Closes the databases and opens the ledger again over them, as after a restart. */
  public TestLedger reopen() {
    ledger.close();
    return new TestLedger(dbs.reopen(), false);
  }

  @Override
  public void close() {
    ledger.close();
    dbs.close();
  }
}
