package io.cairn.lsm.internal.fs;

import io.cairn.common.CairnIoException;
import io.cairn.common.CorruptionException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@link RandomReadFile} with O_DIRECT: a read fetches the aligned blocks around the range from
 * the device into an aligned per-thread buffer (no page cache in between) and copies the range
 * out. Used for SSTables under {@code useDirectReads}, where the block cache is the only cache.
 *
 * <p>A thread interrupt closes a {@link FileChannel} for every user; a read that meets a channel
 * closed that way reopens it and retries (the interrupt status is kept), so one interrupted
 * reader never fails the others.
 *
 * <p>Thread-safety: {@link #read} is safe from any number of threads.
 */
final class DirectReadFile implements RandomReadFile {
  /** Per-thread buffers grow up to this; a larger read (an index at open) gets its own buffer. */
  private static final int CACHED_BUFFER_MAX = 1 << 20;
  private static final ThreadLocal<ByteBuffer> BUFFERS = new ThreadLocal<>();

  private final Path path;
  private final long size;
  private final int alignment;
  private volatile FileChannel channel;
  private volatile boolean closed;

  private DirectReadFile(Path path, FileChannel channel, long size, int alignment) {
    this.path = path;
    this.channel = channel;
    this.size = size;
    this.alignment = alignment;
  }

  static DirectReadFile open(Path path) {
    try {
      int alignment = DirectIo.alignment(path);
      FileChannel channel = DirectIo.open(path, StandardOpenOption.READ);
      try {
        return new DirectReadFile(path, channel, channel.size(), alignment);
      } catch (IOException e) {
        channel.close();
        throw e;
      }
    } catch (IOException e) {
      throw CairnIoException.wrap("open " + path + " for direct reads", e);
    } catch (UnsupportedOperationException e) {
      throw new CairnIoException("open " + path + " for direct reads: " + e.getMessage(), e);
    }
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public void read(long position, byte[] target, int offset, int length) {
    if (position < 0 || length < 0 || position > size - length) {
      throw CorruptionException.at(path, position,
          "read of " + length + " bytes runs past the end of the file (" + size + " bytes)");
    }
    long start = DirectIo.alignDown(position, alignment);
    int span = (int) (DirectIo.alignUp(position + length, alignment) - start);
    ByteBuffer buffer = buffer(span);
    int needed = (int) (position + length - start);
    readFully(buffer, start, needed);
    buffer.get((int) (position - start), target, offset, length);
  }

  private void readFully(ByteBuffer buffer, long start, int needed) {
    boolean interrupted = false;
    try {
      for (int attempt = 0; ; attempt++) {
        try {
          while (buffer.position() < needed) {
            if (channel.read(buffer, start + buffer.position()) < 0) {
              throw CorruptionException.at(path, start + buffer.position(), "the file ended before its recorded size");
            }
          }
          return;
        } catch (ClosedChannelException e) {
          if (closed || attempt >= 3) {
            throw CairnIoException.wrap("read " + path, e);
          }
          interrupted |= Thread.interrupted();
          reopen();
        } catch (IOException e) {
          throw CairnIoException.wrap("read " + path + " at " + start, e);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private synchronized void reopen() {
    if (!channel.isOpen() && !closed) {
      try {
        channel = DirectIo.open(path, StandardOpenOption.READ);
      } catch (IOException e) {
        throw CairnIoException.wrap("reopen " + path + " after an interrupt closed it", e);
      }
    }
  }

  private ByteBuffer buffer(int span) {
    if (span > CACHED_BUFFER_MAX) {
      return DirectIo.alignedBuffer(span, alignment);
    }
    ByteBuffer cached = BUFFERS.get();
    if (cached == null || cached.capacity() < span || cached.alignmentOffset(0, alignment) != 0) {
      int capacity = (int) Math.min(CACHED_BUFFER_MAX, Math.max(span, 64L << 10));
      cached = DirectIo.alignedBuffer(capacity, alignment);
      BUFFERS.set(cached);
    }
    return cached.clear().limit(span);
  }

  @Override
  public RandomReadFile forSequentialScan(int readaheadBytes) {
    return ReadaheadFile.fixed(this, readaheadBytes);
  }

  @Override
  public RandomReadFile forIteratorScan(int initialReadaheadBytes, int maxReadaheadBytes) {
    return ReadaheadFile.growing(this, initialReadaheadBytes, maxReadaheadBytes);
  }

  @Override
  public synchronized void close() {
    closed = true;
    try {
      channel.close();
    } catch (IOException e) {
      throw CairnIoException.wrap("close " + path, e);
    }
  }
}
