package io.cairn.chain.contract.exec;

import java.util.Arrays;

/**
 * A set of key hashes ({@link KeyTable#hash}) built by one thread and then probed by others: a
 * bitmap of one to two 64-bit words per expected key, in which each key sets three bits of one
 * word (the word chosen by the hash's high bits, the three bits by its low 18). A {@link
 * Stretch}'s table of the keys later stretches must not touch is added to once per key its calls
 * write, while they run, and probed once per key of every later call, mostly for keys that are not
 * in it; one word per key is one cache line of a bitmap of some tens of KiB (128 KiB for 10,000
 * keys), where an exact hash table of the same keys is half a MiB of scattered lines (the first
 * stretch's inserts into one were 5 % of its JFR samples, session 7).
 *
 * <p>The answer may be a false "contained" (at most about 5 in 10,000 probes of absent keys when
 * the set holds the keys it was sized for), never a false "absent". For the stretches that only
 * defers a call that need not be, as equal 64-bit hashes of different keys do: the result is
 * serial's either way. (Not {@code io.cairn.common.BloomFilter}: that is the tables' stored
 * filter, a canonical byte format over 32-bit key hashes.)
 *
 * <p>Thread-safety: built by one thread; probed by others after a happens-before edge.
 */
final class KeySet {
  private static final int MIN_WORDS_LOG = 6;

  private long[] words = new long[1 << MIN_WORDS_LOG];
  private int shift = 64 - MIN_WORDS_LOG;

  /** Empties the set and sizes its bitmap for about {@code expected} keys (one word per key). */
  void clear(int expected) {
    int log = Math.max(MIN_WORDS_LOG, 64 - Long.numberOfLeadingZeros(Math.max(1, expected) - 1L));
    if (1 << log != words.length) {
      words = new long[1 << log];
    } else {
      Arrays.fill(words, 0);
    }
    shift = 64 - log;
  }

  void add(long hash) {
    words[(int) (hash >>> shift)] |= bits(hash);
  }

  /** Whether {@code hash} was {@link #add}ed; may answer true for one that was not (rarely). */
  boolean contains(long hash) {
    long bits = bits(hash);
    return (words[(int) (hash >>> shift)] & bits) == bits;
  }

  /** The three bits of {@code hash} in its word (from its low 18 bits; the word comes from the high ones). */
  private static long bits(long hash) {
    return 1L << hash | 1L << (hash >>> 6) | 1L << (hash >>> 12);
  }
}
