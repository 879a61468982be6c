package io.cairn.pgm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testing.Property;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import org.junit.jupiter.api.Test;

class WideArithmeticTest {
  record Slopes(long dy1, long dx1, long dy2, long dx2) {}

  private static long signedRise(java.util.SplittableRandom random) {
    long rise = random.nextLong() >> (2 + random.nextInt(62));
    return random.nextInt(8) == 0 ? 0 : rise;
  }

  private static long unsignedRun(java.util.SplittableRandom random) {
    long run = random.nextLong() >>> random.nextInt(64);
    return run == 0 ? 1 : run;
  }

  private static BigInteger unsigned(long value) {
    return new BigInteger(Long.toUnsignedString(value));
  }

  @Test
  void compareSlopesAgreesWithBigIntegerArithmetic() {
    Property.of("compareSlopes == sign(dy1*dx2 - dy2*dx1)", random -> {
      long dy1 = signedRise(random);
      long dx1 = unsignedRun(random);
      // Often make the slopes nearly or exactly equal: that is where rounding would go wrong.
      boolean close = random.nextBoolean();
      long dy2 = close ? dy1 + random.nextInt(3) - 1 : signedRise(random);
      long dx2 = close ? dx1 + random.nextInt(3) - 1 : unsignedRun(random);
      return new Slopes(dy1, dx1, dy2 == Long.MIN_VALUE ? 0 : dy2, dx2 == 0 ? 1 : dx2);
    }).trials(20_000).check(s -> {
      BigInteger left = BigInteger.valueOf(s.dy1()).multiply(unsigned(s.dx2()));
      BigInteger right = BigInteger.valueOf(s.dy2()).multiply(unsigned(s.dx1()));
      assertThat(WideArithmetic.compareSlopes(s.dy1(), s.dx1(), s.dy2(), s.dx2()))
          .isEqualTo(left.compareTo(right));
    });
  }

  @Test
  void slopesThatDifferOnlyBeyond64BitsAreTold() {
    // (2^62 - 1) / (2^64 - 1) against (2^62 - 2) / (2^64 - 5): equal in double, not in fact.
    assertThat(WideArithmetic.compareSlopes((1L << 62) - 1, -1L, (1L << 62) - 2, -5L)).isEqualTo(1);
    assertThat(WideArithmetic.compareSlopes(-(1L << 61), -1L, -(1L << 61), -1L)).isZero();
    assertThat(WideArithmetic.compareSlopes(-3, 1, 2, 1)).isEqualTo(-1);
  }

  @Test
  void unsignedToDoubleRoundsToNearest() {
    Property.of("unsignedToDouble == correctly rounded value", random -> random.nextLong() >>> random.nextInt(3))
        .trials(20_000)
        .check(value -> {
          double expected = new BigDecimal(unsigned(value)).round(MathContext.DECIMAL128).doubleValue();
          assertThat(WideArithmetic.unsignedToDouble(value)).isEqualTo(expected);
        });
    assertThat(WideArithmetic.unsignedToDouble(-1L)).isEqualTo(0x1p64);
    assertThat(WideArithmetic.unsignedToDouble(Long.MIN_VALUE)).isEqualTo(0x1p63);
    assertThat(WideArithmetic.unsignedToDouble(0)).isZero();
  }
}
