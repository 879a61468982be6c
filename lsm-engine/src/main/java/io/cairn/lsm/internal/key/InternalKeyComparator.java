package io.cairn.lsm.internal.key;

import io.cairn.common.CorruptionException;
import io.cairn.common.Varints;

/**
 * The order of internal keys ({@link InternalKeyFormat}): user key ascending by the {@link
 * KeyOrder}, then tag (sequence, type) descending. Thread-safety: immutable.
 */
public final class InternalKeyComparator implements SliceComparator {
  private final KeyOrder userOrder;

  /** The internal order over {@code userOrder}. */
  public InternalKeyComparator(KeyOrder userOrder) {
    this.userOrder = userOrder;
  }

  /** The order of user keys. */
  public KeyOrder userOrder() {
    return userOrder;
  }

  /** Compares two internal key slices (each at least {@link InternalKeyFormat#TAG_BYTES} long). */
  @Override
  public int compare(byte[] left, int leftOffset, int leftLength, byte[] right, int rightOffset, int rightLength) {
    int leftUser = leftLength - InternalKeyFormat.TAG_BYTES;
    int rightUser = rightLength - InternalKeyFormat.TAG_BYTES;
    if ((leftUser | rightUser) < 0) {
      // Only bytes that passed a checksum reach here, so this is a malformed table or a bug.
      throw new CorruptionException("internal key of " + Math.min(leftLength, rightLength) + " bytes is shorter than its tag");
    }
    int byUser = userOrder.compare(left, leftOffset, leftUser, right, rightOffset, rightUser);
    if (byUser != 0) {
      return byUser;
    }
    long leftTag = Varints.getFixed64(left, leftOffset + leftUser);
    long rightTag = Varints.getFixed64(right, rightOffset + rightUser);
    return Long.compareUnsigned(rightTag, leftTag);
  }

  /** Compares two whole internal keys. */
  public int compare(byte[] left, byte[] right) {
    return compare(left, 0, left.length, right, 0, right.length);
  }

  /** Compares the user keys of two internal keys. */
  public int compareUserKeys(byte[] left, int leftOffset, int leftLength, byte[] right, int rightOffset, int rightLength) {
    if (Math.min(leftLength, rightLength) < InternalKeyFormat.TAG_BYTES) {
      throw new CorruptionException("internal key of " + Math.min(leftLength, rightLength) + " bytes is shorter than its tag");
    }
    return userOrder.compare(left, leftOffset, leftLength - InternalKeyFormat.TAG_BYTES,
        right, rightOffset, rightLength - InternalKeyFormat.TAG_BYTES);
  }

  /**
   * A short internal key {@code k} with {@code start <= k < limit}, for an index entry between two
   * blocks: the user key shortened when possible (with the largest tag, so it still sorts after
   * every version of {@code start}'s key), else {@code start} itself.
   */
  public byte[] separator(byte[] start, byte[] limit) {
    int startUser = start.length - InternalKeyFormat.TAG_BYTES;
    byte[] shorter = userOrder.shortestSeparator(start, 0, startUser, limit, 0, limit.length - InternalKeyFormat.TAG_BYTES);
    if (shorter != null && shorter.length < startUser
        && userOrder.compare(start, 0, startUser, shorter, 0, shorter.length) < 0) {
      return InternalKeyFormat.encode(shorter, InternalKeyFormat.MAX_SEQUENCE, InternalKeyFormat.TYPE_FOR_SEEK);
    }
    return start;
  }

  /** A short internal key at or after {@code key}, for the index entry of a table's last block. */
  public byte[] successor(byte[] key) {
    int userLength = key.length - InternalKeyFormat.TAG_BYTES;
    byte[] shorter = userOrder.shortSuccessor(key, 0, userLength);
    if (shorter != null && shorter.length < userLength
        && userOrder.compare(key, 0, userLength, shorter, 0, shorter.length) < 0) {
      return InternalKeyFormat.encode(shorter, InternalKeyFormat.MAX_SEQUENCE, InternalKeyFormat.TYPE_FOR_SEEK);
    }
    return key;
  }
}
