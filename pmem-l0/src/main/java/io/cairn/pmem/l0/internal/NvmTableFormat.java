package io.cairn.pmem.l0.internal;

import java.nio.charset.StandardCharsets;

/**
 * Byte layout of an NVMTable region, versions 2 and 1 (paper §3.2, Fig 4; prose and field tables
 * in {@code docs/formats/nvmtable.md}). All integers are little-endian; offsets are region offsets
 * (the region file adds its own 256-byte header in front, {@code docs/formats/region.md}).
 *
 * <pre>
 * region offset        bytes          block
 * 0                    256            super block (fields, CRC, commit word on its own cache line)
 * 256                  C - 256        version 2: container records (long keys and values), C =
 *                                     container bytes in use; version 1: none (E = 256, the
 *                                     records are in the separate Container region)
 * E = align64(C)       n × S          entry blocks: slot i at E + i × S, 1024 slots per block
 * M = align64(E+nS)    b × 272        meta blocks, b = ceil(n / 1024): bitmaps + entry block CRC
 * P = align64(M+272b)  model bytes    the PGM model over the slots' model keys (pgm-model.md)
 * F = align64(P+model) filter bytes   the bloom filter over the user keys (may be 0 bytes)
 * align64(F + filter)                 end of the region
 *
 * super block
 *   0   8  magic "CAIRNNVT"                 88   8  model bytes
 *   8   4  format version (2 or 1)          96   8  filter offset F
 *  12   4  super block bytes (256)         104   4  filter bytes (0: no filter)
 *  16   8  table id                        108   4  masked CRC32C of the filter
 *  24   8  container id                    112   8  smallest model key
 *  32   8  container bytes in use          120   8  largest model key
 *  40   4  entry count n (1 .. 2^24)       128   8  total key bytes
 *  44   4  slot bytes S = 16 + K + V       136   8  total value bytes
 *  48   4  inline key bytes K              144   8  region bytes (the table's size)
 *  52   4  inline value bytes V            152  32  reserved, zero
 *  56   8  entries offset E                184   4  masked CRC32C of [0, 184)
 *  64   8  meta blocks offset M            188   4  zero
 *  72   4  meta block count b              192   8  commit word, written last, atomically:
 *  76   4  meta block bytes (272)                     0 = not committed, else
 *  80   8  model offset P                             "NVTC" tag &lt;&lt; 32 | CRC at 184
 *                                          200  56  zero
 *
 * entry slot (S bytes)                    pointer (first 16 bytes of a key or value area)
 *   0   8  model key (unsigned)             0   8  container offset (8-aligned, >= 256;
 *                                                     version 2: an offset in this region)
 *   8   4  key length                       8   4  masked CRC32C of the record's bytes
 *  12   4  value length                    12   4  zero
 *  16   K  key: inline bytes, or pointer
 *  16+K V  value: inline bytes, or pointer (inline iff length &lt;= K resp. V; padding zero)
 *
 * meta block (272 bytes), for entries [1024 j, 1024 j + count)
 *   0 128  key bitmap: bit e (byte e/8, bit e%8) set = entry 1024j+e's key is a pointer
 * 128 128  value bitmap, likewise
 * 256   4  count (1 .. 1024)
 * 260   4  masked CRC32C of the block's count × S slot bytes
 * 264   4  masked CRC32C of [0, 264)
 * 268   4  zero
 * </pre>
 *
 * <p>Thread-safety: constants and pure functions.
 */
public final class NvmTableFormat {
  /** "CAIRNNVT". */
  public static final byte[] MAGIC = "CAIRNNVT".getBytes(StandardCharsets.US_ASCII);
  /**
   * The version written by default: the Container's records live in the table's own region,
   * between the super block and the entry blocks (one region, one publish per table).
   */
  public static final int VERSION = 2;
  /** The first version, still read (and written on request): the records in a separate Container region. */
  public static final int VERSION_SEPARATE_CONTAINER = 1;

  /** Bytes of the super block; the container records (version 2) or the entry blocks (version 1) start here. */
  public static final int SUPER_BLOCK_BYTES = 256;
  /** Super block bytes written before the commit word (fields, CRC, padding). */
  public static final int SUPER_FIELDS_BYTES = 192;

