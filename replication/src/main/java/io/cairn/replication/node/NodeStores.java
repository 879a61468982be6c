package io.cairn.replication.node;

import io.cairn.common.CairnIoException;
import io.cairn.common.InvalidArgumentException;
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
 * <p>The ledger's L0 holds {@value #LEDGER_L0_COMPACTION_TRIGGER} tables before it is merged into L1
 * (session 17; the engine's default is 4): its record-hash index rows are random 33-byte keys, about
 * four fifths of its bytes, so every L0 table overlaps all of L1 and each L0 to L1 compaction
 * rewrites the whole of L1 besides its input; twice the input per compaction halves how often L1 is
 * rewritten. Replayed member ledgers of 6 million records: compaction bytes per record 967 to 595,
 * at about two more bloom-filter probes per index-row lookup of the apply (docs/replication.md,
 * "The ledger database's write amplification (session 17)"). {@code -Dcairn.ledger.l0Trigger=4}
 * gives the engine's default back (for side-by-side runs).
 *
 * <p>With a pmem directory (session 18, docs/replication.md, "A node on pmem (session 18)") each
 * database's L0 and its WAL are on pmem (the engine's default with {@link L0Mode#PMEM}): a synced
 * write, {@code Db.syncWal} and the leader's {@code LogSyncer} then make the log's and the records'
 * writes durable with cache-line flushes and a fence, no {@code fsync}. Each database may hold
 * {@link #PMEM_BUDGET_BYTES} of pmem in its L0 and value Containers ({@code
 * -Dcairn.node.pmemBudgetMiB} sets another), besides its WAL extents.
 *
 * <p>Thread-safety: the databases are thread-safe; {@link #close} once.
 */
record NodeStores(Db log, Db ledger, Db records) {
  /** The three databases, in the order {@link #open} opens them. */
  static final List<String> NAMES = List.of("log", "ledger", "records");

  /**
   * Pmem bytes each database's L0 and value Containers may hold by default (session 18): 1 GiB, a
   * quarter of the engine's default, so that a machine's emulated pmem ({@code /dev/shm}, RAM)
   * holds several local nodes of three databases each; writes stall at it like at the L0 limit, and
   * compaction past it writes values into SSTables instead of keeping them on pmem.
   */
  static final long PMEM_BUDGET_BYTES = 1L << 30;

  /** How a database of the node is opened ({@link Cairn#open} but in tests). */
  @FunctionalInterface
  interface Opener {
    Db open(String name, Path directory, Options options);
  }

  static NodeStores open(NodeConfig config) {
    return open(config.dataDir(), config.pmemDir(), (name, directory, options) -> Cairn.open(directory, options));
  }

  /**
   * The three databases in {@code dataDir}, their L0 and WAL in {@code pmemDir/<name>} when it is
   * not null, each opened by {@code opener}.
   *
   * @throws InvalidArgumentException when {@code pmemDir} is the data directory or one of its databases
   */
  static NodeStores open(Path dataDir, Path pmemDir, Opener opener) {
    checkPlacement(dataDir, pmemDir);
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw CairnIoException.wrap("create the data directory " + dataDir, e);
    }
    List<Db> opened = new ArrayList<>();
    try {
      for (String name : NAMES) {
        opened.add(opener.open(name, dataDir.resolve(name), options(pmemDir, name)));
      }
    } catch (RuntimeException e) {
      opened.forEach(Db::close);
      throw e;
    }
    return new NodeStores(opened.get(0), opened.get(1), opened.get(2));
  }

  /**
   * Refuses a pmem directory that is the data directory or one of its databases' directories: the
   * pmem regions would lie among the engine's files under the same names.
   */
  static void checkPlacement(Path dataDir, Path pmemDir) {
    if (pmemDir == null) {
      return;
    }
    Path data = dataDir.toAbsolutePath().normalize();
    Path pmem = pmemDir.toAbsolutePath().normalize();
    if (pmem.equals(data) || NAMES.stream().anyMatch(name -> pmem.equals(data.resolve(name)))) {
      throw new InvalidArgumentException("pmem.dir " + pmem + " is the data directory (or one of its databases);"
          + " give the pmem L0 a directory of its own, e.g. under /dev/shm");
    }
  }

  /** Pmem bytes each database may hold: {@code cairn.node.pmemBudgetMiB}, by default {@link #PMEM_BUDGET_BYTES}. */
  static long pmemBudgetBytes() {
    String mib = System.getProperty("cairn.node.pmemBudgetMiB");
    return mib == null ? PMEM_BUDGET_BYTES : Long.parseLong(mib.strip()) << 20;
  }

  /** The ledger database's memtable representation: {@code cairn.ledger.memtable}, by default sorted runs. */
  static MemTableRep ledgerMemTable() {
    return MemTableRep.valueOf(System.getProperty("cairn.ledger.memtable", MemTableRep.SORTED_RUNS.name()));
  }

  /** The ledger's L0 compaction trigger by default (session 17). */
  static final int LEDGER_L0_COMPACTION_TRIGGER = 8;

  /** The ledger database's L0 compaction trigger: {@code cairn.ledger.l0Trigger}, by default {@value #LEDGER_L0_COMPACTION_TRIGGER}. */
  static int ledgerL0Trigger() {
    return Integer.getInteger("cairn.ledger.l0Trigger", LEDGER_L0_COMPACTION_TRIGGER);
  }

  /**
   * The ledger's bloom filter bits per key by default (session 19; the engine's default is 10).
   * Every record a member applies asks the ledger whether its hash was anchored before, and an
   * absent hash (nearly all of them) is asked of every L0 table (up to {@link
   * #LEDGER_L0_COMPACTION_TRIGGER} and more) and one table per deeper level. At 10 bits each table
   * lets about 1.3 % of absent keys through to an index seek and a data block read (about 0.1 block
   * reads per record at 8 tables, 12 % of a follower's apply); at 16 bits about 0.15 % (0.012 per
   * record), for 0.75 bytes more filter per index row and about 10 % more CPU in the filter probes
   * themselves (docs/replication.md, "The CPU per record (session 19)"). Tables written before keep
   * their filters.
   */
  static final int LEDGER_BLOOM_BITS_PER_KEY = 16;

  /** The ledger database's bloom bits per key: {@code cairn.ledger.bloomBits}, by default {@value #LEDGER_BLOOM_BITS_PER_KEY}. */
  static int ledgerBloomBitsPerKey() {
    return Integer.getInteger("cairn.ledger.bloomBits", LEDGER_BLOOM_BITS_PER_KEY);
  }

  /** The options database {@code name} opens with. */
  static Options options(Path pmemDir, String name) {
    Options.Builder builder = Options.builder();
    if (pmemDir != null) {
      builder.l0Mode(L0Mode.PMEM).pmemDirectory(pmemDir.resolve(name)).pmemBudgetBytes(pmemBudgetBytes());
    }
    if (name.equals("records")) {
      builder.bloomBitsPerKey(0);
    }
    if (name.equals("ledger")) {
      builder.l0CompactionTrigger(ledgerL0Trigger()).bloomBitsPerKey(ledgerBloomBitsPerKey());
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
