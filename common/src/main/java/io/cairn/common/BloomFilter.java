package io.cairn.common;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Bloom filters over 32-bit key hashes, shared by every table format that keeps one (NVMTables on
 * pmem, SSTables on SSD), so there is one hash and one filter layout to keep stable.
 *
 * <p><b>Hash</b>: {@link #hash} is MurmurHash3's 32-bit variant (x86_32: 4-byte little-endian
 * blocks, the tail, then the final avalanche) with the fixed seed {@link #SEED}. It is stored
 * implicitly in every filter ever written, so it never changes.
 *
 * <p><b>Filter layout</b> (LevelDB's): {@code m = 8 × (length - 1)} bits, bit {@code i} being bit
 * {@code i % 8} of byte {@code i / 8}, followed by one byte holding the probe count {@code k}.
 * A key with hash {@code h} sets bits {@code (h_j × m) >> 32} for {@code j < k} ({@code h_j}
 * unsigned; a multiply and a shift map it to {@code [0, m)} where LevelDB divides: a lookup
 * probes up to 30 times per table, and a division costs several times a multiply), where
 * {@code h_0 = h} and {@code h_{j+1} = h_j + δ} (32-bit wrap-around), {@code δ = h rotated right
 * by 17}: double hashing, so one 32-bit hash gives all probes. With 10 bits per key {@code k = 7} and under 1%
 * of absent keys pass.
 *
 * <p>Contract of {@link #mayContain}: {@code false} means the key was certainly not added;
 * {@code true} means it may have been. Filters shorter than 2 bytes match nothing; a probe count
 * above {@link #MAX_PROBES} (a layout this reader does not know) matches everything, so a newer
 * writer can never make an old reader miss a key; so does one longer than {@link #MAX_BIT_BYTES}
 * + 1 bytes, which no writer makes.
 *
 * <p>Thread-safety: stateless; filters are plain bytes owned by the caller.
 */
public final class BloomFilter {
  /** The seed of {@link #hash}: part of every stored filter's meaning, never to change. */
  public static final int SEED = 0x5ca1ab1e;
  /** The largest probe count a filter may hold; LevelDB's limit too. */
  public static final int MAX_PROBES = 30;
  /** The largest accepted bits per key; more buys nothing measurable. */
  public static final int MAX_BITS_PER_KEY = 64;
  /** The most bit bytes a filter may have, so that bit numbers fit in an {@code int}. */
  public static final int MAX_BIT_BYTES = Integer.MAX_VALUE / 8;

  private static final int C1 = 0xcc9e2d51;
  private static final int C2 = 0x1b873593;
  private static final VarHandle ARRAY_INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfInt SEGMENT_INT =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private BloomFilter() {}

  /**
   * The 32-bit hash of {@code key[offset, offset + length)} that filters are built from.
   *
   * @throws IndexOutOfBoundsException when the slice is not inside {@code key}
   */
  public static int hash(byte[] key, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, key.length);
    return hash(key, offset, length, SEED);
  }

  /** {@link #hash(byte[], int, int)} of the whole array. */
  public static int hash(byte[] key) {
    return hash(key, 0, key.length, SEED);
  }

  /** {@link #hash(byte[], int, int)} of a segment's bytes (heap, native or mapped): the same value. */
  public static int hash(MemorySegment key) {
    long length = key.byteSize();
    if (length > Integer.MAX_VALUE) {
      throw new InvalidArgumentException("cannot hash a key of " + length + " bytes");
    }
    int h = SEED;
    long blocksEnd = length & ~3L;
    for (long i = 0; i < blocksEnd; i += 4) {
      h = mixBlock(h, key.get(SEGMENT_INT, i));
    }
    int tail = 0;
    for (long i = length - 1; i >= blocksEnd; i--) {
      tail = (tail << 8) | (key.get(ValueLayout.JAVA_BYTE, i) & 0xFF);
    }
    return finish(h, tail, (int) length);
  }

  /** MurmurHash3 x86_32 of a slice with any seed; {@link #hash} fixes the seed. */
  static int hash(byte[] key, int offset, int length, int seed) {
    int h = seed;
    int blocksEnd = offset + (length & ~3);
    for (int i = offset; i < blocksEnd; i += 4) {
      h = mixBlock(h, (int) ARRAY_INT.get(key, i));
    }
    int tail = 0;
    for (int i = offset + length - 1; i >= blocksEnd; i--) {
      tail = (tail << 8) | (key[i] & 0xFF);
    }
    return finish(h, tail, length);
  }

  private static int mixBlock(int h, int block) {
    int k = block * C1;
    k = Integer.rotateLeft(k, 15) * C2;
    h ^= k;
    return Integer.rotateLeft(h, 13) * 5 + 0xe6546b64;
  }

  /** Folds the 0-3 tail bytes (first byte lowest) and the length in, then avalanches. */
  private static int finish(int h, int tail, int length) {
    if ((length & 3) != 0) {
      int k = tail * C1;
      k = Integer.rotateLeft(k, 15) * C2;
      h ^= k;
    }
    h ^= length;
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  /** The probe count a filter with {@code bitsPerKey} bits per key uses: {@code round(bitsPerKey × ln 2)}, in [1, 30]. */
  public static int probesFor(int bitsPerKey) {
    int probes = (int) Math.round(bitsPerKey * 0.69);
    return Math.clamp(probes, 1, MAX_PROBES);
  }

  /** Bytes {@link #build} returns for {@code count} keys at {@code bitsPerKey}, probe byte included. */
  public static int sizeFor(int count, int bitsPerKey) {
    checkArguments(count, bitsPerKey);
    long bits = Math.max(64L, (long) count * bitsPerKey);
    long bitBytes = (bits + 7) / 8;
    if (bitBytes > MAX_BIT_BYTES) {
      throw new InvalidArgumentException("a filter of " + count + " keys at " + bitsPerKey
          + " bits per key exceeds " + MAX_BIT_BYTES + " bytes");
    }
    return (int) bitBytes + 1;
  }

  /**
   * A filter holding {@code hashes[0, count)} (duplicates are harmless) at {@code bitsPerKey} bits
   * per key (at least 64 bits in all), its probe count in the last byte.
   *
   * @throws InvalidArgumentException when {@code count} is negative or above {@code hashes.length},
   *     or {@code bitsPerKey} is outside {@code [1, MAX_BITS_PER_KEY]}
   */
  public static byte[] build(int[] hashes, int count, int bitsPerKey) {
    if (count > hashes.length) {
      throw new InvalidArgumentException("count " + count + " exceeds the " + hashes.length + " hashes given");
    }
    byte[] filter = new byte[sizeFor(count, bitsPerKey)];
    int probes = probesFor(bitsPerKey);
    int bits = (filter.length - 1) * 8;
    filter[filter.length - 1] = (byte) probes;
    for (int i = 0; i < count; i++) {
      int h = hashes[i];
      int delta = Integer.rotateRight(h, 17);
      for (int j = 0; j < probes; j++) {
        int bit = bitOf(h, bits);
        filter[bit >>> 3] |= (byte) (1 << (bit & 7));
        h += delta;
      }
    }
    return filter;
  }

  private static void checkArguments(int count, int bitsPerKey) {
    if (count < 0) {
      throw new InvalidArgumentException("key count must not be negative: " + count);
    }
    if (bitsPerKey < 1 || bitsPerKey > MAX_BITS_PER_KEY) {
      throw new InvalidArgumentException("bits per key must be in [1, " + MAX_BITS_PER_KEY + "]: " + bitsPerKey);
    }
  }

  /** The bit {@code h} (unsigned) selects among {@code bits}: {@code (h × bits) >> 32}. */
  private static int bitOf(int h, int bits) {
    return (int) (((h & 0xFFFF_FFFFL) * bits) >>> 32);
  }

  /** Whether the key with {@code hash} may be in {@code filter} (see the class contract). */
  public static boolean mayContain(byte[] filter, int hash) {
    int length = filter.length;
    if (length < 2) {
      return false;
    }
    if (length - 1 > MAX_BIT_BYTES) {
      return true;
    }
    int probes = filter[length - 1] & 0xFF;
    if (probes > MAX_PROBES) {
      return true;
    }
    int bits = (length - 1) * 8;
    int h = hash;
    int delta = Integer.rotateRight(h, 17);
    for (int j = 0; j < probes; j++) {
      int bit = bitOf(h, bits);
      if ((filter[bit >>> 3] & (1 << (bit & 7))) == 0) {
        return false;
      }
      h += delta;
    }
    return true;
  }

  /** {@link #mayContain(byte[], int)} over a filter read in place (e.g. from a mapped file). */
  public static boolean mayContain(MemorySegment filter, int hash) {
    long length = filter.byteSize();
    if (length < 2) {
      return false;
    }
    if (length - 1 > MAX_BIT_BYTES) {
      return true;
    }
    int probes = filter.get(ValueLayout.JAVA_BYTE, length - 1) & 0xFF;
    if (probes > MAX_PROBES) {
      return true;
    }
    int bits = (int) (length - 1) * 8;
    int h = hash;
    int delta = Integer.rotateRight(h, 17);
    for (int j = 0; j < probes; j++) {
      int bit = bitOf(h, bits);
      if ((filter.get(ValueLayout.JAVA_BYTE, bit >>> 3) & (1 << (bit & 7))) == 0) {
        return false;
      }
      h += delta;
    }
    return true;
  }
}
