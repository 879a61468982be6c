package io.cairn.pmem.api;

import java.lang.foreign.MemorySegment;

/**
 * {@link RegionWriter#inPlace}: stores and persists go straight to a region created zero-filled
 * by {@link PmemDirectory#create}; every persist point is kept, so crash simulations see the
 * region's order step by step. Publishing adds one persist of the whole range written only when
 * something was written after the last persist point (a writer that ends with its own persist
 * point, as the NVMTable commit does, gets no extra one).
 *
 * <p>Thread-safety: not thread-safe.
 */
final class InPlaceRegionWriter implements RegionWriter {
  private final PmemDirectory directory;
  private final PmemRegion region;
  private long end;
  private boolean writtenSincePersist;
  private boolean open = true;

  InPlaceRegionWriter(PmemDirectory directory, PmemRegion region) {
    this.directory = directory;
    this.region = region;
  }

  @Override
  public String name() {
    return region.name();
  }

  @Override
  public long size() {
    return region.size();
  }

  @Override
  public void write(long offset, MemorySegment source) {
    checkOpen();
    region.write(offset, source);
    end = Math.max(end, offset + source.byteSize());
    writtenSincePersist = true;
  }

  @Override
  public void storeLongAtomic(long offset, long value) {
    checkOpen();
    region.storeLongAtomic(offset, value);
    end = Math.max(end, offset + Long.BYTES);
    writtenSincePersist = true;
  }

  @Override
  public void persist(long offset, long length) {
    checkOpen();
    region.persist(offset, length);
    writtenSincePersist = false;
  }

  @Override
  public PmemRegion finish() {
    checkOpen();
    if (writtenSincePersist) {
      region.persist(0, end);
    }
    open = false;
    return region;
  }

  @Override
  public void close() {
    if (open) {
      open = false;
      String name = region.name();
      region.close();
      directory.delete(name);
    }
  }

  private void checkOpen() {
    if (!open) {
      throw new IllegalStateException("the writer of region " + region.name() + " is finished or closed");
    }
  }
}
