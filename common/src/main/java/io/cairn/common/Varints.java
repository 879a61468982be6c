package io.cairn.common;

/**
 * LEB128-style unsigned varints (7 bits per byte, low groups first, high bit = "more"), the
 * encoding LevelDB uses for lengths and sequence numbers, plus fixed-width little-endian helpers.
 *
 * <p>Decoders are strict: a varint longer than its type allows, or one that runs past the end of
 * the input, raises {@link CorruptionException} rather than returning a wrong number.
 *
 * <p>Thread-safety: stateless.
 */
public final class Varints {
  /** Longest encoding of a 32-bit varint. */
  public static final int MAX_VARINT32_BYTES = 5;
  /** Longest encoding of a 64-bit varint. */
  public static final int MAX_VARINT64_BYTES = 10;

  private Varints() {}

  /** Bytes {@link #putVarint64} writes for {@code value} (treated as unsigned). */
  public static int sizeOf(long value) {
    int bytes = 1;
    while ((value & ~0x7FL) != 0) {
      value >>>= 7;
      bytes++;
    }
    return bytes;
  }

  /**
   * Writes {@code value} (unsigned) at {@code offset}; returns the offset after it.
   *
   * @throws ArrayIndexOutOfBoundsException when {@code target} is too short
   */
  public static int putVarint64(byte[] target, int offset, long value) {
    while ((value & ~0x7FL) != 0) {
      target[offset++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    target[offset++] = (byte) value;
    return offset;
  }

  /**
   * Reads a varint of at most {@code maxBytes} bytes starting at {@code offset}, stopping at
   * {@code limit}. Returns the value; the number of bytes consumed is {@link #sizeOf} of it only
   * for canonical encodings, so callers that need the end offset use {@link #endOfVarint}.
   *
   * @throws CorruptionException when the varint is truncated at {@code limit} or too long
   */
  public static long getVarint64(byte[] source, int offset, int limit) {
    long result = 0;
    for (int shift = 0, index = offset; shift < 64; shift += 7, index++) {
      if (index >= limit) {
        throw new CorruptionException("truncated varint at offset " + offset);
      }
      byte b = source[index];
      if (shift == 63 && (b & 0xFE) != 0) {
        throw new CorruptionException("varint overflows 64 bits at offset " + offset);
      }
      result |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return result;
      }
    }
    throw new CorruptionException("varint longer than 10 bytes at offset " + offset);
  }

  /**
   * Reads a varint that must fit in 32 unsigned bits.
   *
   * @throws CorruptionException when truncated, too long or above 2^32-1
   */
  public static int getVarint32(byte[] source, int offset, int limit) {
    long value = getVarint64(source, offset, limit);
    if ((value >>> 32) != 0) {
      throw new CorruptionException("varint exceeds 32 bits at offset " + offset);
    }
    return (int) value;
  }

  /** Offset just past the varint that starts at {@code offset} (which must be well formed). */
  public static int endOfVarint(byte[] source, int offset, int limit) {
    int index = offset;
    while (index < limit && source[index] < 0) {
      index++;
    }
    if (index >= limit) {
      throw new CorruptionException("truncated varint at offset " + offset);
    }
    return index + 1;
  }

  /** Writes {@code value} little-endian in 4 bytes at {@code offset}. */
  public static void putFixed32(byte[] target, int offset, int value) {
    target[offset] = (byte) value;
    target[offset + 1] = (byte) (value >>> 8);
    target[offset + 2] = (byte) (value >>> 16);
    target[offset + 3] = (byte) (value >>> 24);
  }

  /** Reads 4 little-endian bytes at {@code offset}. */
  public static int getFixed32(byte[] source, int offset) {
    return (source[offset] & 0xFF)
        | (source[offset + 1] & 0xFF) << 8
        | (source[offset + 2] & 0xFF) << 16
        | (source[offset + 3] & 0xFF) << 24;
  }

  /** Writes {@code value} little-endian in 8 bytes at {@code offset}. */
  public static void putFixed64(byte[] target, int offset, long value) {
    putFixed32(target, offset, (int) value);
    putFixed32(target, offset + 4, (int) (value >>> 32));
  }

  /** Reads 8 little-endian bytes at {@code offset}. */
  public static long getFixed64(byte[] source, int offset) {
    return (getFixed32(source, offset) & 0xFFFFFFFFL) | ((long) getFixed32(source, offset + 4) << 32);
  }
}
