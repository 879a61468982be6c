package io.cairn.lsm.internal.key;

/** An order over slices of byte arrays (internal keys, or the names of a metaindex block). */
@FunctionalInterface
public interface SliceComparator {
  /** Negative, zero or positive as the left slice sorts before, equal to or after the right. */
  int compare(byte[] left, int leftOffset, int leftLength, byte[] right, int rightOffset, int rightLength);

  /** Unsigned bytewise order. */
  SliceComparator BYTEWISE = (left, leftOffset, leftLength, right, rightOffset, rightLength) ->
      java.util.Arrays.compareUnsigned(left, leftOffset, leftOffset + leftLength, right, rightOffset, rightOffset + rightLength);
}
