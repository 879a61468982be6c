package io.cairn.pgm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.pgm.BruteForceSegmentation;
import io.cairn.pgm.BruteForceSegmentation.Step;
import io.cairn.testing.Property;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The convex-hull segment accepts a point exactly when some line is still within ε of every point
 * of the segment (checked against an exhaustive exact search), and the line it reports is one.
 * Long point sequences make the hulls grow, pop and move their tangent points.
 */
class SegmentHullTest {
  record Points(long[] xs, long[] ys, int epsilon) {
    @Override
    public String toString() {
      StringBuilder text = new StringBuilder("epsilon=" + epsilon + " points=");
      for (int i = 0; i < xs.length; i++) {
        text.append("(").append(Long.toUnsignedString(xs[i])).append(",").append(ys[i]).append(")");
      }
      return text.toString();
    }
  }

  private static Points randomWalk(SplittableRandom random) {
    int count = 2 + random.nextInt(120);
    long[] xs = new long[count];
    long[] ys = new long[count];
    long x = random.nextBoolean() ? random.nextInt(100) : random.nextLong() >>> 1;
    long y = random.nextInt(1000);
    int drift = random.nextInt(6);
    for (int i = 0; i < count; i++) {
      xs[i] = x;
      ys[i] = y;
      int gapKind = random.nextInt(20);
      x += gapKind == 0 ? 1 + (random.nextLong() >>> 8) : 1 + random.nextInt(gapKind < 10 ? 3 : 60);
      y += random.nextInt(2 * drift + 3) - 1; // mostly rising, sometimes falling
    }
    return new Points(xs, ys, 1 + random.nextInt(5));
  }

  @Test
  void acceptsAPointExactlyWhenALineStillFits() {
    Property.of("SegmentHull.add == exhaustive feasibility", SegmentHullTest::randomWalk)
        .trials(150)
        .check(points -> {
          SegmentHull hull = new SegmentHull(points.epsilon());
          List<Step> segment = new ArrayList<>();
          for (int i = 0; i < points.xs().length; i++) {
            Step point = new Step(points.xs()[i], points.xs()[i], points.ys()[i]);
            segment.add(point);
            boolean accepted = hull.add(point.start(), point.value());
            if (!accepted) {
              assertThat(BruteForceSegmentation.feasible(segment, points.epsilon()))
                  .as("point %d was refused, but a line fits", i).isFalse();
              segment.removeLast();
              assertLineFits(hull, segment, points.epsilon());
              hull.clear();
              segment.clear();
              segment.add(point);
              assertThat(hull.add(point.start(), point.value())).isTrue();
            }
          }
          assertThat(BruteForceSegmentation.feasible(segment, points.epsilon())).isTrue();
          assertLineFits(hull, segment, points.epsilon());
        });
  }

  /** The reported line (slope, value at the first x) is within ε of every point, up to rounding. */
  private static void assertLineFits(SegmentHull hull, List<Step> segment, int epsilon) {
    BigDecimal slope = new BigDecimal(hull.slope());
    BigDecimal first = new BigDecimal(hull.valueAtFirstX());
    BigDecimal x0 = new BigDecimal(Long.toUnsignedString(hull.firstX()));
    for (Step point : segment) {
      BigDecimal x = new BigDecimal(Long.toUnsignedString(point.start()));
      double error = first.add(slope.multiply(x.subtract(x0))).subtract(BigDecimal.valueOf(point.value()))
          .abs().doubleValue();
      assertThat(error).as("error at x=%s", Long.toUnsignedString(point.start())).isLessThanOrEqualTo(epsilon + 1e-6);
    }
  }

  @Test
  void firstTwoPointsAlwaysFit() {
    SegmentHull hull = new SegmentHull(1);
    assertThat(hull.add(0, 0)).isTrue();
    assertThat(hull.add(1, 1_000_000)).isTrue();
    assertThat(hull.pointCount()).isEqualTo(2);
    assertThat(hull.slope()).isEqualTo(1_000_000.0);
  }

  @Test
  void aThirdPointOffTheOnlyLineIsRefused() {
    // (0,0), (1,4), (2,0) with ε = 1: the rise of at least 2 then fall of at least 2 fits no line.
    SegmentHull hull = new SegmentHull(1);
    assertThat(hull.add(0, 0)).isTrue();
    assertThat(hull.add(1, 4)).isTrue();
    assertThat(hull.add(2, 0)).isFalse();
    assertThat(hull.pointCount()).isEqualTo(2);
  }

  @Test
  void onePointSegmentIsFlat() {
    SegmentHull hull = new SegmentHull(3);
    hull.add(-1L, 42);
    assertThat(hull.slope()).isZero();
    assertThat(hull.valueAtFirstX()).isEqualTo(42.0);
  }

  @Test
  void extremeKeysAreComparedExactly() {
    // Points at 0, 2^63 and 2^64-1. With ε = 1 a line may pass 1 above both ends and 1 below the
    // middle point, so the middle may sit up to 2 above the chord through the ends: 1_000_002
    // fits, 1_000_003 does not.
    SegmentHull hull = new SegmentHull(1);
    assertThat(hull.add(0, 0)).isTrue();
    assertThat(hull.add(Long.MIN_VALUE, 1_000_002)).isTrue();
    assertThat(hull.add(-1L, 2_000_000)).isTrue();
    SegmentHull tooFar = new SegmentHull(1);
    tooFar.add(0, 0);
    tooFar.add(Long.MIN_VALUE, 1_000_003);
    assertThat(tooFar.add(-1L, 2_000_000)).isFalse();
  }
}
