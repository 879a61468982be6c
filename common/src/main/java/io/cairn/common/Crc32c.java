package io.cairn.common;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * CRC32C (Castagnoli) as used by every Cairn format, with LevelDB's masking.
 *
 * <p>A checksum stored next to data that may itself contain checksums is {@linkplain #mask
 * masked}: computing a CRC over a string that embeds its own CRC is weak, so the stored value is
 * rotated and offset. Formats document whether a field holds a masked or a raw value.
 *
 * <p>Thread-safety: stateless; every method may be called from any thread. Uses the JDK's
 * {@link CRC32C}, a HotSpot intrinsic on x86-64 and AArch64.
 */
public final class Crc32c {
  private static final int MASK_DELTA = 0xa282ead8;

  private Crc32c() {}

  /** CRC32C of {@code length} bytes of {@code bytes} from {@code offset}. */
  public static int of(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }

  /** CRC32C of all of {@code bytes}. */
  public static int of(byte[] bytes) {
    return of(bytes, 0, bytes.length);
  }

  /**
   * CRC32C of a memory segment's bytes, read in place (heap, mapped or native). The segment must
   * be at most {@link Integer#MAX_VALUE} bytes; larger ones are checksummed in pieces by callers.
   */
  public static int of(MemorySegment segment) {
    CRC32C crc = new CRC32C();
    crc.update(segment.asByteBuffer());
    return (int) crc.getValue();
  }

  /** CRC32C of the remaining bytes of {@code buffer}; the buffer's position is not moved. */
  public static int of(ByteBuffer buffer) {
    CRC32C crc = new CRC32C();
    crc.update(buffer.duplicate());
    return (int) crc.getValue();
  }

  /** Masks a CRC for storage next to data that may contain CRCs (LevelDB's {@code crc32c::Mask}). */
  public static int mask(int crc) {
    return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
  }

  /** Inverse of {@link #mask}. */
  public static int unmask(int masked) {
    int rotated = masked - MASK_DELTA;
    return (rotated >>> 17) | (rotated << 15);
  }
}
