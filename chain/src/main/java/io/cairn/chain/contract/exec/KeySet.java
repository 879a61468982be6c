package io.cairn.chain.contract.exec;

import java.util.Arrays;

/**
 * A set of key hashes ({@link KeyTable#hash}) built by one thread and then probed by others: a
 * bitmap of one bit per hash in front of the exact {@link KeyTable}. A {@link Stretch}'s table of
 * the keys later stretches must not touch is probed once per key of every later call, mostly
 * for keys that are not in it; the bitmap (16 to 32 bits per expected key, one bit set per key)
 * answers most of those probes, so a prober pulls a few hundred cache lines of the bitmap from the
 * builder's core rather than one line of the much larger table per probe. A set bit only sends the
 * probe on to the table, so the answer is exact. (Not {@code io.cairn.common.BloomFilter}: that is
 * the tables' stored filter, a canonical byte format over 32-bit key hashes with several probes;
 * one bit per key suffices here because the exact table answers what the bit lets through.)
 *
 * <p>Thread-safety: built by one thread; probed by others after a happens-before edge.
 */
final class KeySet {
  private static final int MIN_BITS_LOG = 12;

  private final KeyTable exact = new KeyTable();
  private long[] bits = new long[1 << (MIN_BITS_LOG - 6)];
  private int shift = 64 - MIN_BITS_LOG;

  /** Empties the set and sizes its bitmap for about {@code expected} keys. */
  void clear(int expected) {
    exact.clear();
    int log = Math.max(MIN_BITS_LOG, 64 - Long.numberOfLeadingZeros(16L * Math.max(1, expected) - 1));
    if (1 << (log - 6) != bits.length) {
      bits = new long[1 << (log - 6)];
    } else {
      Arrays.fill(bits, 0);
    }
    shift = 64 - log;
  }

  void add(long hash) {
    int bit = (int) (hash >>> shift); // the high bits; the table's slot comes from the low ones
    bits[bit >>> 6] |= 1L << bit;
    exact.intern(hash);
  }

  boolean contains(long hash) {
    int bit = (int) (hash >>> shift);
    return (bits[bit >>> 6] & (1L << bit)) != 0 && exact.contains(hash);
  }
}
