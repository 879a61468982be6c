package io.cairn.pmem.l0;

/**
 * When the long keys and values of an NVMTable (its Container records) are checked against the
 * CRC32C in their pointers. Everything else in a table (super block, slots, meta blocks, model,
 * filter) is checked when it is opened, whatever this says. Measured costs: {@code
 * docs/nvmtable.md}.
 */
public enum ContainerVerification {
  /**
   * Every record of a table opened from pmem is checked once, at open (one sequential pass over
   * the container: about 0.1 s for 400 MB on DRAM-backed pmem); reads then return views without
   * checking again. A table its builder just wrote is not checked: its bytes are the ones the
   * checksums were computed from, and nothing crossed a power cycle or another process since.
   * The default: reads cost nothing extra, and damage from a crash, from the time the machine
   * was off, or from whoever wrote the files is caught before the table is used.
   */
  ON_OPEN,
  /**
   * No record is read at open; each is checked every time it is read (a long key compared
   * during a search, a long value returned), before its bytes are handed out: about one pass over
   * each value read (measured at about 1 µs per 4 KB value on the development machine, most of
   * it the first touch of the value). Also catches damage that happens while the table is open.
   */
  ON_READ
}
