/**
 * The PGM-index over unsigned 64-bit keys: a small, self-contained learned index with a clear
 * error bound. The API is {@code io.cairn.pgm}; the fitting and storage code in {@code
 * io.cairn.pgm.internal} is not exported.
 */
module io.cairn.pgm {
  requires transitive io.cairn.common;

  exports io.cairn.pgm;
}
