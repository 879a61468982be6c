package io.cairn.pgm.internal;

/**
 * Fits one level of the index: the fewest segments such that, over each segment's whole key
 * range, the segment's line is within ε of a step function given step by step.
 *
 * <p>Why steps and not points: the index must answer for every 64-bit key, not only for the keys
 * it was trained on. At the bottom level the function is the lower bound, "how many keys are
 * smaller than k", which is constant between two consecutive distinct keys; in the upper levels it
 * is "which segment of the level below holds k", constant between two segment starts. A line is
 * within ε of a constant over an interval iff it is within ε at the interval's two ends, so each
 * step {@code [start, end] -> value} becomes the points {@code (start, value)} and {@code (end,
 * value)}, fed to the optimal convex-hull fit ({@link SegmentHull}).
 *
 * <p>A segment always begins at a step's start, and covers whole steps: it answers for every key
 * from its first key up to the next segment's first key minus one. When a step's end point breaks
 * the current segment, the segment closes (it also fitted the step's start point, which is
 * harmless: that only constrained it more) and the next one starts at the step's start. This is
 * the greedy "extend while feasible" rule, which gives the fewest segments because feasibility is
 * inherited by every sub-range of a feasible range.
 *
 * <p>Thread-safety: not thread-safe; one builder thread owns it.
 */
public final class LevelFitter {
  private final SegmentHull hull;
  private final SegmentColumns segments;
  private long previousEnd;
  private boolean anyStep;

  /**
   * @param epsilon the level's error bound, {@code >= 1}
   * @param expectedSegments a sizing hint for the output
   */
  public LevelFitter(int epsilon, int expectedSegments) {
    this.hull = new SegmentHull(epsilon);
    this.segments = new SegmentColumns(expectedSegments);
  }

  /**
   * Adds the step that maps every key in {@code [start, end]} (unsigned, inclusive) to {@code
   * value}. Steps must be given in key order without gaps or overlaps.
   */
  public void addStep(long start, long end, long value) {
    assert Long.compareUnsigned(start, end) <= 0 : "empty step";
    assert !anyStep || start == previousEnd + 1 : "steps must be contiguous";
    anyStep = true;
    previousEnd = end;
    if (!hull.add(start, value)) {
      closeSegment();
      boolean fresh = hull.add(start, value);
      assert fresh;
    }
    if (end != start && !hull.add(end, value)) {
      closeSegment();
      boolean fresh = hull.add(start, value) && hull.add(end, value);
      assert fresh;
    }
  }

  /** Closes the last segment and returns the level; call once, after the last step. */
  public SegmentColumns finish() {
    assert anyStep && previousEnd == -1L : "the steps must cover every key up to 2^64-1";
    if (hull.pointCount() > 0) {
      closeSegment();
    }
    return segments;
  }

  private void closeSegment() {
    double value = hull.valueAtFirstX();
    long intercept = Math.round(value);
    assert intercept == (int) intercept : "intercept out of int range: " + value;
    segments.add(hull.firstX(), hull.slope(), (int) intercept);
    hull.clear();
  }
}
