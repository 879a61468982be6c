package io.cairn.lsm.api;

/**
 * How a database's memtables hold their entries ({@link Options#memTableRep()}; RocksDB's memtable
 * factory). Every representation keeps every engine contract (snapshots and sequence numbers,
 * merged sorted iterators, multiGet, deletes, recovery from the WAL, flush to either L0); they
 * differ in what a write and a read cost. See {@code docs/engine.md}, "The sorted-runs memtable
 * (session 16)".
 */
public enum MemTableRep {
  /**
   * A concurrent skiplist (LevelDB's), the default: a write of one key costs a walk of about
   * log(n) nodes (in a 64 MiB memtable of random keys about 14 cache misses); a read the same.
   */
  SKIPLIST,
  /**
   * A small in-memory LSM of sorted arrays: a write batch's entries are sorted into a run of their
   * own and the newest runs are merged sequentially (sizes falling by 2x), so a write costs a sort
   * and a few sequential copies instead of a walk; a read of a present key binary-searches up to
   * log2(n / batch) runs, newest first (the memtable's filter still answers absent keys). For
   * databases written in large batches of random keys (the ledger's record-hash index rows); a
   * workload of one-key writes pays about log2(n) copies per entry and many runs per read.
   */
  SORTED_RUNS
}
