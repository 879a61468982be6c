/** The PGM-index over unsigned 64-bit keys: a small, self-contained learned index with a clear error bound. */
module io.cairn.pgm {
  requires transitive io.cairn.common;
}
