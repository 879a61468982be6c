package io.cairn.lsm.internal.sstable;

import io.cairn.common.CorruptionException;
import io.cairn.common.Varints;

/**
 * Where a block lies in its table: offset and size (without the trailer), encoded as two
 * varint64s. Immutable.
 */
record BlockHandle(long offset, long size) {
  /** Longest encoding: two 10-byte varints. */
  static final int MAX_ENCODED_BYTES = 2 * Varints.MAX_VARINT64_BYTES;

  /** Encodes at {@code position}; returns the position after it. */
  int encodeTo(byte[] target, int position) {
    position = Varints.putVarint64(target, position, offset);
    return Varints.putVarint64(target, position, size);
  }

  /** This handle's encoding as a new array. */
  byte[] encode() {
    byte[] bytes = new byte[Varints.sizeOf(offset) + Varints.sizeOf(size)];
    encodeTo(bytes, 0);
    return bytes;
  }

  /** Offset just past the handle encoded at {@code position}. */
  static int end(byte[] source, int position, int limit) {
    return Varints.endOfVarint(source, Varints.endOfVarint(source, position, limit), limit);
  }

  /**
   * Decodes a handle at {@code position} and checks it lies inside a file of {@code fileBytes}.
   *
   * @throws CorruptionException naming {@code file} when malformed or out of range
   */
  static BlockHandle decode(byte[] source, int position, int limit, Object file, long fileBytes) {
    long offset;
    long size;
    try {
      offset = Varints.getVarint64(source, position, limit);
      int sizeAt = Varints.endOfVarint(source, position, limit);
      size = Varints.getVarint64(source, sizeAt, limit);
    } catch (CorruptionException e) {
      throw new CorruptionException("corruption in " + file + ": malformed block handle (" + e.getMessage() + ")", e);
    }
    if (offset < 0 || size < 0 || size > Integer.MAX_VALUE - TableFormat.TRAILER_BYTES
        || offset > fileBytes - size - TableFormat.TRAILER_BYTES) {
      throw CorruptionException.at(file, offset,
          "block handle (offset " + offset + ", size " + size + ") outside the file of " + fileBytes + " bytes");
    }
    return new BlockHandle(offset, size);
  }
}
