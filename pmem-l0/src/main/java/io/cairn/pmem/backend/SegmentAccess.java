package io.cairn.pmem.backend;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import io.cairn.common.ClosedException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.pmem.api.PmemRegion;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Checked reads and writes of a region's payload held in one {@link MemorySegment} (a mapping or
 * heap memory): every call checks that the region is open and the range inside it, so callers get
 * {@link ClosedException} or {@link InvalidArgumentException} with the region's name instead of
 * the JDK's bounds messages. Shared by the backends that hold their payload as a segment.
 *
 * <p>Thread-safety: as {@link PmemRegion}; {@link #markClosed()} is visible to every thread.
 */
public final class SegmentAccess {
  /** Little-endian long at any alignment. */
  public static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(PmemRegion.BYTE_ORDER);
  /** Little-endian int at any alignment. */
  public static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(PmemRegion.BYTE_ORDER);
  /** Little-endian long at an 8-aligned address: single-copy atomic. */
  public static final ValueLayout.OfLong ATOMIC_LONG = ValueLayout.JAVA_LONG.withOrder(PmemRegion.BYTE_ORDER);

  private static final VarHandle ATOMIC = ATOMIC_LONG.varHandle();

  private final String name;
  private final MemorySegment payload;
  /** The payload as read-only, made once: a view is one slice of it (one allocation, not two). */
  private final MemorySegment readOnlyPayload;
  private volatile boolean closed;

  /**
   * @param name the region's name, for messages
   * @param payload the region's bytes, offset 0 = region offset 0; 8-aligned address
   */
  public SegmentAccess(String name, MemorySegment payload) {
    this.name = name;
    this.payload = payload;
    this.readOnlyPayload = payload.asReadOnly();
  }

  /** The payload's size. */
  public long size() {
    return payload.byteSize();
  }

  /** The whole payload (unchecked access, for the owning backend only). */
  public MemorySegment payload() {
    return payload;
  }

  /** Makes every later call throw {@link ClosedException}. */
  public void markClosed() {
    closed = true;
  }

  /** Whether {@link #markClosed()} was called. */
  public boolean isClosed() {
    return closed;
  }

  /** @throws ClosedException when closed */
  public void checkOpen() {
    if (closed) {
      throw new ClosedException("pmem region " + name + " is closed");
    }
  }

  /**
   * Checks that the region is open and {@code [offset, offset + length)} lies in it.
   *
   * @throws ClosedException when closed
   * @throws InvalidArgumentException when the range is negative or outside the region
   */
  public void check(long offset, long length) {
    checkOpen();
    if (offset < 0 || length < 0 || offset > payload.byteSize() - length) {
      throw new InvalidArgumentException("range [" + offset + ", " + offset + " + " + length
          + ") is outside pmem region " + name + " of " + payload.byteSize() + " bytes");
    }
  }

  /** Like {@link #check}, and also that {@code offset} is 8-aligned. */
  public void checkAtomic(long offset) {
    check(offset, Long.BYTES);
    if ((offset & 7) != 0) {
      throw new InvalidArgumentException("atomic 8-byte access at offset " + offset + " of pmem region "
          + name + " is not 8-byte aligned");
    }
  }

  /** Checks that {@code [offset, offset + length)} lies in an array of {@code arrayLength}. */
  public static void checkArray(int arrayLength, int offset, int length) {
    if (offset < 0 || length < 0 || offset > arrayLength - length) {
      throw new InvalidArgumentException("range [" + offset + ", " + offset + " + " + length
          + ") is outside an array of " + arrayLength + " bytes");
    }
  }

  public byte readByte(long offset) {
    check(offset, 1);
    return payload.get(JAVA_BYTE, offset);
  }

  public int readInt(long offset) {
    check(offset, Integer.BYTES);
    return payload.get(INT, offset);
  }

  public long readLong(long offset) {
    check(offset, Long.BYTES);
    return payload.get(LONG, offset);
  }

  public long readLongAtomic(long offset) {
    checkAtomic(offset);
    return (long) ATOMIC.getVolatile(payload, offset);
  }

  public void read(long offset, byte[] target, int targetOffset, int length) {
    checkArray(target.length, targetOffset, length);
    check(offset, length);
    MemorySegment.copy(payload, JAVA_BYTE, offset, target, targetOffset, length);
  }

  public void read(long offset, MemorySegment target) {
    check(offset, target.byteSize());
    MemorySegment.copy(payload, offset, target, 0, target.byteSize());
  }

  public MemorySegment view(long offset, long length) {
    check(offset, length);
    return readOnlyPayload.asSlice(offset, length);
  }

  public void writeByte(long offset, byte value) {
    check(offset, 1);
    payload.set(JAVA_BYTE, offset, value);
  }

  public void writeInt(long offset, int value) {
    check(offset, Integer.BYTES);
    payload.set(INT, offset, value);
  }

  public void writeLong(long offset, long value) {
    check(offset, Long.BYTES);
    payload.set(LONG, offset, value);
  }

  public void write(long offset, byte[] source, int sourceOffset, int length) {
    checkArray(source.length, sourceOffset, length);
    check(offset, length);
    MemorySegment.copy(source, sourceOffset, payload, JAVA_BYTE, offset, length);
  }

  public void write(long offset, MemorySegment source) {
    check(offset, source.byteSize());
    MemorySegment.copy(source, 0, payload, offset, source.byteSize());
  }

  public void fill(long offset, long length, byte value) {
    check(offset, length);
    payload.asSlice(offset, length).fill(value);
  }

  public void storeLongAtomic(long offset, long value) {
    checkAtomic(offset);
    ATOMIC.setRelease(payload, offset, value);
  }
}
