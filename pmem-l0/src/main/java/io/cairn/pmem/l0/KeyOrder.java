package io.cairn.pmem.l0;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The order of the keys in an NVMTable. Keys are opaque bytes to this module: the caller (the
 * engine, with its internal keys "user key + sequence + type") supplies the order, and gives each
 * key a <em>model key</em> that must never decrease along it (see {@link NvmTableBuilder#add}).
 *
 * <p>Keys are compared as {@link MemorySegment}s so that a key read in place from persistent
 * memory is compared without a copy; either side may be heap, native or mapped memory, and both
 * are read-only to the order.
 *
 * <p>Implementations must be thread-safe, stateless and consistent forever: a table stays sorted
 * by the order it was built with, and must be read with the same one.
 */
@FunctionalInterface
public interface KeyOrder {
  /** Bytewise (memcmp, unsigned) order, shorter first on a common prefix: the default. */
  KeyOrder BYTEWISE = KeyOrder::compareBytewise;

  /** Negative, zero or positive as {@code left} sorts before, equal to or after {@code right}. */
  int compare(MemorySegment left, MemorySegment right);

  /**
   * {@link #compare(MemorySegment, MemorySegment)} of {@code left[leftOffset, +leftLength)} and
   * {@code right[rightOffset, +rightLength)}: for callers whose keys are array ranges (a flush from
   * the memtable), which an order may compare without making segments.
   */
  default int compare(byte[] left, int leftOffset, int leftLength, byte[] right, int rightOffset, int rightLength) {
    return compare(MemorySegment.ofArray(left).asSlice(leftOffset, leftLength),
        MemorySegment.ofArray(right).asSlice(rightOffset, rightLength));
  }

  /** memcmp order of two segments (the {@link #BYTEWISE} order). */
  static int compareBytewise(MemorySegment left, MemorySegment right) {
    long at = left.mismatch(right);
    if (at < 0) {
      return 0;
    }
    if (at == left.byteSize()) {
      return -1;
    }
    if (at == right.byteSize()) {
      return 1;
    }
    return Byte.toUnsignedInt(left.get(ValueLayout.JAVA_BYTE, at))
        - Byte.toUnsignedInt(right.get(ValueLayout.JAVA_BYTE, at));
  }
}
