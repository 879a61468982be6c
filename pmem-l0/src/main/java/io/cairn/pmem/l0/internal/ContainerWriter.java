package io.cairn.pmem.l0.internal;

import io.cairn.common.Crc32c;
import io.cairn.common.InvalidArgumentException;
import io.cairn.pmem.api.PmemDirectory;
import io.cairn.pmem.api.PmemRegion;
import java.lang.foreign.MemorySegment;

/**
 * Appends records to a new Container region ({@link ContainerFormat}): the header at creation,
 * then each long key or value at the next 8-byte boundary. Nothing is persisted until {@link
 * #persist}, which makes the header and every record durable in one flush + fence: the first
 * step of a table's commit.
 *
 * <p>Thread-safety: not thread-safe; the builder's thread only.
 */
public final class ContainerWriter implements AutoCloseable {
  private final PmemRegion region;
  private final long capacity;
  private long end = ContainerFormat.HEADER_BYTES;

  private ContainerWriter(PmemRegion region, long capacity) {
    this.region = region;
    this.capacity = capacity;
  }

  /**
   * Creates container {@code id} with room for {@code capacity} record bytes, and writes its
   * header (not yet durable).
   */
  public static ContainerWriter create(PmemDirectory directory, long id, long capacity) {
    PmemRegion region = directory.create(ContainerFormat.containerName(id), ContainerFormat.HEADER_BYTES + capacity);
    try {
      region.write(0, ContainerFormat.encodeHeader(id, capacity));
    } catch (RuntimeException e) {
      region.close();
      throw e;
    }
    return new ContainerWriter(region, capacity);
  }

  /** Whether {@code bytes} more record bytes (padding included) still fit. */
  public boolean fits(long bytes) {
    return end - ContainerFormat.HEADER_BYTES + bytes <= capacity;
  }

  /** Record bytes (padding included) still free. */
  public long remaining() {
    return capacity - (end - ContainerFormat.HEADER_BYTES);
  }

  /**
   * Appends {@code record}; returns its container offset. The caller checked {@link #fits}.
   *
   * @throws InvalidArgumentException when it does not fit
   */
  public long append(MemorySegment record) {
    long padded = ContainerFormat.recordBytes(record.byteSize());
    if (!fits(padded)) {
      throw new InvalidArgumentException("container " + region.name() + " is full: " + remaining()
          + " bytes left of " + capacity + ", a record of " + record.byteSize() + " needs " + padded);
    }
    long offset = end;
    region.write(offset, record);
    end += padded;
    return offset;
  }

  /** Masked CRC32C of a record, as its pointer stores it. */
  public static int crcOf(MemorySegment record) {
    return Crc32c.mask(Crc32c.of(record));
  }

  /** Bytes in use, the header included: what the table's super block records. */
  public long bytesInUse() {
    return end;
  }

  /** Makes the header and every record durable (flush + fence). */
  public void persist() {
    region.persist(0, end);
  }

  /** The region (the reader takes it over after a commit). */
  public PmemRegion region() {
    return region;
  }

  @Override
  public void close() {
    region.close();
  }
}
