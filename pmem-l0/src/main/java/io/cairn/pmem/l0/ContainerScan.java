package io.cairn.pmem.l0;

import io.cairn.common.CairnIoException;
import io.cairn.common.CorruptionException;
import io.cairn.pmem.api.PmemRegion;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Reads the value records of one NVMTable's container with positional file reads ({@code
 * pread}), {@value #WINDOW_BYTES} bytes at a time into one reused heap buffer: what a compaction uses
 * to copy values out, instead of faulting in every page of a freshly mapped container (a page
 * fault costs far more than a large read, most of all in a VM; docs/engine.md). A table's values
 * lie in its container in key order, so a scan in key order reads each window once.
 *
 * <p>Made by {@link NvmTable#containerScan()} only where the container region has a file to read
 * ({@link PmemRegion#fileBytes()}); the file is opened at the first read. Reads committed records
 * only, so what it returns equals what the mapping holds. Used through {@link
 * NvmTableIterator#copyValue}, which checks the copy as a read through the mapping would be.
 *
 * <p>Thread-safety: not thread-safe; one per iterator. The table must stay open while it is used.
 */
public final class ContainerScan implements AutoCloseable {
  /**
   * Bytes read at once: 64 values of 4 KiB, 16 of 16 KiB per {@code pread}. Smaller than the
   * SSTable compaction readahead (1 MiB) because an L0 compaction holds one window per input
   * table at once, and per subcompaction (36 tables and 4 subcompactions: 36 MiB, not 144).
   */
  static final int WINDOW_BYTES = 256 << 10;

  private final PmemRegion.FileBytes file;
  private final long regionBytes;
  private final String name;
  private final int windowBytes;
  private FileChannel channel;
  private ByteBuffer window;
  private long windowStart;
  private long windowEnd;

  ContainerScan(PmemRegion container, PmemRegion.FileBytes file, int windowBytes) {
    this.file = file;
    this.regionBytes = container.size();
    this.name = container.name();
    this.windowBytes = windowBytes;
  }

  /** A scan of {@code container}, or empty when it has no file to read positionally. */
  static Optional<ContainerScan> of(PmemRegion container, int windowBytes) {
    return container.fileBytes().map(file -> new ContainerScan(container, file, windowBytes));
  }

  /**
   * Copies the {@code length} bytes at region offset {@code offset} into {@code target} at
   * {@code targetOffset}.
   *
   * @throws CorruptionException when the range lies outside the container (a slot the table's
   *     checks should have refused)
   * @throws CairnIoException when the file cannot be read
   */
  public void read(long offset, byte[] target, int targetOffset, int length) {
    if (offset < 0 || length < 0 || offset + length > regionBytes) {
      throw CorruptionException.at(name, offset, "record of " + length + " bytes outside a container of "
          + regionBytes + " bytes");
    }
    if (length == 0) {
      return;
    }
    if (offset >= windowStart && offset + length <= windowEnd) {
      window.get((int) (offset - windowStart), target, targetOffset, length);
      return;
    }
    if (length >= windowBytes) {
      readFully(ByteBuffer.wrap(target, targetOffset, length), offset);
      return;
    }
    if (window == null) {
      window = ByteBuffer.allocate(windowBytes);
    }
    int fill = (int) Math.min(windowBytes, regionBytes - offset);
    windowEnd = windowStart;
    window.clear().limit(fill);
    readFully(window, offset);
    windowStart = offset;
    windowEnd = offset + fill;
    window.get(0, target, targetOffset, length);
  }

  private void readFully(ByteBuffer into, long offset) {
    try {
      if (channel == null) {
        channel = FileChannel.open(file.file(), StandardOpenOption.READ);
      }
      long at = file.payloadOffset() + offset;
      while (into.hasRemaining()) {
        int read = channel.read(into, at);
        if (read < 0) {
          throw CorruptionException.at(name, offset, "container file ends inside a record");
        }
        at += read;
      }
    } catch (IOException e) {
      throw CairnIoException.wrap("read container " + file.file(), e);
    }
  }

  @Override
  public void close() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        throw CairnIoException.wrap("close container " + file.file(), e);
      } finally {
        channel = null;
      }
    }
  }
}
