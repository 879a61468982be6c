package io.cairn.pgm.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * A {@link SegmentTable} that reads the segment columns of a serialised model in place (heap,
 * mapped file or persistent memory): nothing but the level table is copied into Java objects.
 * Built only by {@link ModelReader}, after the bytes passed every check.
 *
 * <p>Thread-safety: immutable; as safe for concurrent readers as the memory segment it reads (a
 * segment of a shared, global or automatic arena can be read from any thread). The caller keeps
 * the segment alive for as long as the table is used.
 */
public final class MemorySegmentTable extends SegmentTable {
  static final ValueLayout.OfLong KEY = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  static final ValueLayout.OfDouble SLOPE =
      ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  static final ValueLayout.OfInt INTERCEPT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private final MemorySegment model;
  private final long keysOffset;
  private final long slopesOffset;
  private final long interceptsOffset;

  MemorySegmentTable(
      int keyCount, int epsilon, int epsilonRecursive, int[] levelStarts,
      MemorySegment model, long keysOffset) {
    super(keyCount, epsilon, epsilonRecursive, levelStarts);
    int segments = levelStarts[levelStarts.length - 1];
    this.model = model;
    this.keysOffset = keysOffset;
    this.slopesOffset = keysOffset + (long) Long.BYTES * segments;
    this.interceptsOffset = slopesOffset + (long) Double.BYTES * segments;
  }

  /** The model's bytes (exactly the model, from its header to its checksum). */
  public MemorySegment bytes() {
    return model;
  }

  @Override
  public long key(int segment) {
    return model.get(KEY, keysOffset + (long) segment * Long.BYTES);
  }

  @Override
  public double slope(int segment) {
    return model.get(SLOPE, slopesOffset + (long) segment * Double.BYTES);
  }

  @Override
  public int intercept(int segment) {
    return model.get(INTERCEPT, interceptsOffset + (long) segment * Integer.BYTES);
  }
}
