package io.cairn.lsm.internal.sstable;

/**
 * The SSTable file format (LevelDB's table format with a versioned, checksummed footer and a
 * whole-table bloom filter). See {@code docs/formats/sstable.md}.
 *
 * <pre>
 * file    := data block* filter block? metaindex block index block footer
 * each block is followed by a 5-byte trailer:
 *   +------------------------+------------------------------------------------+
 *   | compression: 1         | checksum: 4 (masked CRC32C of stored block     |
 *   |  0 = none, 1 = LZ4     |   bytes followed by the compression byte)      |
 *   +------------------------+------------------------------------------------+
 * an LZ4 block is stored as: varint32 uncompressed length | LZ4 block-format bytes
 *
 * block contents (uncompressed):
 *   entry* restart: 4 x n  restart count n: 4          (little-endian u32s)
 *   entry := varint32 shared | varint32 unshared | varint32 value length
 *            | key bytes [shared, shared + unshared) | value
 *   every restartInterval-th entry has shared = 0 and its offset in the restart array
 *
 * data block:      internal key -> value, in internal-key order
 * index block:     separator internal key -> block handle of a data block (restart interval 1)
 *                  separator >= last key of its block and < first key of the next block
 * metaindex block: meta block name -> block handle ("filter.cairn.bloom.v2")
 * filter block:    bloom bits (m bytes) | probe count: 1       over the table's user keys
 * block handle:    varint64 offset | varint64 size (size excludes the trailer)
 *
 * footer (56 bytes, at the end of the file):
 *   +------------------------------------------------+------------+-----------+----------+
 *   | metaindex handle | index handle | zero padding | version: 4 | crc32c: 4 | magic: 8 |
 *   |<------------------- 40 bytes ----------------->|            |           |          |
 *   +------------------------------------------------+------------+-----------+----------+
 *   crc32c = masked CRC32C of footer bytes [0, 44); all fixed fields little-endian
 * </pre>
 */
public final class TableFormat {
  /** Bytes of a block trailer. */
  public static final int TRAILER_BYTES = 5;
  /** Compression byte: stored as built. */
  public static final int COMPRESSION_NONE = 0;
  /** Compression byte: LZ4 with a varint32 length prefix. */
  public static final int COMPRESSION_LZ4 = 1;
  /** A compressed block is kept only if it is at most this fraction (in eighths) of the original. */
  public static final int COMPRESSION_KEEP_EIGHTHS = 7;

  /** Bytes of the footer. */
  public static final int FOOTER_BYTES = 56;
  /** Bytes of the footer holding the two handles and their zero padding. */
  public static final int FOOTER_HANDLES_BYTES = 40;
  /** Offset of the version in the footer. */
  public static final int FOOTER_VERSION_OFFSET = 40;
  /** Offset of the footer checksum. */
  public static final int FOOTER_CHECKSUM_OFFSET = 44;
  /** Offset of the magic. */
  public static final int FOOTER_MAGIC_OFFSET = 48;
  /** "CairnSST" in ASCII, read as a little-endian u64. */
  public static final long MAGIC = 0x5453536e72696143L;
  /** The format version written and read. */
  public static final int VERSION = 1;

  /**
   * Metaindex name of the bloom filter block: {@link io.cairn.common.BloomFilter}'s hash and
   * layout, shared with NVMTables. (v1, xxHash32 with modulo probing, is no longer written; a
   * table carrying only a v1 filter is read without a filter.)
   */
  public static final String FILTER_NAME = "filter.cairn.bloom.v2";
  /** Bytes of a block's restart count and of each restart offset. */
  public static final int RESTART_BYTES = 4;

  private TableFormat() {}
}
