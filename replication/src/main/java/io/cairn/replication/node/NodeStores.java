package io.cairn.replication.node;

import io.cairn.common.CairnIoException;
import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.L0Mode;
import io.cairn.lsm.api.MemTableRep;
import io.cairn.lsm.api.Options;
import io.cairn.replication.api.NodeConfig;
import io.cairn.replication.api.StoreStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A node's three engine databases under its data directory: {@code log} (KRaft's log, hard state
 * and snapshot), {@code ledger} (the ledger) and {@code records} (the off-chain records this node
 * owns). With a pmem directory each puts its L0 on pmem, in its own subdirectory of it.
 *
 * <p>The record store keeps no bloom filters (session 16): its keys are sequence numbers ({@code
 * RecordStore.sequential}), so its tables never overlap and a read asks the one table whose key
 * range holds the key; a filter would only answer a question the range check already answered,
 * and building it cost the flush about a fifth of its CPU per record (docs/replication.md,
 * "Background work per record (session 16)"). Tables written before keep theirs.
 *
 * <p>The ledger's memtables are sorted runs ({@link MemTableRep#SORTED_RUNS}, session 16): each
 * applied run of blocks writes its record-hash index rows (random 33-byte keys) as one batch, which
 * a skiplist pays for with a walk of cache misses per row. {@code -Dcairn.ledger.memtable=SKIPLIST}
 * gives it the skiplist again (for side-by-side runs); the log and the records keep the skiplist.
 *
 * <p>Thread-safety: the databases are thread-safe; {@link #close} once.
 */
record NodeStores(Db log, Db ledger, Db records) {
  static NodeStores open(NodeConfig config) {
    try {
      Files.createDirectories(config.dataDir());
    } catch (IOException e) {
      throw CairnIoException.wrap("create the data directory " + config.dataDir(), e);
    }
    List<Db> opened = new ArrayList<>();
    try {
      for (String name : List.of("log", "ledger", "records")) {
        opened.add(Cairn.open(config.dataDir().resolve(name), options(config.pmemDir(), name)));
      }
    } catch (RuntimeException e) {
      opened.forEach(Db::close);
      throw e;
    }
    return new NodeStores(opened.get(0), opened.get(1), opened.get(2));
  }

  /** The ledger database's memtable representation: {@code cairn.ledger.memtable}, by default sorted runs. */
  static MemTableRep ledgerMemTable() {
    return MemTableRep.valueOf(System.getProperty("cairn.ledger.memtable", MemTableRep.SORTED_RUNS.name()));
  }

  /** The options database {@code name} opens with. */
  static Options options(Path pmemDir, String name) {
    Options.Builder builder = Options.builder();
    if (pmemDir != null) {
      builder.l0Mode(L0Mode.PMEM).pmemDirectory(pmemDir.resolve(name));
    }
    if (name.equals("records")) {
      builder.bloomBitsPerKey(0);
    }
    return builder.memTableRep(name.equals("ledger") ? ledgerMemTable() : MemTableRep.SKIPLIST).build();
  }

  /** The counters of the three databases, read now, with the options each was opened with. */
  List<StoreStats> stats(NodeConfig config) {
    return List.of(new StoreStats("log", log.stats(), options(config.pmemDir(), "log")),
        new StoreStats("ledger", ledger.stats(), options(config.pmemDir(), "ledger")),
        new StoreStats("records", records.stats(), options(config.pmemDir(), "records")));
  }

  /** Closes the three databases (each syncs its WAL). */
  void close() {
    try {
      records.close();
    } finally {
      try {
        ledger.close();
      } finally {
        log.close();
      }
    }
  }
}
