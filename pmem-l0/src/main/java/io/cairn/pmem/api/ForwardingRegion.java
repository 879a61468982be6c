package io.cairn.pmem.api;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A region that forwards every call to another and lets a subclass observe the traffic: what is
 * read ({@link #beforeRead}), flushed ({@link #afterFlush}) and fenced ({@link #afterFence}). The
 * base of the latency model's region and of the benchmarks' read counters, so that a wrapper is
 * its hooks and nothing else.
 *
 * <p>Every read method, views included, calls {@link #beforeRead} with the range it covers before
 * reading; {@link #persist} and {@link #writeAndPersist} forward as one call (so a backend that
 * fuses them keeps doing so) and then call {@link #afterFlush} and {@link #afterFence}. Writes are
 * forwarded unobserved.
 *
 * <p>Thread-safety: as the wrapped region, provided the hooks are.
 */
public abstract class ForwardingRegion implements PmemRegion {
  private final PmemRegion region;

  /** Wraps {@code region}; closing this closes it. */
  protected ForwardingRegion(PmemRegion region) {
    this.region = region;
  }

  /** The wrapped region. */
  protected final PmemRegion delegate() {
    return region;
  }

  /** Called before every read of {@code [offset, offset + length)}. Does nothing by default. */
  protected void beforeRead(long offset, long length) {}

  /** Called after {@code [offset, offset + length)} was flushed. Does nothing by default. */
  protected void afterFlush(long offset, long length) {}

  /** Called after a fence. Does nothing by default. */
  protected void afterFence() {}

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
    beforeRead(offset, 1);
    return region.readByte(offset);
  }

  @Override
  public int readInt(long offset) {
    beforeRead(offset, Integer.BYTES);
    return region.readInt(offset);
  }

  @Override
  public long readLong(long offset) {
    beforeRead(offset, Long.BYTES);
    return region.readLong(offset);
  }

  @Override
  public long readLongAtomic(long offset) {
    beforeRead(offset, Long.BYTES);
    return region.readLongAtomic(offset);
  }

  @Override
  public void read(long offset, byte[] target, int targetOffset, int length) {
    beforeRead(offset, length);
    region.read(offset, target, targetOffset, length);
  }

  @Override
  public void read(long offset, MemorySegment target) {
    beforeRead(offset, target.byteSize());
    region.read(offset, target);
  }

  @Override
  public MemorySegment view(long offset, long length) {
    beforeRead(offset, length);
    return region.view(offset, length);
  }

  @Override
  public void prefault() {
    region.prefault();
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
    afterFlush(offset, length);
  }

  @Override
  public void fence() {
    region.fence();
    afterFence();
  }

  @Override
  public void persist(long offset, long length) {
    region.persist(offset, length);
    afterFlush(offset, length);
    afterFence();
  }

  @Override
  public void writeAndPersist(long offset, MemorySegment source) {
    region.writeAndPersist(offset, source);
    afterFlush(offset, source.byteSize());
    afterFence();
  }

  @Override
  public boolean isClosed() {
    return region.isClosed();
  }

  @Override
  public void close() {
    region.close();
  }
}
