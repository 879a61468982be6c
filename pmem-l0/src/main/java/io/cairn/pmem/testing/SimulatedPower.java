package io.cairn.pmem.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * The power domain of one simulated machine: the regions (files) on it, the persist points of the
 * run so far, and the point at which the power is to go off. A fence on any region completes the
 * flushes of all of them, as SFENCE does for every flush of the core that issues it. (The
 * simulator does not tell threads apart: a fence completes flushes made by any thread.)
 *
 * <p>Thread-safety: every state change holds this object's monitor; regions take it around each
 * write, flush and fence, so the simulation is linearizable.
 */
final class SimulatedPower {
  /** Frames skipped when naming the caller of a persist point. */
  private static final Set<String> PMEM_LAYER = Set.of(
      SimulatedPower.class.getName(), SimulatedFile.class.getName(),
      CrashSimulatingRegion.class.getName(), CrashSimulatingDirectory.class.getName(),
      "io.cairn.pmem.api.PmemRegion", "io.cairn.pmem.api.ForwardingRegion",
      "io.cairn.pmem.backend.LatencyRegion");
  private static final StackWalker WALKER = StackWalker.getInstance();

  private final List<SimulatedFile> files = new ArrayList<>();
  private final List<PersistPoint> points = new ArrayList<>();
  private int cutAt = -1;
  private volatile PersistPoint cutPoint;
  private long writes;
  private long flushes;
  private long redundantFlushLines;
  private long fences;
  private long emptyFences;

  synchronized void register(SimulatedFile file) {
    files.add(file);
  }

  synchronized void unregister(SimulatedFile file) {
    files.remove(file);
  }

  /** @throws PowerCutException when the power is off */
  void checkOn() {
    PersistPoint cut = cutPoint;
    if (cut != null) {
      throw new PowerCutException("power is off since persist point " + cut, cut);
    }
  }

  boolean isOff() {
    return cutPoint != null;
  }

  /** Arms a power cut at persist point {@code index} (absolute, from the start of the run). */
  synchronized void cutAt(int index) {
    if (index < points.size()) {
      throw new IllegalStateException("persist point " + index + " has already passed (" + points.size() + " so far)");
    }
    cutAt = index;
  }

  synchronized List<PersistPoint> points() {
    return Collections.unmodifiableList(new ArrayList<>(points));
  }

  /**
   * A fence: records the persist point (the power may go off here, before the fence takes
   * effect), then makes every flushed line of every file durable.
   */
  synchronized void fence(String region) {
    checkOn();
    int flushed = 0;
    for (SimulatedFile file : files) {
      flushed += file.flushedLineCount();
    }
    fences++;
    if (flushed == 0) {
      emptyFences++;
    }
    record(PersistPoint.Kind.FENCE, region, flushed);
    for (SimulatedFile file : files) {
      file.applyFence();
    }
  }

  synchronized void countWrite() {
    writes++;
  }

  synchronized void countFlush(int redundantLines) {
    flushes++;
    redundantFlushLines += redundantLines;
  }

  synchronized SimulationCounters counters() {
    return new SimulationCounters(writes, flushes, redundantFlushLines, fences, emptyFences);
  }

  /** A directory step (create, delete): records the persist point; the power may go off here. */
  synchronized void directoryStep(PersistPoint.Kind kind, String region) {
    checkOn();
    record(kind, region, 0);
  }

  private void record(PersistPoint.Kind kind, String region, int flushed) {
    int unflushed = 0;
    for (SimulatedFile file : files) {
      unflushed += file.unflushedLineCount();
    }
    PersistPoint point = new PersistPoint(points.size(), kind, region, callerSite(), flushed, unflushed);
    points.add(point);
    if (point.index() == cutAt) {
      cutPoint = point;
      throw new PowerCutException("power cut at persist point " + point, point);
    }
  }

  private static String callerSite() {
    return WALKER.walk(frames -> frames
        .filter(frame -> !PMEM_LAYER.contains(frame.getClassName()))
        .findFirst()
        .map(frame -> {
          String type = frame.getClassName();
          return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethodName() + ":" + frame.getLineNumber();
        })
        .orElse("?"));
  }
}
