package io.cairn.lsm.api;

/** Where the engine keeps level 0, the tables produced by flushing memtables. */
public enum L0Mode {
  /**
   * L0 as SSTables on the SSD directory: LevelDB's layout and the paper's "before improvement"
   * baseline. A first-class mode: every pmem claim is measured against it.
   */
  SSD,
  /**
   * L0 as NVMTables (+ Container files) on persistent memory, found through per-table PGM models
   * and read in place (the paper's §3.2). Emulated pmem (a mapped file in any directory) where no
   * real pmem is configured.
   */
  PMEM
}
