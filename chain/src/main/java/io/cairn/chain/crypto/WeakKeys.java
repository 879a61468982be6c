package io.cairn.chain.crypto;

import java.util.HexFormat;
import java.util.List;

/**
 * The structural checks on a raw 32-byte Ed25519 public key that come before the provider decodes
 * it (RFC 8032 §5.1.3): the encoding must be canonical and the point must not be of small order.
 *
 * <ul>
 *   <li>Canonical: the y coordinate (the low 255 bits, little-endian) is below the field prime
 *       {@code p = 2^255 - 19}, and the sign bit of x is clear when x is 0 (that is, for y = 1 and
 *       y = p - 1). Every point has exactly one canonical encoding, so two different keys are
 *       never the same point.
 *   <li>Not of small order: the eight points whose order divides the cofactor 8 (the identity,
 *       (0, -1), the two points of order 4, the four of order 8). With such a key [k]A is one of
 *       eight points whatever the message, so a "signature" can be forged for any message without
 *       a secret (for the identity, R = identity and S = 0 verifies everything).
 * </ul>
 *
 * <p>Whether y has an x at all (whether the bytes are a curve point) is the provider's check when
 * it decodes the key ({@link Ed25519#decodePublicKey}). Keys of mixed order (a large-order point
 * plus a small-order component) are not detected here.
 *
 * <p>Thread-safety: stateless.
 */
public final class WeakKeys {
  /** The canonical encodings of the eight points of small order. */
  private static final List<byte[]> SMALL_ORDER = List.of(
      hex("0100000000000000000000000000000000000000000000000000000000000000"), // identity, order 1
      hex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"), // (0, -1), order 2
      hex("0000000000000000000000000000000000000000000000000000000000000000"), // order 4
      hex("0000000000000000000000000000000000000000000000000000000000000080"), // order 4
      hex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"), // order 8
      hex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85"), // order 8
      hex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"), // order 8
      hex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa")); // order 8

  private WeakKeys() {}

  /**
   * Null when {@code raw} passes these checks; otherwise what is wrong with it, in a few words.
   */
  public static String weakness(byte[] raw) {
    if (raw == null || raw.length != Ed25519.PUBLIC_KEY_BYTES) {
      return "not " + Ed25519.PUBLIC_KEY_BYTES + " bytes";
    }
    if (!yBelowPrime(raw)) {
      return "non-canonical encoding (y is not below 2^255 - 19)";
    }
    if ((raw[31] & 0x80) != 0 && xIsZero(raw)) {
      return "non-canonical encoding (x is 0 and its sign bit is set)";
    }
    for (byte[] point : SMALL_ORDER) {
      if (java.util.Arrays.equals(point, raw)) {
        return "a point of small order";
      }
    }
    return null;
  }

  /** The canonical encodings of the eight points of small order (copies). */
  public static List<byte[]> smallOrderPoints() {
    return SMALL_ORDER.stream().map(byte[]::clone).toList();
  }

  /** Whether the low 255 bits, little-endian, are below p = 2^255 - 19 (p is ed ff .. ff 7f). */
  private static boolean yBelowPrime(byte[] raw) {
    if ((raw[31] & 0x7f) != 0x7f) {
      return true;
    }
    for (int i = 30; i >= 1; i--) {
      if (raw[i] != (byte) 0xff) {
        return true;
      }
    }
    return (raw[0] & 0xff) < 0xed;
  }

  /** Whether y is 1 or p - 1, the two values of y whose x is 0. */
  private static boolean xIsZero(byte[] raw) {
    boolean one = raw[0] == 1;
    boolean minusOne = raw[0] == (byte) 0xec;
    for (int i = 1; i < 31; i++) {
      one &= raw[i] == 0;
      minusOne &= raw[i] == (byte) 0xff;
    }
    return (one && (raw[31] & 0x7f) == 0) || (minusOne && (raw[31] & 0x7f) == 0x7f);
  }

  private static byte[] hex(String text) {
    return HexFormat.of().parseHex(text);
  }
}
