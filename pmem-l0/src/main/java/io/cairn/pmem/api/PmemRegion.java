package io.cairn.pmem.api;

import io.cairn.common.ClosedException;
import io.cairn.common.InvalidArgumentException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A fixed-size range of persistent memory, addressed by byte offsets {@code [0, size())}: the one
 * interface through which the engine writes to pmem. Backends: {@link PmemBackend}; open one with
 * {@link Pmem} or a {@link PmemDirectory}.
 *
 * <p><b>Durability</b> (full rules in {@code docs/persistence.md}): a write is visible to readers
 * at once but durable only after {@link #flush} of its range <em>and</em> a later {@link #fence}
 * on the same thread ({@link #persist} does both). Between two fences nothing is ordered: after a
 * power cut each 64-byte line written since its last persist may hold its old bytes, its new
 * bytes, or a mix at 8-byte granularity. Only {@link #storeLongAtomic} at an 8-aligned offset is
 * failure-atomic. Some backends make flushed data durable earlier (msync returns after writing);
 * callers must not rely on it.
 *
 * <p><b>Byte order</b>: primitives are stored little-endian ({@link #BYTE_ORDER}) on every
 * backend and platform, so region files are portable between the FFM and libpmem backends.
 *
 * <p><b>Errors</b>: a range outside {@code [0, size())} throws {@link InvalidArgumentException}
 * before anything is touched; any call after {@link #close()} throws {@link ClosedException}.
 * No bad argument reaches native code.
 *
 * <p><b>Thread-safety</b>: safe for concurrent use. Reads may run alongside writes to other
 * ranges; writes to overlapping ranges from several threads, and reads of a range being written,
 * need the caller's own synchronisation (this is memory, not a log). {@link #close()} must not run
 * concurrently with other calls on the same region; if it does, those calls fail with an
 * exception, never with a fault.
 */
public interface PmemRegion extends AutoCloseable {
  /** Order of the bytes of every multi-byte primitive. */
  ByteOrder BYTE_ORDER = ByteOrder.LITTLE_ENDIAN;
  /** The CPU's cache-line size: the unit of write-back and of torn writes. */
  int CACHE_LINE_BYTES = 64;
  /** Optane's internal write unit (XPLine); the unit the latency model charges flushes in. */
  int XPLINE_BYTES = 256;

  /** The region's name: its file name, or a label for in-memory regions. */
  String name();

  /** The file that holds the region, if it has one. */
  Optional<Path> file();

  /**
   * Where this region's bytes can also be read with positional file reads ({@code pread}): its
   * file and the file offset of region offset 0. A one-pass scan of committed bytes (a
   * compaction) reads there in large chunks instead of faulting in every page of a fresh mapping.
   * Empty (the default) where a read must go through the region: no file (llpl), or a wrapper
   * that models or records each access ({@link ForwardingRegion}: latency model, crash
   * simulator). Bytes read there equal the region's once they were written (the file's page
   * cache, or DAX, backs the mapping).
   */
  default Optional<FileBytes> fileBytes() {
    return Optional.empty();
  }

  /** A region file and the file offset at which region offset 0 lies. */
  record FileBytes(Path file, long payloadOffset) {}

  /** The backend that serves this region (never {@link PmemBackend#AUTO}). */
  PmemBackend backend();

  /** What flush and fence do underneath here. */
  DurabilityMode durabilityMode();

  /** Bytes the region holds; valid offsets are {@code [0, size())}. */
  long size();

  /** The byte at {@code offset}. */
  byte readByte(long offset);

  /** The little-endian int at {@code offset} (any alignment). */
  int readInt(long offset);

  /** The little-endian long at {@code offset} (any alignment). */
  long readLong(long offset);

  /**
   * A volatile read of the long at an 8-aligned {@code offset}: the counterpart of {@link
   * #storeLongAtomic}, for commit words.
   *
   * @throws InvalidArgumentException when {@code offset} is not a multiple of 8
   */
  long readLongAtomic(long offset);

  /** Copies {@code length} bytes at {@code offset} into {@code target[targetOffset..]}. */
  void read(long offset, byte[] target, int targetOffset, int length);

  /** Copies {@code target.byteSize()} bytes at {@code offset} into {@code target} (one copy, no staging). */
  void read(long offset, MemorySegment target);

  /**
   * A read-only view of {@code [offset, offset + length)}, without copying: reads through it see
   * the region's current bytes (including later writes). Valid until the region is closed; after
   * that any access to it throws {@link IllegalStateException}. The caller must not keep it
   * longer than the region. Writing through it throws.
   */
  MemorySegment view(long offset, long length);

  /**
   * Maps every page of the region into this process now, where the backend maps a file, so that
   * later reads take no page fault (the first touch of a page of a fresh mapping costs a fault:
   * on DRAM-backed emulation a fault costs more than a 16 KiB copy). Changes no byte and nothing
   * durable; a no-op (the default) where the backend has nothing to map ahead.
   */
  default void prefault() {}

  /** Stores {@code value} at {@code offset}. Not durable until persisted. */
  void writeByte(long offset, byte value);

  /** Stores little-endian {@code value} at {@code offset} (any alignment; may tear at 8-byte words). */
  void writeInt(long offset, int value);

  /** Stores little-endian {@code value} at {@code offset} (any alignment; may tear at 8-byte words). */
  void writeLong(long offset, long value);

  /** Copies {@code source[sourceOffset .. sourceOffset + length)} to {@code offset}. */
  void write(long offset, byte[] source, int sourceOffset, int length);

  /** Copies all of {@code source} to {@code offset} (one copy; heap or native segment). */
  void write(long offset, MemorySegment source);

  /** Copies all of {@code source} to {@code offset}. */
  default void write(long offset, byte[] source) {
    write(offset, source, 0, source.length);
  }

  /** Sets {@code length} bytes at {@code offset} to {@code value}. */
  void fill(long offset, long length, byte value);

  /**
   * Stores an 8-byte commit word so that after a crash the word holds either its previous value
   * or {@code value}, never a mix. Like any store it is durable only after {@link #persist} of
   * its 8 bytes. Also a release store: a thread that reads the new value with {@link
   * #readLongAtomic} sees every write this thread made before it.
   *
   * @throws InvalidArgumentException when {@code offset} is not a multiple of 8
   */
  void storeLongAtomic(long offset, long value);

  /**
   * Starts writing back the cache lines that cover {@code [offset, offset + length)}. Durable
   * only after the next {@link #fence()} on this thread. A length of 0 does nothing.
   */
  void flush(long offset, long length);

  /**
   * Waits until every range this thread flushed before it is durable, and orders them before every
   * store that follows. A persist point.
   */
  void fence();

  /** {@link #flush} then {@link #fence}: {@code [offset, offset + length)} is durable on return. */
  default void persist(long offset, long length) {
    flush(offset, length);
    fence();
  }

  /**
   * Copies {@code source} to {@code offset} and makes it durable: {@link #write} then {@link
   * #persist}, done in one pass where the backend can (libpmem's {@code pmem_memcpy_persist}).
   */
  default void writeAndPersist(long offset, MemorySegment source) {
    write(offset, source);
    persist(offset, source.byteSize());
  }

  /** Whether {@link #close()} has been called. */
  boolean isClosed();

  /**
   * Unmaps the region. Makes nothing durable: data not persisted before may or may not survive a
   * power cut (it does survive a process exit on the file backends). Idempotent.
   */
  @Override
  void close();
}
