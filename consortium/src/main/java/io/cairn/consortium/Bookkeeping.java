package io.cairn.consortium;

/**
 * Who gets the bookkeeping right (proposes the block) for a period. {@link #ROUND_ROBIN} (the
 * default): HQ number {@code period mod n}. {@link #PROOF_OF_WORK}: the paper's option: the first
 * HQ to find x with SHA-256(header with x) below the target, i.e. with at least {@code difficulty}
 * leading zero bits, proposes. It burns CPU for nothing a permissioned chain needs; it is here
 * because seed 004 describes it.
 */
public enum Bookkeeping {
  ROUND_ROBIN,
  PROOF_OF_WORK;

  /** Leading zero bits of {@code hash}. */
  static int leadingZeroBits(byte[] hash) {
    int bits = 0;
    for (byte b : hash) {
      if (b == 0) {
        bits += 8;
        continue;
      }
      return bits + Integer.numberOfLeadingZeros(b & 0xff) - 24;
    }
    return bits;
  }
}
