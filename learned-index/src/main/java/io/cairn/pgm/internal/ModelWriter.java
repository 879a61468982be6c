package io.cairn.pgm.internal;

import static io.cairn.pgm.PgmFormat.EPSILON_OFFSET;
import static io.cairn.pgm.PgmFormat.EPSILON_RECURSIVE_OFFSET;
import static io.cairn.pgm.PgmFormat.KEY_COUNT_OFFSET;
import static io.cairn.pgm.PgmFormat.LEVEL_COUNT_OFFSET;
import static io.cairn.pgm.PgmFormat.LEVEL_TABLE_OFFSET;
import static io.cairn.pgm.PgmFormat.MAGIC;
import static io.cairn.pgm.PgmFormat.MAGIC_OFFSET;
import static io.cairn.pgm.PgmFormat.MODEL_BYTES_OFFSET;
import static io.cairn.pgm.PgmFormat.SEGMENT_COUNT_OFFSET;
import static io.cairn.pgm.PgmFormat.VERSION;
import static io.cairn.pgm.PgmFormat.VERSION_OFFSET;

import io.cairn.common.InvalidArgumentException;
import io.cairn.pgm.PgmFormat;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Writes a {@link SegmentTable} in the layout of {@link PgmFormat}, version 1. The output is
 * canonical: the same table always gives the same bytes, padding included.
 *
 * <p>Thread-safety: stateless.
 */
public final class ModelWriter {
  static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private ModelWriter() {}

  /** Bytes {@link #write} needs for {@code table}. */
  public static long sizeOf(SegmentTable table) {
    return PgmFormat.modelBytes(table.levelCount(), table.segmentCount());
  }

  /**
   * Writes {@code table} at offset 0 of {@code target}.
   *
   * @return the number of bytes written, {@link #sizeOf}
   * @throws InvalidArgumentException when {@code target} is smaller than that, or read-only
   */
  public static long write(SegmentTable table, MemorySegment target) {
    long total = sizeOf(table);
    if (target.byteSize() < total || target.isReadOnly()) {
      throw new InvalidArgumentException("a PGM model needs " + total + " writable bytes; the target has "
          + target.byteSize() + (target.isReadOnly() ? " and is read-only" : ""));
    }
    MemorySegment model = target.asSlice(0, total);
    model.fill((byte) 0); // padding is zero, so equal tables give equal bytes
    int levels = table.levelCount();
    int segments = table.segmentCount();
    model.set(U32, MAGIC_OFFSET, MAGIC);
    model.set(U16, VERSION_OFFSET, VERSION);
    model.set(U16, LEVEL_COUNT_OFFSET, (short) levels);
    model.set(U32, EPSILON_OFFSET, table.epsilon());
    model.set(U32, EPSILON_RECURSIVE_OFFSET, table.epsilonRecursive());
    model.set(U32, KEY_COUNT_OFFSET, table.keyCount());
    model.set(U32, SEGMENT_COUNT_OFFSET, segments);
    model.set(U64, MODEL_BYTES_OFFSET, total);
    for (int level = 0; level < levels; level++) {
      int count = table.levelStart(level + 1) - table.levelStart(level);
      model.set(U32, LEVEL_TABLE_OFFSET + 4L * level, count);
    }
    long keys = PgmFormat.keysOffset(levels);
    long slopes = keys + (long) Long.BYTES * segments;
    long intercepts = slopes + (long) Double.BYTES * segments;
    for (int segment = 0; segment < segments; segment++) {
      model.set(MemorySegmentTable.KEY, keys + (long) Long.BYTES * segment, table.key(segment));
      model.set(MemorySegmentTable.SLOPE, slopes + (long) Double.BYTES * segment, table.slope(segment));
      model.set(MemorySegmentTable.INTERCEPT, intercepts + (long) Integer.BYTES * segment,
          table.intercept(segment));
    }
    long crcOffset = total - PgmFormat.CRC_BYTES;
    model.set(U32, crcOffset, ModelChecksum.of(model, crcOffset));
    return total;
  }
}
