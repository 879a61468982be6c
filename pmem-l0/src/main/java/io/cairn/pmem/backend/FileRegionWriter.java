package io.cairn.pmem.backend;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.WRITE;

import io.cairn.common.CairnIoException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.pmem.api.PmemRegion;
import io.cairn.pmem.api.RegionOptions;
import io.cairn.pmem.api.RegionWriter;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/**
 * The {@link RegionWriter} of a file-backed directory: the region file is written with positional
 * writes (small ones combined in a buffer while each follows the last, or follows it after a few
 * never-written bytes of padding, buffered as zeros) as {@code name + ".creating"}, and {@link
 * #finish} zero-fills the tail, fsyncs, renames it to its name, fsyncs the directory and maps it
 * with the options' backend. So a flush pays one kernel copy of its bytes, where zero-filling a
 * file, mapping it and storing into it paid the zeros, a page fault per page and an msync.
 *
 * <p>Crash consistency is that of {@link RegionFiles#create}: a crash before the rename leaves only
 * the {@code .creating} file, which is never listed. Persist points inside the region are
 * therefore not needed and {@link #persist} does nothing. With a latency model the modelled cost
 * of flushing every byte (and one fence) is charged at {@link #finish}.
 *
 * <p>Thread-safety: not thread-safe.
 */
final class FileRegionWriter implements RegionWriter {
  private static final int BUFFER_BYTES = 256 << 10;
  private static final int HEADER = RegionFormat.HEADER_BYTES;
  /** The largest gap of unwritten bytes after the buffer that a write may skip by buffering zeros. */
  private static final int MAX_GAP = 64;
  private static final byte[] ZEROS = new byte[MAX_GAP];

  private final Path file;
  private final Path creating;
  private long size;
  /** The size the header on file records (rewritten at {@link #finish} after a {@link #resize}). */
  private final long createdSize;
  private final RegionOptions options;
  private final FileChannel channel;
  private final ByteBuffer pending = ByteBuffer.allocateDirect(BUFFER_BYTES);
  /** All of {@code pending}'s memory, whatever its position and limit. */
  private final MemorySegment pendingBytes = MemorySegment.ofBuffer(pending);
  /** Region offset of {@code pending}'s first byte. */
  private long pendingOffset;
  /** End of the furthest byte written. */
  private long end;
  private boolean open = true;
  /** Positional writes made to the file so far (what buffering saves: one system call each). */
  private long fileWrites;

  private FileRegionWriter(Path file, Path creating, long size, RegionOptions options, FileChannel channel) {
    this.file = file;
    this.creating = creating;
    this.size = size;
    this.createdSize = size;
    this.options = options;
    this.channel = channel;
  }

  /**
   * Starts region file {@code file} of {@code size} payload bytes: its {@code .creating} file with
   * the region header.
   *
   * @throws InvalidArgumentException when {@code file} exists or the size is out of range
   * @throws CairnIoException when the file system refuses
   */
  static FileRegionWriter create(Path file, long size, RegionOptions options) {
    byte[] header = RegionFormat.encode(size);
    if (Files.exists(file)) {
      throw new InvalidArgumentException("pmem region " + file + " already exists");
    }
    Path creating = RegionFiles.creatingFile(file);
    FileChannel channel = null;
    try {
      Files.deleteIfExists(creating);
      channel = FileChannel.open(creating, CREATE_NEW, WRITE);
      RegionFiles.writeFully(channel, ByteBuffer.wrap(header), 0);
      return new FileRegionWriter(file, creating, size, options, channel);
    } catch (IOException e) {
      closeQuietly(channel);
      RegionFiles.deleteQuietly(creating);
      throw CairnIoException.wrap("create pmem region " + file + " of " + size + " bytes", e);
    }
  }

