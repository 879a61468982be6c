package io.cairn.pgm.internal;

/**
 * Exact arithmetic on the quantities the PLA fit compares: slopes of vectors whose x-extent is an
 * unsigned 64-bit key difference and whose y-extent is a signed position difference.
 *
 * <p>Why exact: the convex-hull method decides, point by point, whether a new point narrows or
 * breaks the set of feasible lines. Doing that in floating point with keys near 2^64 would lose the
 * low bits of the keys and could accept a point that no line fits. Two slopes {@code dy1/dx1} and
 * {@code dy2/dx2} are compared through the sign of {@code dy1*dx2 - dy2*dx1}, each product taken in
 * 128 bits ({@link Math#unsignedMultiplyHigh} for the high word), so no rounding happens at all.
 *
 * <p>Thread-safety: stateless.
 */
public final class WideArithmetic {
  private WideArithmetic() {}

  /**
   * The sign of {@code dy1/dx1 - dy2/dx2}: negative, zero or positive.
   *
   * @param dy1 signed rise of the first vector, {@code |dy1| < 2^62}
   * @param dx1 run of the first vector, an unsigned value {@code > 0}
   * @param dy2 signed rise of the second vector, {@code |dy2| < 2^62}
   * @param dx2 run of the second vector, an unsigned value {@code > 0}
   */
  public static int compareSlopes(long dy1, long dx1, long dy2, long dx2) {
    assert dx1 != 0 && dx2 != 0 : "vertical vector";
    // dy1/dx1 <=> dy2/dx2  is  dy1*dx2 <=> dy2*dx1  because both runs are positive.
    long lowLeft = dy1 * dx2;
    long highLeft = signedTimesUnsignedHigh(dy1, dx2);
    long lowRight = dy2 * dx1;
    long highRight = signedTimesUnsignedHigh(dy2, dx1);
    int high = Long.compare(highLeft, highRight);
    return high != 0 ? high : Long.compareUnsigned(lowLeft, lowRight);
  }

  /**
   * High 64 bits of the signed 128-bit product of a signed {@code a} and an unsigned {@code u}.
   * {@code unsignedMultiplyHigh} reads a negative {@code a} as {@code a + 2^64}, which adds {@code
   * u * 2^64} to the product; subtracting {@code u} from the high word removes it again.
   */
  static long signedTimesUnsignedHigh(long a, long u) {
    long high = Math.unsignedMultiplyHigh(a, u);
    return a < 0 ? high - u : high;
  }

  /** The unsigned 64-bit value {@code u} as the nearest double (the JDK only converts signed longs). */
  public static double unsignedToDouble(long u) {
    if (u >= 0) {
      return (double) u;
    }
    // Halve, keeping the lost bit as a sticky bit so the final rounding is still correct.
    return (double) ((u >>> 1) | (u & 1)) * 2.0;
  }
}
