package io.cairn.pmem.api;

import java.lang.foreign.MemorySegment;

/**
 * Writes a new region from start to end before anyone reads it (an NVMTable or its Container
 * being built), then publishes it with {@link #finish}: the region is durable and listed from
 * then on, and a crash before that leaves nothing under its name. Obtained from {@link
 * PmemDirectory#createWriter}.
 *
 * <p>Why not {@link PmemDirectory#create} and stores: a file-backed directory can write a region
 * that nobody maps yet with plain positional writes into a temporary file, published by rename,
 * instead of zero-filling a file, mapping it and faulting in every page on the first store. On
 * emulated pmem that was most of an NVMTable flush's time (see {@code docs/engine.md},
 * "Why the pmem flush was slower"); on a DAX file system it is the kernel's own copy to pmem.
 *
 * <p><b>Durability.</b> {@link #persist} marks a persist point in the region's order, as {@link
 * PmemRegion#persist} does. A writer whose {@link #finish} publishes atomically (a file renamed
 * after fsync) may let it wait until then: nothing of an unpublished region survives a crash, so
 * the order inside it cannot be observed. {@link #finish} makes every byte written durable before
 * the region exists under its name.
 *
 * <p>Thread-safety: not thread-safe; one thread writes.
 */
public interface RegionWriter extends AutoCloseable {
  /** The region's name. */
  String name();

  /** The region's size in bytes. */
  long size();

  /**
   * Copies {@code source} to {@code [offset, offset + source.byteSize())}; bytes never written read
   * as zero.
   *
   * @throws io.cairn.common.InvalidArgumentException when the range is outside the region
   * @throws IllegalStateException after {@link #finish} or {@link #close}
   */
  void write(long offset, MemorySegment source);

  /** {@link #write(long, MemorySegment)} of {@code length} bytes of {@code source} from {@code from}. */
  default void write(long offset, byte[] source, int from, int length) {
    write(offset, MemorySegment.ofArray(source).asSlice(from, length));
  }

  /** {@link #write(long, MemorySegment)} of all of {@code source}. */
  default void write(long offset, byte[] source) {
    write(offset, MemorySegment.ofArray(source));
  }

  /**
   * Changes the region's size to {@code newSize}, the size {@link #finish} publishes: for a region
   * whose final size is known only at its end (an NVMTable that writes its long values as they
   * arrive, then its slots after them). Bytes written stay; bytes never written read as zero.
   * Allowed until the first persist point (the in-place writer creates its region then; a
   * file-backed one at any time before {@link #finish}).
   *
   * @throws io.cairn.common.InvalidArgumentException when bytes were written at or past {@code
   *     newSize}, or the size is out of range
   * @throws IllegalStateException after {@link #finish} or {@link #close}, or (in place) after a
   *     persist point
   */
  void resize(long newSize);

  /** Stores {@code value} (8 bytes, little-endian) at {@code offset} so that it is never torn. */
  void storeLongAtomic(long offset, long value);

  /** A persist point: {@code [offset, offset + length)} durable before anything written later. */
  void persist(long offset, long length);

  /**
   * Makes everything written durable, publishes the region under its name and returns it open
   * (the caller owns it). After this the writer takes no more calls; {@link #close} does nothing.
   *
   * @throws io.cairn.common.CairnIoException when the file system refuses; the region is removed
   */
  PmemRegion finish();

  /** Abandons an unfinished region: nothing is left under its name. Does nothing after {@link #finish}. */
  @Override
  void close();

  /**
   * The writer of a directory without a faster way: region {@code name} of {@code size} bytes,
   * created with {@link PmemDirectory#create} at the first persist point (bytes written before it
   * are held in DRAM), then written in place with its own stores and persists; {@link #close}
   * closes and deletes it.
   *
   * @throws io.cairn.common.InvalidArgumentException when {@code name} exists or the size is not positive
   */
  static RegionWriter inPlace(PmemDirectory directory, String name, long size) {
    return new InPlaceRegionWriter(directory, name, size);
  }
}
