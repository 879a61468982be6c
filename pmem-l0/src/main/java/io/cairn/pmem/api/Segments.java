package io.cairn.pmem.api;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Copies a view of pmem (or any memory segment) into a new array: how the pmem layer and the
 * engine copy keys and values out of pmem on their read paths (a region's header, read once at
 * open, still uses {@code toArray}).
 *
 * <p>Why not {@link MemorySegment#toArray(ValueLayout.OfByte)}: in JDK 25 it calls {@link
 * Class#getSimpleName()} on every call (to word an error message it then rarely throws), which
 * reads reflection data; in a profile of YCSB E scans over NVMTables that was 18 % of the scan's
 * CPU samples. A plain allocation and {@link MemorySegment#copy} do the same copy without it.
 *
 * <p>Thread-safety: stateless.
 */
public final class Segments {
  private Segments() {}

  /**
   * A new array holding the bytes of {@code segment}.
   *
   * @throws IllegalArgumentException when the segment is larger than an array can be
   */
  public static byte[] toBytes(MemorySegment segment) {
    long size = segment.byteSize();
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("a segment of " + size + " bytes does not fit in an array");
    }
    byte[] bytes = new byte[(int) size];
    MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, 0, bytes, 0, bytes.length);
    return bytes;
  }
}
