package io.cairn.pmem.backend;

import io.cairn.pmem.api.DurabilityMode;
import io.cairn.pmem.api.LatencyModel;
import io.cairn.pmem.api.PmemBackend;
import io.cairn.pmem.api.PmemRegion;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A region that adds a {@link LatencyModel}'s delays to another: reads before they run, flushes
 * and fences after. Delays are busy-waited on {@link System#nanoTime()} because sleeping cannot
 * honour a few hundred nanoseconds.
 *
 * <p>Thread-safety: as the wrapped region.
 */
public final class LatencyRegion implements PmemRegion {
  private final PmemRegion region;
  private final LatencyModel model;

  /** Wraps {@code region}; closing this closes it. */
  public LatencyRegion(PmemRegion region, LatencyModel model) {
    this.region = region;
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
  public String name() {
    return region.name();
  }

  @Override
  public Optional<Path> file() {
    return region.file();
  }

  @Override
  public PmemBackend backend() {
    return region.backend();
  }

  @Override
  public DurabilityMode durabilityMode() {
    return region.durabilityMode();
  }

  @Override
  public long size() {
    return region.size();
  }

  @Override
  public byte readByte(long offset) {
    delay(model.readCostNanos(offset, 1));
    return region.readByte(offset);
  }

  @Override
  public int readInt(long offset) {
    delay(model.readCostNanos(offset, Integer.BYTES));
    return region.readInt(offset);
  }

  @Override
  public long readLong(long offset) {
    delay(model.readCostNanos(offset, Long.BYTES));
    return region.readLong(offset);
  }

  @Override
  public long readLongAtomic(long offset) {
    delay(model.readCostNanos(offset, Long.BYTES));
    return region.readLongAtomic(offset);
  }

  @Override
  public void read(long offset, byte[] target, int targetOffset, int length) {
    delay(model.readCostNanos(offset, length));
    region.read(offset, target, targetOffset, length);
  }

  @Override
  public void read(long offset, MemorySegment target) {
    delay(model.readCostNanos(offset, target.byteSize()));
    region.read(offset, target);
  }

  @Override
  public MemorySegment view(long offset, long length) {
    delay(model.readCostNanos(offset, length));
    return region.view(offset, length);
  }

  @Override
  public void writeByte(long offset, byte value) {
    region.writeByte(offset, value);
  }

  @Override
  public void writeInt(long offset, int value) {
    region.writeInt(offset, value);
  }

  @Override
  public void writeLong(long offset, long value) {
    region.writeLong(offset, value);
  }

  @Override
  public void write(long offset, byte[] source, int sourceOffset, int length) {
    region.write(offset, source, sourceOffset, length);
  }

  @Override
  public void write(long offset, MemorySegment source) {
    region.write(offset, source);
  }

  @Override
  public void fill(long offset, long length, byte value) {
    region.fill(offset, length, value);
  }

  @Override
  public void storeLongAtomic(long offset, long value) {
    region.storeLongAtomic(offset, value);
  }

  @Override
  public void flush(long offset, long length) {
    region.flush(offset, length);
    delay(model.flushCostNanos(offset, length));
  }

  @Override
  public void fence() {
    region.fence();
    delay(model.fenceNanos());
  }

  @Override
  public void persist(long offset, long length) {
    region.persist(offset, length);
    delay(model.flushCostNanos(offset, length) + model.fenceNanos());
  }

  @Override
  public void writeAndPersist(long offset, MemorySegment source) {
    region.writeAndPersist(offset, source);
    delay(model.flushCostNanos(offset, source.byteSize()) + model.fenceNanos());
  }

  @Override
  public boolean isClosed() {
    return region.isClosed();
  }

  @Override
  public void close() {
    region.close();
  }

  @Override
  public String toString() {
    return region + " with latency model " + model;
  }
}
