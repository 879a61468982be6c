package io.cairn.pmem.l0.internal;

import io.cairn.common.Crc32c;
import io.cairn.common.InvalidArgumentException;
import io.cairn.pmem.api.PmemDirectory;
import io.cairn.pmem.api.PmemRegion;
import io.cairn.pmem.api.RegionWriter;
import java.lang.foreign.MemorySegment;

/**
 * Appends the long keys and values of a table being built, each at the next 8-byte boundary from
 * offset 256, in one of two places:
 *
 * <ul>
 *   <li>{@link #inTable} (format version 2): the table's own region, after its super block. The
 *       region grows as records arrive ({@link RegionWriter#resize}); there is no capacity to
 *       exceed. {@link #persist} is the persist point of the records (step 1 of the commit) and
 *       publishes nothing: the table's one publish comes at its end.
 *   <li>{@link #create} (version 1): a Container region of its own ({@link ContainerFormat}), its
 *       header at offset 0, sized for a capacity given up front. {@link #persist} makes the header
 *       and every record durable and publishes the region.
 * </ul>
 *
 * <p>Thread-safety: not thread-safe; the builder's thread only.
 */
public final class ContainerWriter implements AutoCloseable {
  private final RegionWriter writer;
  private final boolean ownRegion;
  /** Record bytes the region may hold (version 1); {@code Long.MAX_VALUE} when it grows. */
  private final long capacity;
  private long end = ContainerFormat.HEADER_BYTES;
  /** The published region (version 1), once {@link #persist} ran. */
  private PmemRegion region;

  private ContainerWriter(RegionWriter writer, boolean ownRegion, long capacity) {
    this.writer = writer;
    this.ownRegion = ownRegion;
    this.capacity = capacity;
  }

  /**
   * Version 1: creates container {@code id} with room for {@code capacity} record bytes, and writes
   * its header (not yet durable).
   */
  public static ContainerWriter create(PmemDirectory directory, long id, long capacity) {
    RegionWriter writer = directory.createWriter(ContainerFormat.containerName(id), ContainerFormat.HEADER_BYTES + capacity);
    try {
      writer.write(0, ContainerFormat.encodeHeader(id, capacity));
    } catch (RuntimeException e) {
      writer.close();
      throw e;
    }
    return new ContainerWriter(writer, true, capacity);
  }

  /**
   * Version 2: records go to {@code table} (the table's writer, which the caller keeps owning)
   * from offset 256 on, growing it as needed.
   */
  public static ContainerWriter inTable(RegionWriter table) {
    return new ContainerWriter(table, false, Long.MAX_VALUE);
  }

  /** Whether the records lie in the table's own region (version 2). */
  public boolean inTable() {
    return !ownRegion;
  }

  /** Whether {@code bytes} more record bytes (padding included) still fit. */
  public boolean fits(long bytes) {
    return bytes <= remaining();
  }

  /** Record bytes (padding included) still free. */
  public long remaining() {
    long limit = ownRegion ? capacity : NvmTableFormat.MAX_CONTAINER_BYTES - ContainerFormat.HEADER_BYTES;
    return limit - (end - ContainerFormat.HEADER_BYTES);
  }

  /**
   * Appends {@code record}; returns its offset (a container offset, which in version 2 is also a
   * table region offset). The caller checked {@link #fits}.
   *
   * @throws InvalidArgumentException when it does not fit
   */
  public long append(MemorySegment record) {
    long offset = reserve(record.byteSize());
    writer.write(offset, record);
    end = offset + ContainerFormat.recordBytes(record.byteSize());
    return offset;
  }

  /**
   * {@link #append(MemorySegment)} of {@code record[from, +length)}, copied straight from the array
   * into the region writer (no segment per record).
   *
   * @throws InvalidArgumentException when it does not fit
   */
  public long append(byte[] record, int from, int length) {
    long offset = reserve(length);
    writer.write(offset, record, from, length);
    end = offset + ContainerFormat.recordBytes(length);
    return offset;
  }

  /**
   * Makes room for a record of {@code length} bytes (growing the region as needed); returns its
   * offset. The caller writes it, then moves {@link #end} past it.
   */
  private long reserve(long length) {
    long padded = ContainerFormat.recordBytes(length);
    if (!fits(padded)) {
      throw new InvalidArgumentException("container " + writer.name() + " is full: " + remaining()
          + " bytes left, a record of " + length + " needs " + padded);
    }
    long offset = end;
    if (offset + padded > writer.size()) {
      assert !ownRegion : "a container of its own is sized for its capacity";
      writer.resize(Math.max(offset + padded, Math.min(2 * writer.size(), NvmTableFormat.MAX_CONTAINER_BYTES)));
    }
    return offset;
  }

  /** Masked CRC32C of a record, as its pointer stores it. */
  public static int crcOf(MemorySegment record) {
    return Crc32c.mask(Crc32c.of(record));
  }

  /** Bytes in use, the header (version 1) or super block (version 2) included: what the super block records. */
  public long bytesInUse() {
    return end;
  }

  /**
   * The persist point of every record (and, in version 1, the header); version 1 also publishes
   * the container region.
   */
  public void persist() {
    if (ownRegion) {
      writer.persist(0, end);
      region = writer.finish();
    } else if (end > ContainerFormat.HEADER_BYTES) {
      writer.persist(ContainerFormat.HEADER_BYTES, end - ContainerFormat.HEADER_BYTES);
    }
  }

  /** The published container region of version 1 (the reader takes it over after a commit). */
  public PmemRegion region() {
    assert ownRegion && region != null : "no container region of its own is published";
    return region;
  }

  /**
   * Version 1: closes the published region, or abandons the unpublished one (nothing is left of
   * it). Version 2: nothing (the table's writer is the builder's).
   */
  @Override
  public void close() {
    if (!ownRegion) {
      return;
    }
    if (region != null) {
      region.close();
    } else {
      writer.close();
    }
  }
}
