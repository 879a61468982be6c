package io.cairn.pmem.l0;

import io.cairn.common.BloomFilter;
import io.cairn.common.InvalidArgumentException;
import io.cairn.pgm.PgmIndex;
import io.cairn.pmem.l0.internal.ContainerFormat;
import io.cairn.pmem.l0.internal.NvmTableFormat;

/**
 * How NVMTables are built: the learned index's error bounds, the inline thresholds, the bloom
 * filter. Readers need none of it (every table records what it was built with).
 *
 * <p>Thread-safety: immutable.
 *
 * @param epsilon ε of the PGM model's bottom level: a lookup reads a window of at most {@code 2ε +
 *     2} slots from pmem. Default {@link #DEFAULT_EPSILON}, chosen by measurement ({@code
 *     docs/nvmtable.md}).
 * @param epsilonRecursive ε of the model's upper levels (default 4)
 * @param inlineKeyBytes keys of at most this many bytes sit in their slot; longer ones go to the
 *     Container. A multiple of 8 in [16, 256]; default 32, the paper's threshold. A caller whose
 *     keys carry a fixed suffix (the engine's 8-byte tag) adds it, so that the paper's threshold
 *     applies to the user key: the engine uses 40, which keeps SHA-256 keys inline.
 * @param inlineValueBytes the same for values; default 32
 * @param bloomBitsPerKey bits of bloom filter per distinct filter hash, in [1, 64]; 0 builds no
 *     filter (every lookup then searches). Default 10 (under 1% false positives).
 * @param formatVersion the NVMTable format version written: 2 (the default) keeps the long keys
 *     and values in the table's own region, written and published once; 1 writes them to a
 *     separate Container region (the format of earlier releases, kept so that tests can make
 *     tables of it; both are read). See {@code docs/formats/nvmtable.md}.
 */
public record NvmTableOptions(
    int epsilon, int epsilonRecursive, int inlineKeyBytes, int inlineValueBytes, int bloomBitsPerKey,
    int formatVersion) {
  /** The default ε; see {@code docs/nvmtable.md} for the measurements behind it. */
  public static final int DEFAULT_EPSILON = 8;
  /** The paper's inline threshold for keys and values. */
  public static final int DEFAULT_INLINE_BYTES = 32;
  /** The format version written by default: 2, one region per table. */
  public static final int CURRENT_FORMAT_VERSION = NvmTableFormat.VERSION;
  /** Default bloom filter bits per key. */
  public static final int DEFAULT_BLOOM_BITS_PER_KEY = 10;

  /** @throws InvalidArgumentException when a field is out of range */
  public NvmTableOptions {
    if (epsilon < 1 || epsilon > PgmIndex.MAX_EPSILON) {
      throw new InvalidArgumentException("epsilon must be in [1, " + PgmIndex.MAX_EPSILON + "]: " + epsilon);
    }
    if (epsilonRecursive < 1 || epsilonRecursive > PgmIndex.MAX_EPSILON) {
      throw new InvalidArgumentException(
          "epsilonRecursive must be in [1, " + PgmIndex.MAX_EPSILON + "]: " + epsilonRecursive);
    }
    checkInline("inlineKeyBytes", inlineKeyBytes);
    checkInline("inlineValueBytes", inlineValueBytes);
    if (bloomBitsPerKey < 0 || bloomBitsPerKey > BloomFilter.MAX_BITS_PER_KEY) {
      throw new InvalidArgumentException(
          "bloomBitsPerKey must be 0 (no filter) or in [1, " + BloomFilter.MAX_BITS_PER_KEY + "]: " + bloomBitsPerKey);
    }
    if (formatVersion != NvmTableFormat.VERSION && formatVersion != NvmTableFormat.VERSION_SEPARATE_CONTAINER) {
      throw new InvalidArgumentException("formatVersion must be " + NvmTableFormat.VERSION_SEPARATE_CONTAINER + " or "
          + NvmTableFormat.VERSION + ": " + formatVersion);
    }
  }

  private static void checkInline(String name, int value) {
    if (value < NvmTableFormat.MIN_INLINE_BYTES || value > NvmTableFormat.MAX_INLINE_BYTES || value % 8 != 0) {
      throw new InvalidArgumentException(name + " must be a multiple of 8 in [" + NvmTableFormat.MIN_INLINE_BYTES
          + ", " + NvmTableFormat.MAX_INLINE_BYTES + "]: " + value);
    }
  }

  /** ε 8 / 4, 32-byte inline keys and values, 10 filter bits per key. */
  public static NvmTableOptions defaults() {
    return new NvmTableOptions(DEFAULT_EPSILON, PgmIndex.DEFAULT_EPSILON_RECURSIVE, DEFAULT_INLINE_BYTES,
        DEFAULT_INLINE_BYTES, DEFAULT_BLOOM_BITS_PER_KEY, CURRENT_FORMAT_VERSION);
  }

  /** The same options with another bottom-level ε. */
  public NvmTableOptions withEpsilon(int newEpsilon) {
    return new NvmTableOptions(newEpsilon, epsilonRecursive, inlineKeyBytes, inlineValueBytes, bloomBitsPerKey, formatVersion);
  }

  /** The same options with another upper-level ε. */
  public NvmTableOptions withEpsilonRecursive(int newEpsilonRecursive) {
    return new NvmTableOptions(epsilon, newEpsilonRecursive, inlineKeyBytes, inlineValueBytes, bloomBitsPerKey, formatVersion);
  }

  /** The same options with another inline key threshold. */
  public NvmTableOptions withInlineKeyBytes(int newInlineKeyBytes) {
    return new NvmTableOptions(epsilon, epsilonRecursive, newInlineKeyBytes, inlineValueBytes, bloomBitsPerKey, formatVersion);
  }

  /** The same options with another inline value threshold. */
  public NvmTableOptions withInlineValueBytes(int newInlineValueBytes) {
    return new NvmTableOptions(epsilon, epsilonRecursive, inlineKeyBytes, newInlineValueBytes, bloomBitsPerKey, formatVersion);
  }

  /** The same options with another bloom filter density (0: none). */
  public NvmTableOptions withBloomBitsPerKey(int newBloomBitsPerKey) {
    return new NvmTableOptions(epsilon, epsilonRecursive, inlineKeyBytes, inlineValueBytes, newBloomBitsPerKey, formatVersion);
  }

  /** The same options writing format version {@code newFormatVersion} (1 or 2). */
  public NvmTableOptions withFormatVersion(int newFormatVersion) {
    return new NvmTableOptions(epsilon, epsilonRecursive, inlineKeyBytes, inlineValueBytes, bloomBitsPerKey,
        newFormatVersion);
  }

  /** Bytes of one entry slot: 16 + inline key bytes + inline value bytes. */
  public int slotBytes() {
    return NvmTableFormat.slotBytes(inlineKeyBytes, inlineValueBytes);
  }

  /**
   * Container bytes an entry with these lengths takes: its key and/or value when longer than the
   * inline thresholds, each rounded up to 8 bytes. A table's container capacity is the sum over
   * its entries (see {@link NvmTableBuilder#create}).
   */
  public long containerBytesFor(long keyLength, long valueLength) {
    long bytes = 0;
    if (keyLength > inlineKeyBytes) {
      bytes += ContainerFormat.recordBytes(keyLength);
    }
    if (valueLength > inlineValueBytes) {
      bytes += ContainerFormat.recordBytes(valueLength);
    }
    return bytes;
  }
}
