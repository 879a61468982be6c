package io.cairn.lsm.internal.memtable;

import io.cairn.common.BloomFilter;

/**
 * A blocked bloom filter over the user keys of one memtable, so that a lookup of a key the
 * memtable does not hold (the usual case: most reads are answered by a table, and a ledger asks
 * "anchored before?" of keys that are almost always new) costs one hash and one cache line instead
 * of a skiplist search of up to {@code writeBufferBytes} of entries.
 *
 * <p><b>Contract</b>: after {@link #add}{@code (h)}, {@link #mayContain}{@code (h)} is true (no
 * false negatives); for a hash never added it is false except by chance (about 1 % at the
 * smallest budget, 9 bits per key, far less for ledger-sized entries). Hashes are {@link
 * BloomFilter#hash} of the user key, the one table filters use, so a lookup hashes its key once
 * for the memtables and every table it asks.
 *
 * <p><b>Layout</b> (memory only, never stored): {@code blocks} blocks of 512 bits (one cache line),
 * 16 ints each. A hash picks its block with a multiply-shift of its unsigned value and sets {@link
 * #PROBES} bits inside that block, 9 bits per probe taken from a remix of the hash. One block per
 * key costs a little more space than a plain bloom filter at the same false-positive rate and
 * saves {@code PROBES - 1} cache misses per lookup.
 *
 * <p><b>Size</b>: one bit per {@link #BUFFER_BYTES_PER_BIT} bytes of the memtable's write budget.
 * Every entry costs at least 73 accounted bytes (64 of node overhead, a key of at least one byte,
 * the 8-byte tag), so a full memtable never holds more than one key per 9 bits; a 64 MiB budget
 * gives a 1 MiB filter.
 *
 * <p>Thread-safety: LevelDB's memtable contract: {@link #add} by one writer at a time, {@link
 * #mayContain} from any thread. Words are {@code int}s, read and written whole (the JLS makes
 * them atomic); a bit a reader must see belongs to an entry its sequence number covers, added
 * before that sequence was published (and before the entry was linked into the skiplist), so the
 * publication that lets the reader see the entry orders the bit before it.
 */
final class MemTableFilter {
  /** Bytes of write budget per filter bit. */
  static final int BUFFER_BYTES_PER_BIT = 8;
  /** Bits set (and tested) per key, all in one block. */
  static final int PROBES = 6;
  private static final int BLOCK_INTS = 16;
  private static final int BLOCK_BITS = BLOCK_INTS * 32;
  /** The most blocks a filter gets: 16 MiB of bits, the budget of a 1 GiB memtable. */
  private static final int MAX_BLOCKS = 1 << 18;

  private final int[] words;
  private final int blocks;

  private MemTableFilter(int blocks) {
    assert blocks >= 1 && blocks <= MAX_BLOCKS : "blocks " + blocks;
    this.blocks = blocks;
    this.words = new int[blocks * BLOCK_INTS];
  }

  /** A filter sized for a memtable that is switched once it accounts {@code writeBufferBytes}. */
  static MemTableFilter forWriteBuffer(long writeBufferBytes) {
    long bits = Math.max(1, writeBufferBytes) / BUFFER_BYTES_PER_BIT;
    return new MemTableFilter((int) Math.clamp((bits + BLOCK_BITS - 1) / BLOCK_BITS, 1, MAX_BLOCKS));
  }

  /** Bytes of bits held. */
  long bytes() {
    return (long) words.length * Integer.BYTES;
  }

  /** Records a key with {@code hash}. Single writer. */
  void add(int hash) {
    int base = blockOf(hash) * BLOCK_INTS;
    long bits = remix(hash);
    for (int j = 0; j < PROBES; j++) {
      int bit = (int) (bits & (BLOCK_BITS - 1));
      words[base + (bit >>> 5)] |= 1 << bit;
      bits >>>= 9;
    }
  }

  /** Whether a key with {@code hash} may have been added (see the class contract). */
  boolean mayContain(int hash) {
    int base = blockOf(hash) * BLOCK_INTS;
    long bits = remix(hash);
    for (int j = 0; j < PROBES; j++) {
      int bit = (int) (bits & (BLOCK_BITS - 1));
      if ((words[base + (bit >>> 5)] & (1 << bit)) == 0) {
        return false;
      }
      bits >>>= 9;
    }
    return true;
  }

  private int blockOf(int hash) {
    return (int) (((hash & 0xFFFF_FFFFL) * blocks) >>> 32);
  }

  /**
   * 54 bits for the probes, independent of the block choice (which uses the hash's high bits
   * through the multiply): a 64-bit finaliser (SplitMix64's) of the hash with a fixed odd constant
   * mixed in.
   */
  private static long remix(int hash) {
    long z = (hash & 0xFFFF_FFFFL) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
