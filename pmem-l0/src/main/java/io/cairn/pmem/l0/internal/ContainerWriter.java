package io.cairn.pmem.l0.internal;

import io.cairn.common.Crc32c;
import io.cairn.common.InvalidArgumentException;
import io.cairn.pmem.api.PmemDirectory;
import io.cairn.pmem.api.PmemRegion;
import io.cairn.pmem.api.RegionWriter;
import java.lang.foreign.MemorySegment;

/**
 * Appends records to a new Container region ({@link ContainerFormat}) through a {@link
 * RegionWriter}: the header at creation, then each long key or value at the next 8-byte
 * boundary. Nothing is durable until {@link #persist}, which makes the header and every record
 * durable and publishes the region: the first step of a table's commit.
 *
 * <p>Thread-safety: not thread-safe; the builder's thread only.
 */
public final class ContainerWriter implements AutoCloseable {
  private final RegionWriter writer;
  private final long capacity;
  private long end = ContainerFormat.HEADER_BYTES;
  /** The published region, once {@link #persist} ran. */
  private PmemRegion region;

  private ContainerWriter(RegionWriter writer, long capacity) {
    this.writer = writer;
    this.capacity = capacity;
  }

  /**
   * Creates container {@code id} with room for {@code capacity} record bytes, and writes its
   * header (not yet durable).
   */
  public static ContainerWriter create(PmemDirectory directory, long id, long capacity) {
    RegionWriter writer = directory.createWriter(ContainerFormat.containerName(id), ContainerFormat.HEADER_BYTES + capacity);
    try {
      writer.write(0, ContainerFormat.encodeHeader(id, capacity));
    } catch (RuntimeException e) {
      writer.close();
      throw e;
    }
    return new ContainerWriter(writer, capacity);
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
      throw new InvalidArgumentException("container " + writer.name() + " is full: " + remaining()
          + " bytes left of " + capacity + ", a record of " + record.byteSize() + " needs " + padded);
    }
    long offset = end;
    writer.write(offset, record);
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

  /** Makes the header and every record durable (a persist point) and publishes the region. */
  public void persist() {
    writer.persist(0, end);
    region = writer.finish();
  }

  /** The published region (the reader takes it over after a commit). */
  public PmemRegion region() {
    assert region != null : "the container is not persisted yet";
    return region;
  }

  /** Closes the published region, or abandons the unpublished one (nothing is left of it). */
  @Override
  public void close() {
    if (region != null) {
      region.close();
    } else {
      writer.close();
    }
  }
}
