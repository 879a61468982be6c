package io.cairn.pmem.backend;

import io.cairn.pmem.api.PmemRegion;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Base of the backends that hold a region's payload as one {@link MemorySegment} (FFM, libpmem,
 * llpl's read side): reads and writes go through {@link SegmentAccess}, which checks bounds and
 * the closed state; subclasses supply flush, fence and close, and may override writes.
 *
 * <p>Thread-safety: as {@link PmemRegion}.
 */
abstract class SegmentRegion implements PmemRegion {
  /** The region file. */
  protected final Path file;
  /** Checked access to the payload. */
  protected final SegmentAccess access;

  SegmentRegion(Path file, SegmentAccess access) {
    this.file = file;
    this.access = access;
  }

  @Override
  public String name() {
    return file.getFileName().toString();
  }

  @Override
  public Optional<Path> file() {
    return Optional.of(file);
  }

  @Override
  public long size() {
    return access.size();
  }

  @Override
  public byte readByte(long offset) {
    return access.readByte(offset);
  }

  @Override
  public int readInt(long offset) {
    return access.readInt(offset);
  }

  @Override
  public long readLong(long offset) {
    return access.readLong(offset);
  }

  @Override
  public long readLongAtomic(long offset) {
    return access.readLongAtomic(offset);
  }

  @Override
  public void read(long offset, byte[] target, int targetOffset, int length) {
    access.read(offset, target, targetOffset, length);
  }

  @Override
  public void read(long offset, MemorySegment target) {
    access.read(offset, target);
  }

  @Override
  public MemorySegment view(long offset, long length) {
    return access.view(offset, length);
  }

  @Override
  public void writeByte(long offset, byte value) {
    access.writeByte(offset, value);
  }

  @Override
  public void writeInt(long offset, int value) {
    access.writeInt(offset, value);
  }

  @Override
  public void writeLong(long offset, long value) {
    access.writeLong(offset, value);
  }

  @Override
  public void write(long offset, byte[] source, int sourceOffset, int length) {
    access.write(offset, source, sourceOffset, length);
  }

  @Override
  public void write(long offset, MemorySegment source) {
    access.write(offset, source);
  }

  @Override
  public void fill(long offset, long length, byte value) {
    access.fill(offset, length, value);
  }

  @Override
  public void storeLongAtomic(long offset, long value) {
    access.storeLongAtomic(offset, value);
  }

  @Override
  public boolean isClosed() {
    return access.isClosed();
  }
}
