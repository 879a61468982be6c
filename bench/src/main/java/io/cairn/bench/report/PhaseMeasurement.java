package io.cairn.bench.report;

import io.cairn.node.api.Json;
import java.util.LinkedHashMap;
import java.util.Map;
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
  /** Process CPU spent while the phase ran (every thread), or 0 when not measured. */
  private long cpuNanos;
  /** Of {@link #cpuNanos}, what each thread group spent (client, flush, compaction, gc, jit). */
  private final Map<String, Long> cpuNanosByThread = new LinkedHashMap<>();

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

  /**
   * Adds the process CPU spent while the phase ran ({@code cpuNanos}, every thread) and its split
   * by thread group ({@code nanosByGroup}: client, flush, compaction, gc, jit; the rest is "other").
   */
  public void addCpu(long cpuNanos, Map<String, Long> nanosByGroup) {
    this.cpuNanos += Math.max(0, cpuNanos);
    nanosByGroup.forEach((group, nanos) -> cpuNanosByThread.merge(group, nanos, Long::sum));
  }

  /**
   * The phase's CPU per operation in µs as {@code {all, client, flush, compaction, gc, jit, other}},
   * or null when it was not measured.
   */
  public Json.Obj cpuMicrosPerOperation() {
    long ops = ops();
    if (cpuNanos <= 0 || ops == 0) {
      return null;
    }
    Json.Obj perOp = Json.object().put("all", LatencySummary.round(cpuNanos / 1e3 / ops));
    long grouped = 0;
    for (Map.Entry<String, Long> group : cpuNanosByThread.entrySet()) {
      perOp.put(group.getKey(), LatencySummary.round(group.getValue() / 1e3 / ops));
      grouped += group.getValue();
    }
    return perOp.put("other", LatencySummary.round(Math.max(0, cpuNanos - grouped) / 1e3 / ops));
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
    addCpu(other.cpuNanos, other.cpuNanosByThread);
  }

  /** The figures. */
  public LatencySummary summary() {
    return LatencySummary.of(latencyNanos, elapsedNanos, reads ? found : null);
  }
}
