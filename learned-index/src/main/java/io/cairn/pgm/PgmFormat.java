package io.cairn.pgm;

/**
 * The serialised PGM model, version 1: constants and offsets. The prose description of every field
 * is {@code docs/formats/pgm-model.md}.
 *
 * <p>All integers are little-endian. {@code L} is the level count, {@code S} the segment count of
 * all levels together, {@code K} the offset of the key column. Offsets are from the start of the
 * model; the columns are 8-byte aligned relative to it, so a model placed at an 8-byte aligned
 * address reads with aligned loads (any placement works).
 *
 * <pre>
 * offset        bytes  field
 * 0             4      magic 0x4D475043 (the bytes "CPGM")
 * 4             2      format version, 1
 * 6             2      level count L, 1..32
 * 8             4      epsilon of the bottom level, 1..2^20
 * 12            4      epsilon of the upper levels, 1..2^20
 * 16            4      key count n, 0..2^30
 * 20            4      segment count S = sum of the per-level counts
 * 24            8      model bytes T, this whole structure including the checksum
 * 32            4*L    segments per level, bottom level first; the top level has 1
 * 32+4L         0|4    zero padding up to K = align8(32 + 4L)
 * K             8*S    first key of each segment (unsigned), levels concatenated bottom first
 * K+8S          8*S    slope of each segment, IEEE 754 binary64
 * K+16S         4*S    intercept of each segment, signed int32
 * K+20S         0|4    zero padding so that T is a multiple of 8
 * T-4           4      CRC32C of bytes [0, T-4), masked (Crc32c.mask)
 *
 * T = align8(K + 20S + 4)
 * </pre>
 *
 * <p>A segment answers for the keys from its first key up to the next segment's first key minus 1
 * (the last one of a level up to 2^64-1); every level's first key is 0, and every first key of an
 * upper level is also a first key of the level below. For a key {@code k} of segment {@code i},
 * {@code p = floor(intercept[i] + slope[i] * (k - key[i]))} (the difference taken unsigned),
 * clamped to the valid answers, predicts the answer within {@code [p - ε, p + ε + 1]}: at the
 * bottom level the position of the first key {@code >= k}, above it the segment of the level below
 * that holds {@code k}.
 *
 * <p>Readers check the magic, version, every count and bound above, the padding, the checksum and
 * the structural rules (increasing first keys, nested levels, finite slopes, intercepts in range)
 * before answering anything; any failure is a {@link io.cairn.common.CorruptionException}.
 */
public final class PgmFormat {
  /** The first four bytes, "CPGM", read as a little-endian int. */
  public static final int MAGIC = 0x4D47_5043;
  /** The only version this code writes and reads. */
  public static final short VERSION = 1;

  /** Offset of {@link #MAGIC} (u32). */
  public static final int MAGIC_OFFSET = 0;
  /** Offset of the format version (u16). */
  public static final int VERSION_OFFSET = 4;
  /** Offset of the level count (u16). */
  public static final int LEVEL_COUNT_OFFSET = 6;
  /** Offset of the bottom level's epsilon (u32). */
  public static final int EPSILON_OFFSET = 8;
  /** Offset of the upper levels' epsilon (u32). */
  public static final int EPSILON_RECURSIVE_OFFSET = 12;
  /** Offset of the key count (u32). */
  public static final int KEY_COUNT_OFFSET = 16;
  /** Offset of the segment count (u32). */
  public static final int SEGMENT_COUNT_OFFSET = 20;
  /** Offset of the total model size in bytes (u64). */
  public static final int MODEL_BYTES_OFFSET = 24;
  /** Offset of the per-level segment counts (u32 each), which end the fixed header. */
  public static final int LEVEL_TABLE_OFFSET = 32;

  /** Bytes per segment over the three columns: key 8, slope 8, intercept 4. */
  public static final int SEGMENT_BYTES = 20;
  /** Bytes of the trailing checksum. */
  public static final int CRC_BYTES = 4;
  /** Most levels a model may have (a model over 2^30 keys with ε = 1 needs about 20). */
  public static final int MAX_LEVELS = 32;

  private PgmFormat() {}

  /** Offset K of the key column in a model of {@code levelCount} levels. */
  public static long keysOffset(int levelCount) {
    return align8(LEVEL_TABLE_OFFSET + 4L * levelCount);
  }

  /** Total bytes T of a model of {@code levelCount} levels and {@code segmentCount} segments. */
  public static long modelBytes(int levelCount, long segmentCount) {
    return align8(keysOffset(levelCount) + SEGMENT_BYTES * segmentCount + CRC_BYTES);
  }

  private static long align8(long offset) {
    return (offset + 7) & ~7L;
  }
}
