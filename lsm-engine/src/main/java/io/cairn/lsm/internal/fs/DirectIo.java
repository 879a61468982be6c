package io.cairn.lsm.internal.fs;

import com.sun.nio.file.ExtendedOpenOption;
import io.cairn.common.CairnIoException;
import io.cairn.common.InvalidArgumentException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What O_DIRECT needs, in one place: the alignment (the file system's block size: file offsets,
 * lengths and buffer addresses of every transfer must be multiples of it), aligned buffers, and
 * the probe that tells whether a directory's file system accepts O_DIRECT at all.
 *
 * <p>Thread-safety: stateless.
 */
final class DirectIo {
  /** Name of the probe file {@link #probe} writes and removes (a temporary-file name). */
  static final String PROBE_NAME = "DIRECT-PROBE.dbtmp";

  private DirectIo() {}

  /** Opens {@code path} with O_DIRECT and {@code options}. */
  static FileChannel open(Path path, OpenOption... options) throws IOException {
    OpenOption[] all = new OpenOption[options.length + 1];
    System.arraycopy(options, 0, all, 0, options.length);
    all[options.length] = ExtendedOpenOption.DIRECT;
    return FileChannel.open(path, all);
  }

  /**
   * The O_DIRECT alignment of the file system holding {@code path}: its block size (at least 512,
   * a power of two).
   */
  static int alignment(Path path) throws IOException {
    FileStore store = Files.getFileStore(path);
    long blockSize = store.getBlockSize();
    if (blockSize < 512 || blockSize > 1 << 20 || Long.bitCount(blockSize) != 1) {
      throw new IOException("the file system of " + path + " reports a block size of " + blockSize
          + " bytes, which O_DIRECT cannot be aligned to");
    }
    return (int) blockSize;
  }

  /** A direct buffer of {@code capacity} bytes (a multiple of {@code alignment}) starting at an aligned address. */
  static ByteBuffer alignedBuffer(int capacity, int alignment) {
    assert capacity % alignment == 0 : "capacity " + capacity + " is not a multiple of " + alignment;
    return ByteBuffer.allocateDirect(capacity + alignment).alignedSlice(alignment).limit(capacity);
  }

  /** {@code value} rounded down to a multiple of {@code alignment} (a power of two). */
  static long alignDown(long value, int alignment) {
    return value & -(long) alignment;
  }

  /** {@code value} rounded up to a multiple of {@code alignment} (a power of two). */
  static long alignUp(long value, int alignment) {
    return (value + alignment - 1) & -(long) alignment;
  }

  /**
   * Writes, syncs, reads back and deletes one aligned block in {@code directory} with O_DIRECT.
   *
   * @throws InvalidArgumentException naming {@code option} when the file system refuses O_DIRECT
   *     (tmpfs before Linux 6.6, many FUSE and network file systems)
   * @throws CairnIoException when the directory cannot be written at all
   */
  static void probe(Path directory, String option) {
    Path probe = directory.resolve(PROBE_NAME);
    try {
      probe(probe);
    } catch (NoSuchFileException | AccessDeniedException e) {
      throw CairnIoException.wrap("probe direct I/O in " + directory, e);
    } catch (IOException | UnsupportedOperationException e) {
      throw refused(directory, option, e);
    } finally {
      try {
        Files.deleteIfExists(probe);
      } catch (IOException ignored) {
        // A leftover temporary file is removed at the next open.
      }
    }
  }

  private static void probe(Path probe) throws IOException {
    try (FileChannel channel = open(probe, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      int alignment = alignment(probe);
      ByteBuffer block = alignedBuffer(alignment, alignment);
      while (block.hasRemaining()) {
        channel.write(block, block.position());
      }
      channel.force(true);
      block.clear();
      while (block.hasRemaining() && channel.read(block, block.position()) >= 0) {
        // Reads until the block is full or the file ends.
      }
    }
  }

  /** The error for a file system that refuses O_DIRECT, naming the option that asked for it. */
  static InvalidArgumentException refused(Path directory, String option, Exception cause) {
    String type;
    try {
      type = Files.getFileStore(directory).type();
    } catch (IOException | RuntimeException e) {
      type = "unknown";
    }
    return new InvalidArgumentException("option " + option + ": the file system of " + directory + " (" + type
        + ") refuses direct I/O (O_DIRECT: " + cause.getMessage() + "); open without " + option
        + " (buffered I/O through the page cache), or put the database on a file system that supports it",
        cause);
  }
}
