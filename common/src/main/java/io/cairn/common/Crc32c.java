package io.cairn.common;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
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
  /** Bytes checksummed per byte-buffer view (a buffer holds at most 2 GiB). */
  private static final long CHUNK_BYTES = 1L << 30;
  /** Staging buffer for heap segments without a byte view. */
  private static final int COPY_BYTES = 1 << 16;

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
   * CRC32C of a memory segment's bytes, read in place when it is native, mapped or over a
   * {@code byte[]}; a heap segment over another array type (e.g. {@code long[]}) has no byte view
   * and is copied through a small buffer. Any size.
   */
  public static int of(MemorySegment segment) {
    CRC32C crc = new CRC32C();
    long length = segment.byteSize();
    if (!segment.isNative() && segment.heapBase().filter(byte[].class::isInstance).isEmpty()) {
      byte[] buffer = new byte[(int) Math.min(COPY_BYTES, length)];
      for (long done = 0; done < length; done += buffer.length) {
        int chunk = (int) Math.min(buffer.length, length - done);
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, done, buffer, 0, chunk);
        crc.update(buffer, 0, chunk);
      }
      return (int) crc.getValue();
    }
    for (long done = 0; done < length; done += CHUNK_BYTES) {
      crc.update(segment.asSlice(done, Math.min(CHUNK_BYTES, length - done)).asByteBuffer());
    }
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
