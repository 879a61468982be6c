/**
 * The PGM learned index over unsigned 64-bit keys: {@link io.cairn.pgm.PgmIndex} (build, search,
 * rank, serialise, read in place), its streaming {@link io.cairn.pgm.PgmBuilder}, and the
 * serialised layout {@link io.cairn.pgm.PgmFormat}. See {@code docs/learned-index.md}.
 */
package io.cairn.pgm;
