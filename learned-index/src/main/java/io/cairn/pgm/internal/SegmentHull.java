package io.cairn.pgm.internal;

import static io.cairn.pgm.internal.WideArithmetic.compareSlopes;
import static io.cairn.pgm.internal.WideArithmetic.unsignedToDouble;

import java.util.Arrays;

/**
 * The set of lines that pass within ε of every point added so far, kept the way the PGM paper's
 * optimal PLA does (Ferragina &amp; Vinciguerra, §2; O'Rourke's convex-hull method): points arrive
 * in increasing x; each point {@code (x, y)} becomes an upper point {@code (x, y+ε)} and a lower
 * point {@code (x, y-ε)}, and a line is feasible when it passes on or below every upper point and
 * on or above every lower point.
 *
 * <p>Two extreme feasible lines describe the whole set: the steepest ("max line", through an
 * earlier lower point and a later upper point) and the flattest ("min line", through an earlier
 * upper point and a later lower point). A new point is feasible iff its upper point is not below
 * the min line and its lower point not above the max line. When it narrows a line, the new
 * extreme line is the tangent from the new point to a convex chain of the opposite points: the
 * lower convex hull of the upper points, the upper convex hull of the lower points. The tangent
 * point only moves forward, so each hull point is scanned and popped at most once: O(1) amortised
 * per point. Every comparison is exact ({@link WideArithmetic}).
 *
 * <p>x values are unsigned 64-bit and strictly increasing (checked by assertion); y values are
 * positions, far below 2^61 in magnitude.
 *
 * <p>Thread-safety: not thread-safe; one builder thread owns it.
 */
public final class SegmentHull {
  private static final int INITIAL_CAPACITY = 16;

  private final long epsilon;

  // Lower convex hull of the upper points; entries before upperStart are no longer needed.
  private long[] upperX = new long[INITIAL_CAPACITY];
  private long[] upperY = new long[INITIAL_CAPACITY];
  private int upperSize;
  private int upperStart;
  // Upper convex hull of the lower points; entries before lowerStart are no longer needed.
  private long[] lowerX = new long[INITIAL_CAPACITY];
  private long[] lowerY = new long[INITIAL_CAPACITY];
  private int lowerSize;
  private int lowerStart;

  // Min line: through (minFromX, minFromY) (an upper point) and (minToX, minToY) (a later lower one).
  private long minFromX;
  private long minFromY;
  private long minToX;
  private long minToY;
  // Max line: through (maxFromX, maxFromY) (a lower point) and (maxToX, maxToY) (a later upper one).
  private long maxFromX;
  private long maxFromY;
  private long maxToX;
  private long maxToY;

  private long firstX;
  private long firstY;
  private long lastX;
  private long pointCount;

  /** @param epsilon the largest allowed vertical distance between a point and the line, {@code >= 1} */
  public SegmentHull(long epsilon) {
    assert epsilon >= 1;
    this.epsilon = epsilon;
  }

  /** Forgets every point: the next {@link #add} starts a new segment. */
  public void clear() {
    pointCount = 0;
  }

  /** Number of points accepted since the last {@link #clear}. */
  public long pointCount() {
    return pointCount;
  }

  /** x of the first point of the current segment; meaningful when {@link #pointCount} {@code > 0}. */
  public long firstX() {
    return firstX;
  }

  /**
   * Adds the point {@code (x, y)} if some line still passes within ε of it and of every earlier
   * point. The first two points of a segment are always accepted.
   *
   * @param x strictly greater (unsigned) than the previous point's x
   * @return false, leaving the set unchanged, when no such line exists
   */
  public boolean add(long x, long y) {
    long up = y + epsilon;
    long low = y - epsilon;
    if (pointCount == 0) {
      firstX = x;
      firstY = y;
      upperSize = upperStart = lowerSize = lowerStart = 0;
      pushUpper(x, up);
      pushLower(x, low);
      minFromX = x;
      minFromY = up;
      maxFromX = x;
      maxFromY = low;
      return accepted(x);
    }
    assert Long.compareUnsigned(x, lastX) > 0 : "x must increase";
    if (pointCount == 1) {
      minToX = x;
      minToY = low;
      maxToX = x;
      maxToY = up;
      pushUpper(x, up);
      pushLower(x, low);
      return accepted(x);
    }
    long minRun = minToX - minFromX;
    long minRise = minToY - minFromY;
    long maxRun = maxToX - maxFromX;
    long maxRise = maxToY - maxFromY;
    if (compareSlopes(up - minToY, x - minToX, minRise, minRun) < 0
        || compareSlopes(low - maxToY, x - maxToX, maxRise, maxRun) > 0) {
      return false; // the upper point is below the min line, or the lower point above the max line
    }
    boolean narrowsMax = compareSlopes(up - maxFromY, x - maxFromX, maxRise, maxRun) < 0;
    boolean narrowsMin = compareSlopes(low - minFromY, x - minFromX, minRise, minRun) > 0;
    // Both tangents are taken against the hulls as they were before this point: the point's own
    // upper and lower images share its x and can never be a tangent point.
    if (narrowsMax) {
      lowerStart = tangentOnLowerHull(x, up);
      maxFromX = lowerX[lowerStart];
      maxFromY = lowerY[lowerStart];
      maxToX = x;
      maxToY = up;
    }
    if (narrowsMin) {
      upperStart = tangentOnUpperHull(x, low);
      minFromX = upperX[upperStart];
      minFromY = upperY[upperStart];
      minToX = x;
      minToY = low;
    }
    // A point that narrows neither line is implied by the others forever, so it joins no hull.
    if (narrowsMax) {
      pushUpper(x, up);
    }
    if (narrowsMin) {
      pushLower(x, low);
    }
    return accepted(x);
  }

