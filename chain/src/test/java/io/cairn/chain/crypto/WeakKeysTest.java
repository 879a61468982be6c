package io.cairn.chain.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The small-order list of {@link WeakKeys} checked by independent arithmetic: each listed encoding
 * decodes (RFC 8032 §5.1.3, BigInteger, affine coordinates) to a point P with [8]P the identity,
 * the eight are distinct, and every other decodable point of y in a small range is of large order.
 */
class WeakKeysTest {
  private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
  private static final BigInteger D = BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
  private static final BigInteger SQRT_MINUS_ONE = BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P);

  /** An affine point (x, y). */
  private record Point(BigInteger x, BigInteger y) {
    boolean isIdentity() {
      return x.signum() == 0 && y.equals(BigInteger.ONE);
    }
  }

  @Test
  void theEightListedPointsAreExactlyTheSmallOrderOnes() {
    Set<String> seen = new HashSet<>();
    for (byte[] encoding : WeakKeys.smallOrderPoints()) {
      Point point = decode(encoding);
      assertThat(point).as(HexFormat.of().formatHex(encoding)).isNotNull();
      assertThat(times8(point).isIdentity()).as(HexFormat.of().formatHex(encoding)).isTrue();
      assertThat(WeakKeys.weakness(encoding)).isEqualTo("a point of small order");
      seen.add(HexFormat.of().formatHex(encoding));
    }
    assertThat(seen).hasSize(8);
    // Any other point, e.g. those with a small y, is of large order and passes.
    for (int y = 2; y < 40; y++) {
      byte[] encoding = new byte[32];
      encoding[0] = (byte) y;
      Point point = decode(encoding);
      if (point != null) {
        assertThat(times8(point).isIdentity()).isFalse();
        assertThat(WeakKeys.weakness(encoding)).isNull();
      }
    }
  }

  @Test
  void nonCanonicalEncodingsAreNamed() {
    HexFormat hex = HexFormat.of();
    for (String text : new String[] {
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"}) {
      assertThat(WeakKeys.weakness(hex.parseHex(text))).contains("y is not below");
    }
    for (String text : new String[] {
        "0100000000000000000000000000000000000000000000000000000000000080",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"}) {
      assertThat(WeakKeys.weakness(hex.parseHex(text))).contains("sign bit");
    }
    // The largest canonical y, p - 1, with x's sign bit clear, is (0, -1): small order, not non-canonical.
    assertThat(WeakKeys.weakness(hex.parseHex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")))
        .isEqualTo("a point of small order");
    assertThat(WeakKeys.weakness(new byte[31])).contains("32 bytes");
  }

  private static Point decode(byte[] encoding) {
    byte[] bigEndian = new byte[32];
    for (int i = 0; i < 32; i++) {
      bigEndian[i] = encoding[31 - i];
    }
    boolean sign = (bigEndian[0] & 0x80) != 0;
    bigEndian[0] &= 0x7f;
    BigInteger y = new BigInteger(1, bigEndian);
    if (y.compareTo(P) >= 0) {
      return null;
    }
    BigInteger y2 = y.multiply(y).mod(P);
    BigInteger x2 = y2.subtract(BigInteger.ONE).multiply(D.multiply(y2).add(BigInteger.ONE).modInverse(P)).mod(P);
    BigInteger x = x2.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
    if (!x.multiply(x).mod(P).equals(x2)) {
      x = x.multiply(SQRT_MINUS_ONE).mod(P);
    }
    if (!x.multiply(x).mod(P).equals(x2)) {
      return null;
    }
    if (x.signum() == 0 && sign) {
      return null;
    }
    if (x.testBit(0) != sign) {
      x = P.subtract(x);
    }
    return new Point(x, y);
  }

  private static Point add(Point a, Point b) {
    BigInteger product = D.multiply(a.x).multiply(b.x).multiply(a.y).multiply(b.y).mod(P);
    BigInteger x = a.x.multiply(b.y).add(b.x.multiply(a.y)).multiply(BigInteger.ONE.add(product).modInverse(P)).mod(P);
    BigInteger y = a.y.multiply(b.y).add(a.x.multiply(b.x)).multiply(BigInteger.ONE.subtract(product).mod(P).modInverse(P)).mod(P);
    return new Point(x, y);
  }

  private static Point times8(Point point) {
    Point result = point;
    for (int i = 0; i < 3; i++) {
      result = add(result, result);
    }
    return result;
  }
}
