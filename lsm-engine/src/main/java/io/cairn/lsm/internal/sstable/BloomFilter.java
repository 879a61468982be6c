package io.cairn.lsm.internal.sstable;

import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * The bloom filter of a table over its user keys ({@link TableFormat}, filter block): {@code m}
 * bytes of bits followed by the probe count {@code k}. A key's 32-bit xxHash32 (seed {@value
 * #SEED}) gives the first bit; each further probe adds {@code delta = rotateRight(hash, 17)}
 * (double hashing, as LevelDB does), bit index = unsigned value mod {@code 8m}.
 *
 * <p>With 10 bits per key, {@code k = 6} and about 1% false positives. Thread-safety: stateless
 * (xxHash32 from lz4-java's safe, pure-Java instance).
 */
final class BloomFilter {
  /** Seed of the key hash; part of the format. */
  static final int SEED = 0x2f1c_a3b5;
  /** Probe counts above this are reserved: a reader treats such a filter as "may contain". */
  static final int PROBES_MAX = 30;
  private static final XXHash32 HASH = XXHashFactory.safeInstance().hash32();

  private BloomFilter() {}

  /** The filter hash of a user key. */
  static int hash(byte[] key, int offset, int length) {
    return HASH.hash(key, offset, length, SEED);
  }

  /** Builds a filter over {@code count} key hashes with {@code bitsPerKey} bits per key. */
  static byte[] build(int[] hashes, int count, int bitsPerKey) {
    int probes = Math.clamp(Math.round(bitsPerKey * 0.69f), 1, PROBES_MAX);
    long bits = Math.max(64L, (long) count * bitsPerKey);
    int bytes = (int) Math.min((bits + 7) / 8, Integer.MAX_VALUE - 1);
    bits = bytes * 8L;
    byte[] filter = new byte[bytes + 1];
    for (int i = 0; i < count; i++) {
      int h = hashes[i];
      int delta = Integer.rotateRight(h, 17);
      for (int probe = 0; probe < probes; probe++) {
        long bit = (h & 0xFFFFFFFFL) % bits;
        filter[(int) (bit >>> 3)] |= (byte) (1 << (bit & 7));
        h += delta;
      }
    }
    filter[bytes] = (byte) probes;
    return filter;
  }

  /** Whether the key with {@code hash} may be in the filter {@code filter[offset, +length)}. */
  static boolean mayContain(byte[] filter, int offset, int length, int hash) {
    if (length < 2) {
      return true;
    }
    int probes = filter[offset + length - 1] & 0xFF;
    if (probes > PROBES_MAX || probes == 0) {
      return true;
    }
    long bits = (length - 1) * 8L;
    int h = hash;
    int delta = Integer.rotateRight(h, 17);
    for (int probe = 0; probe < probes; probe++) {
      long bit = (h & 0xFFFFFFFFL) % bits;
      if ((filter[offset + (int) (bit >>> 3)] & (1 << (bit & 7))) == 0) {
        return false;
      }
      h += delta;
    }
    return true;
  }
}