  public static final int MAGIC_OFFSET = 0;
  public static final int VERSION_OFFSET = 8;
  public static final int SUPER_BYTES_OFFSET = 12;
  public static final int TABLE_ID_OFFSET = 16;
  public static final int CONTAINER_ID_OFFSET = 24;
  public static final int CONTAINER_BYTES_OFFSET = 32;
  public static final int ENTRY_COUNT_OFFSET = 40;
  public static final int SLOT_BYTES_OFFSET = 44;
  public static final int INLINE_KEY_OFFSET = 48;
  public static final int INLINE_VALUE_OFFSET = 52;
  public static final int ENTRIES_OFFSET_OFFSET = 56;
  public static final int META_OFFSET_OFFSET = 64;
  public static final int META_COUNT_OFFSET = 72;
  public static final int META_BYTES_OFFSET = 76;
  public static final int MODEL_OFFSET_OFFSET = 80;
  public static final int MODEL_BYTES_OFFSET = 88;
  public static final int FILTER_OFFSET_OFFSET = 96;
  public static final int FILTER_BYTES_OFFSET = 104;
  public static final int FILTER_CRC_OFFSET = 108;
  public static final int SMALLEST_MODEL_KEY_OFFSET = 112;
  public static final int LARGEST_MODEL_KEY_OFFSET = 120;
  public static final int KEY_BYTES_OFFSET = 128;
  public static final int VALUE_BYTES_OFFSET = 136;
  public static final int REGION_BYTES_OFFSET = 144;
  public static final int RESERVED_OFFSET = 152;
  public static final int SUPER_CRC_OFFSET = 184;
  /** The commit word: alone on the super block's fourth cache line. */
  public static final int COMMIT_OFFSET = 192;
  /** High 32 bits of a valid commit word: "NVTC". */
  public static final long COMMIT_TAG = 0x4E565443L;

  /** Entries per entry block, and per meta block bitmap. */
  public static final int BLOCK_ENTRIES = 1024;
  /** Bytes of one meta block. */
  public static final int META_BLOCK_BYTES = 272;
  public static final int META_KEY_BITMAP_OFFSET = 0;
  public static final int META_VALUE_BITMAP_OFFSET = 128;
  public static final int META_COUNT_FIELD = 256;
  public static final int META_ENTRIES_CRC_FIELD = 260;
  public static final int META_CRC_FIELD = 264;

  /** Slot field offsets. */
  public static final int SLOT_MODEL_KEY = 0;
  public static final int SLOT_KEY_LENGTH = 8;
  public static final int SLOT_VALUE_LENGTH = 12;
  public static final int SLOT_KEY_AREA = 16;
  /** Bytes of a pointer: offset, CRC, zero. */
  public static final int POINTER_BYTES = 16;
  public static final int POINTER_CRC = 8;

  /** Most entries one table holds. */
  public static final int MAX_ENTRIES = 1 << 24;
  /** Upper bound of "container bytes in use" (2^46, 64 TiB): keeps every offset sum far from overflow. */
  public static final long MAX_CONTAINER_BYTES = 1L << 46;
  /** Longest key stored. */
  public static final int MAX_KEY_BYTES = 1 << 24;
  /** Longest value stored. */
  public static final int MAX_VALUE_BYTES = 1 << 30;
  /** Smallest and largest inline area (a multiple of 8; at least a pointer). */
  public static final int MIN_INLINE_BYTES = POINTER_BYTES;
  public static final int MAX_INLINE_BYTES = 256;

  private NvmTableFormat() {}

  /** Slot bytes for inline areas of {@code inlineKeyBytes} and {@code inlineValueBytes}. */
  public static int slotBytes(int inlineKeyBytes, int inlineValueBytes) {
    return SLOT_KEY_AREA + inlineKeyBytes + inlineValueBytes;
  }

  /** Number of entry (and meta) blocks for {@code entries} entries. */
  public static int blockCount(int entries) {
    return (entries + BLOCK_ENTRIES - 1) / BLOCK_ENTRIES;
  }

  /** {@code value} rounded up to a multiple of 64 (a cache line). */
  public static long align64(long value) {
    return (value + 63) & ~63L;
  }

  /** The commit word that publishes a super block whose masked CRC field holds {@code superCrc}. */
  public static long commitWord(int superCrc) {
    return COMMIT_TAG << 32 | (superCrc & 0xFFFF_FFFFL);
  }

  /** The table region's name for table {@code id}: {@code 000012.nvt}. */
  public static String tableName(long id) {
    return String.format("%06d.nvt", id);
  }
}
