package io.cairn.common;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Bytewise (unsigned, lexicographic) order of byte strings, the default key order of the engine,
 * and the 8-byte big-endian key prefix the learned index is trained on.
 *
 * <p>Thread-safety: stateless.
 */
public final class UnsignedBytes {
  /** Orders byte arrays as unsigned bytes, shorter first on a common prefix (memcmp order). */
  public static final Comparator<byte[]> COMPARATOR = UnsignedBytes::compare;

  private UnsignedBytes() {}

  /** memcmp order of two whole arrays. */
  public static int compare(byte[] left, byte[] right) {
    return Arrays.compareUnsigned(left, right);
  }

  /** memcmp order of two slices. */
  public static int compare(
      byte[] left, int leftFrom, int leftTo, byte[] right, int rightFrom, int rightTo) {
    return Arrays.compareUnsigned(left, leftFrom, leftTo, right, rightFrom, rightTo);
  }

  /**
   * The first 8 bytes of {@code key} as a big-endian unsigned 64-bit value, zero-padded on the
   * right when the key is shorter. Compared with {@link Long#compareUnsigned}, these prefixes are
   * in the same order as the keys themselves (equal prefixes are possible for distinct keys).
   */
  public static long prefix64(byte[] key, int offset, int length) {
    long value = 0;
    int take = Math.min(8, length);
    for (int i = 0; i < take; i++) {
      value |= (long) (key[offset + i] & 0xFF) << (56 - 8 * i);
    }
    return value;
  }

  /** {@link #prefix64(byte[], int, int)} over the whole array. */
  public static long prefix64(byte[] key) {
    return prefix64(key, 0, key.length);
  }
}
