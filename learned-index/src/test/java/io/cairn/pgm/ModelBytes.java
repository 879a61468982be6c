package io.cairn.pgm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Reads fields of a serialised model straight from its documented layout ({@link PgmFormat}). */
final class ModelBytes {
  private ModelBytes() {}

  static ByteBuffer buffer(byte[] bytes) {
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** The first keys of the segments of {@code level}, as stored. */
  static long[] levelKeys(byte[] bytes, int level) {
    ByteBuffer buffer = buffer(bytes);
    int levels = Short.toUnsignedInt(buffer.getShort(PgmFormat.LEVEL_COUNT_OFFSET));
    int first = 0;
    for (int l = 0; l < level; l++) {
      first += buffer.getInt(PgmFormat.LEVEL_TABLE_OFFSET + 4 * l);
    }
    int count = buffer.getInt(PgmFormat.LEVEL_TABLE_OFFSET + 4 * level);
    long keys = PgmFormat.keysOffset(levels);
    long[] result = new long[count];
    for (int i = 0; i < count; i++) {
      result[i] = buffer.getLong((int) (keys + 8L * (first + i)));
    }
    return result;
  }
}
