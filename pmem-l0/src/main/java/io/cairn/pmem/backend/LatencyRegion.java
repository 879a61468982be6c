package io.cairn.pmem.backend;

import io.cairn.pmem.api.ForwardingRegion;
import io.cairn.pmem.api.LatencyModel;
import io.cairn.pmem.api.PmemRegion;

/**
 * A region that adds a {@link LatencyModel}'s delays to another: reads before they run, flushes
 * and fences after. Delays are busy-waited on {@link System#nanoTime()} because sleeping cannot
 * honour a few hundred nanoseconds.
 *
 * <p>Thread-safety: as the wrapped region.
 */
public final class LatencyRegion extends ForwardingRegion {
  private final LatencyModel model;

  /** Wraps {@code region}; closing this closes it. */
  public LatencyRegion(PmemRegion region, LatencyModel model) {
    super(region);
    this.model = model;
  }

  /** Spins for {@code nanos}. */
  static void delay(long nanos) {
    if (nanos <= 0) {
      return;
    }
    long start = System.nanoTime();
    while (System.nanoTime() - start < nanos) {
      Thread.onSpinWait();
    }
  }

  /** The model in force. */
  public LatencyModel model() {
    return model;
  }

  @Override
  protected void beforeRead(long offset, long length) {
    delay(model.readCostNanos(offset, length));
  }

  @Override
  protected void afterFlush(long offset, long length) {
    delay(model.flushCostNanos(offset, length));
  }

  @Override
  protected void afterFence() {
    delay(model.fenceNanos());
  }

  @Override
  public String toString() {
    return delegate() + " with latency model " + model;
  }
}