  @Override
  public String name() {
    return file.getFileName().toString();
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public void write(long offset, MemorySegment source) {
    long length = source.byteSize();
    if (pendingRoom(offset, length)) {
      MemorySegment.copy(source, 0, pendingBytes, pending.position(), length);
      pending.position(pending.position() + (int) length);
    } else {
      writeAt(source.asByteBuffer(), offset);
    }
    end = Math.max(end, offset + length);
  }

  /** {@link #write(long, MemorySegment)} of an array range, put straight into the buffer (a flush's records). */
  @Override
  public void write(long offset, byte[] source, int from, int length) {
    Objects.checkFromIndexSize(from, length, source.length);
    if (pendingRoom(offset, length)) {
      pending.put(source, from, length);
    } else {
      writeAt(ByteBuffer.wrap(source, from, length), offset);
    }
    end = Math.max(end, offset + length);
  }

  /**
   * Checks a write of {@code length} bytes at {@code offset} and makes the buffer ready for it:
   * true when the bytes go into the buffer at its position, false when they are too many for it
   * and must be written directly (the buffer is drained either way unless the write extends it).
   */
  private boolean pendingRoom(long offset, long length) {
    checkOpen();
    if (offset < 0 || length > size - offset) {
      throw new InvalidArgumentException("write of " + length + " bytes at " + offset + " is outside region "
          + name() + " of " + size + " bytes");
    }
    long pendingEnd = pendingOffset + pending.position();
    long gap = offset - pendingEnd;
    // A record after the padding that aligns it (container records are 8-byte aligned) follows the
    // buffer with a gap of bytes never written, which read as zeros: buffered as zeros, the write
    // still appends, where draining would cost one pwrite per record.
    boolean appends = pending.position() > 0 && gap >= 0 && gap <= MAX_GAP && (gap == 0 || pendingEnd == end);
    if (!appends || gap + length > pending.remaining()) {
      drain();
      pendingOffset = offset;
    } else if (gap > 0) {
      pending.put(ZEROS, 0, (int) gap);
    }
    return length <= pending.capacity();
  }

  @Override
  public void resize(long newSize) {
    checkOpen();
    RegionFormat.checkPayloadBytes(newSize);
    if (newSize < end) {
      throw new InvalidArgumentException("region " + name() + " cannot shrink to " + newSize + " bytes: "
          + end + " are written");
    }
    size = newSize;
  }

  @Override
  public void storeLongAtomic(long offset, long value) {
    // Nobody can read the region before it is published, so a plain write cannot be seen torn.
    byte[] bytes = new byte[Long.BYTES];
    MemorySegment.ofArray(bytes).set(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, value);
    write(offset, bytes);
  }

  @Override
  public void persist(long offset, long length) {
    checkOpen();
  }

  @Override
  public PmemRegion finish() {
    checkOpen();
    try {
      drain();
      if (size != createdSize) {
        RegionFiles.writeFully(channel, ByteBuffer.wrap(RegionFormat.encode(size)), 0);
      }
      zeroFillFrom(end);
      channel.force(true);
      channel.close();
      Files.move(creating, file, StandardCopyOption.ATOMIC_MOVE);
      RegionFiles.syncDirectory(file.toAbsolutePath().getParent());
    } catch (IOException | RuntimeException e) {
      abandon();
      throw e instanceof IOException io ? CairnIoException.wrap("write pmem region " + file, io) : (RuntimeException) e;
    }
    open = false;
    if (!options.latencyModel().isOff()) {
      LatencyRegion.delay(options.latencyModel().flushCostNanos(0, size) + options.latencyModel().fenceNanos());
    }
    return Backends.open(file, options);
  }

  @Override
  public void close() {
    if (open) {
      abandon();
    }
  }

  private void abandon() {
    open = false;
    closeQuietly(channel);
    RegionFiles.deleteQuietly(creating);
  }

  /** Writes the tail {@code [from, size)} as zeros, so the file has its blocks allocated. */
  private void zeroFillFrom(long from) throws IOException {
    pendingBytes.fill((byte) 0);
    for (long at = from; at < size; ) {
      int chunk = (int) Math.min(pending.capacity(), size - at);
      RegionFiles.writeFully(channel, pending.clear().limit(chunk), HEADER + at);
      at += chunk;
    }
  }

  private void drain() {
    if (pending.position() > 0) {
      pending.flip();
      writeAt(pending, pendingOffset);
      pending.clear();
    }
  }

  private void writeAt(ByteBuffer buffer, long offset) {
    fileWrites++;
    try {
      RegionFiles.writeFully(channel, buffer, HEADER + offset);
    } catch (IOException e) {
      throw CairnIoException.wrap("write pmem region " + file, e);
    }
  }

  /** Positional writes made to the file so far, besides the one of the region header. */
  long fileWrites() {
    return fileWrites;
  }

  private void checkOpen() {
    if (!open) {
      throw new IllegalStateException("the writer of region " + file + " is finished or closed");
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Abandoning: the file is deleted next.
      }
    }
  }
}