  private boolean accepted(long x) {
    lastX = x;
    pointCount++;
    return true;
  }

  /** The lower-hull point {@code k} minimising the slope from it to {@code (x, y)}. */
  private int tangentOnLowerHull(long x, long y) {
    int best = lowerStart;
    for (int k = lowerStart + 1; k < lowerSize; k++) {
      if (compareSlopes(y - lowerY[k], x - lowerX[k], y - lowerY[best], x - lowerX[best]) > 0) {
        break; // slopes along a convex chain fall, then rise: the minimum is behind us
      }
      best = k;
    }
    return best;
  }

  /** The upper-hull point {@code k} maximising the slope from it to {@code (x, y)}. */
  private int tangentOnUpperHull(long x, long y) {
    int best = upperStart;
    for (int k = upperStart + 1; k < upperSize; k++) {
      if (compareSlopes(y - upperY[k], x - upperX[k], y - upperY[best], x - upperX[best]) < 0) {
        break;
      }
      best = k;
    }
    return best;
  }

  /** Appends to the lower convex hull of upper points, popping points on or above the new chord. */
  private void pushUpper(long x, long y) {
    while (upperSize >= upperStart + 2) {
      long originX = upperX[upperSize - 2];
      long originY = upperY[upperSize - 2];
      long middleX = upperX[upperSize - 1];
      long middleY = upperY[upperSize - 1];
      if (compareSlopes(y - originY, x - originX, middleY - originY, middleX - originX) > 0) {
        break; // the middle point is strictly below the chord: the chain stays convex
      }
      upperSize--;
    }
    if (upperSize == upperX.length) {
      upperX = Arrays.copyOf(upperX, upperSize * 2);
      upperY = Arrays.copyOf(upperY, upperSize * 2);
    }
    upperX[upperSize] = x;
    upperY[upperSize] = y;
    upperSize++;
  }

  /** Appends to the upper convex hull of lower points, popping points on or below the new chord. */
  private void pushLower(long x, long y) {
    while (lowerSize >= lowerStart + 2) {
      long originX = lowerX[lowerSize - 2];
      long originY = lowerY[lowerSize - 2];
      long middleX = lowerX[lowerSize - 1];
      long middleY = lowerY[lowerSize - 1];
      if (compareSlopes(y - originY, x - originX, middleY - originY, middleX - originX) < 0) {
        break; // the middle point is strictly above the chord
      }
      lowerSize--;
    }
    if (lowerSize == lowerX.length) {
      lowerX = Arrays.copyOf(lowerX, lowerSize * 2);
      lowerY = Arrays.copyOf(lowerY, lowerSize * 2);
    }
    lowerX[lowerSize] = x;
    lowerY[lowerSize] = y;
    lowerSize++;
  }

  /**
   * Slope of the chosen line: the mean of the two extreme slopes. Every line through the two
   * extreme lines' crossing with a slope between theirs is feasible (it is a convex combination of
   * them), and the middle one leaves the most room for rounding. 0 for a one-point segment.
   */
  public double slope() {
    assert pointCount > 0;
    if (pointCount == 1) {
      return 0.0;
    }
    return (minSlope() + maxSlope()) / 2;
  }

  /**
   * The chosen line's value at {@link #firstX}: the mean of the two extreme lines' values there,
   * which is the same convex combination as {@link #slope}.
   */
  public double valueAtFirstX() {
    assert pointCount > 0;
    if (pointCount == 1) {
      return firstY;
    }
    // Both extreme lines pass through points at or after firstX, so the runs below are >= 0.
    double minValue = minFromY - minSlope() * unsignedToDouble(minFromX - firstX);
    double maxValue = maxFromY - maxSlope() * unsignedToDouble(maxFromX - firstX);
    return (minValue + maxValue) / 2;
  }

  private double minSlope() {
    return (double) (minToY - minFromY) / unsignedToDouble(minToX - minFromX);
  }

  private double maxSlope() {
    return (double) (maxToY - maxFromY) / unsignedToDouble(maxToX - maxFromX);
  }
}
