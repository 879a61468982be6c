package io.cairn.bench.report;

import org.HdrHistogram.Histogram;

/**
 * What a phase measured, kept whole (not yet summarised) so that several rounds of the same run
 * can be merged before the percentiles are taken.
 *
 * <p>Thread-safety: not thread-safe; the runner records on one thread.
 */
public final class PhaseMeasurement {
  private final Histogram latencyNanos;
  private long elapsedNanos;
  private long found;
  private final boolean reads;

  /** @param reads whether the phase reads (and counts keys found) */
  public PhaseMeasurement(boolean reads) {
    this.reads = reads;
    // Auto-resizing: no latency, however long a stall, can fall outside the histogram.
    this.latencyNanos = new Histogram(3);
    this.latencyNanos.setAutoResize(true);
  }

  /** Records one operation's latency. */
  public void record(long nanos) {
    latencyNanos.recordValue(Math.max(0, nanos));
  }

  /** Adds the wall time of a timed burst. */
  public void addElapsed(long nanos) {
    elapsedNanos += nanos;
  }

  /** Counts a key found by a read. */
  public void found() {
    found++;
  }

  /** Operations recorded so far. */
  public long ops() {
    return latencyNanos.getTotalCount();
  }

  /** Whether the phase reads. */
  public boolean reads() {
    return reads;
  }

  /** Adds everything {@code other} recorded (another round of the same run) to this. */
  public void add(PhaseMeasurement other) {
    if (other.reads != reads) {
      throw new IllegalArgumentException("cannot merge a read phase with a write phase");
    }
    latencyNanos.add(other.latencyNanos);
    elapsedNanos += other.elapsedNanos;
    found += other.found;
  }

  /** The figures. */
  public LatencySummary summary() {
    return LatencySummary.of(latencyNanos, elapsedNanos, reads ? found : null);
  }
}
