package io.cairn.lsm.internal.fs;

import io.cairn.common.CairnIoException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@link AppendFile} with O_DIRECT, for the tables written by flushes and compactions under
 * {@code useDirectIoForFlushAndCompaction}. Appends collect in an aligned buffer; a full buffer
 * is written at once, and {@link #sync} and {@link #close} write the partial last block padded
 * with zeros to the alignment and then cut the file back to its true length (RocksDB's way). The
 * partial block stays in the buffer, so later appends rewrite it whole.
 *
 * <p>Unlike a buffered {@link AppendFile}, bytes appended since the last full buffer reach the
 * file only at {@link #sync} or {@link #close}: fine for a table, which counts only once synced
 * and listed in the MANIFEST. Not thread-safe (one writer).
 */
final class DirectAppendFile implements AppendFile {
  private static final int BUFFER_BYTES = 1 << 20;

  private final Path path;
  private final FileChannel channel;
  private final int alignment;
  private final ByteBuffer buffer;
  /** File offset of the buffer's first byte (aligned). */
  private long bufferStart;
  /** Whether the file on disk is longer than {@link #size} (a padded tail not yet cut back). */
  private boolean padded;
  private boolean closed;

  private DirectAppendFile(Path path, FileChannel channel, int alignment) {
    this.path = path;
    this.channel = channel;
    this.alignment = alignment;
    this.buffer = DirectIo.alignedBuffer((int) DirectIo.alignUp(BUFFER_BYTES, alignment), alignment);
  }

  static DirectAppendFile create(Path path) {
    try {
      FileChannel channel = DirectIo.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.WRITE, StandardOpenOption.READ);
      try {
        return new DirectAppendFile(path, channel, DirectIo.alignment(path));
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
    } catch (IOException e) {
      throw CairnIoException.wrap("create " + path + " for direct writes", e);
    } catch (UnsupportedOperationException e) {
      throw new CairnIoException("create " + path + " for direct writes: " + e.getMessage(), e);
    }
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public void append(byte[] bytes, int offset, int length) {
    while (length > 0) {
      int chunk = Math.min(length, buffer.remaining());
      buffer.put(bytes, offset, chunk);
      offset += chunk;
      length -= chunk;
      if (!buffer.hasRemaining()) {
        writeFullBuffer();
      }
    }
  }

  private void writeFullBuffer() {
    buffer.flip();
    writeAt(buffer, bufferStart);
    bufferStart += buffer.limit();
    buffer.clear();
  }

  /** Writes the buffered bytes, the last block padded with zeros, and cuts the file to {@link #size}. */
  private void writeTail() {
    int used = buffer.position();
    if (used == 0) {
      cutBack();
      return;
    }
    int tailStart = (int) DirectIo.alignDown(used, alignment);
    int padTo = (int) DirectIo.alignUp(used, alignment);
    ByteBuffer out = buffer.duplicate().position(0).limit(padTo);
    for (int i = used; i < padTo; i++) {
      out.put(i, (byte) 0);
    }
    writeAt(out, bufferStart);
    padded |= padTo != used;
    cutBack();
    // Keep only the partial block: the next write starts at its aligned offset and rewrites it.
    if (tailStart > 0) {
      ByteBuffer tail = buffer.duplicate().position(tailStart).limit(used);
      buffer.clear().put(tail);
      bufferStart += tailStart;
    }
  }

  private void cutBack() {
    if (padded) {
      try {
        channel.truncate(size());
      } catch (IOException e) {
        throw CairnIoException.wrap("truncate " + path + " to " + size() + " bytes", e);
      }
      padded = false;
    }
  }

  private void writeAt(ByteBuffer source, long position) {
    try {
      while (source.hasRemaining()) {
        channel.write(source, position + source.position());
      }
    } catch (IOException e) {
      throw CairnIoException.wrap("append to " + path, e);
    }
  }

  @Override
  public void sync() {
    writeTail();
    try {
      channel.force(true);
    } catch (IOException e) {
      throw CairnIoException.wrap("sync " + path, e);
    }
  }

  @Override
  public void truncate(long bytes) {
    if (bytes > size()) {
      throw new IllegalArgumentException("cannot truncate " + path + " to " + bytes + " bytes, it has " + size());
    }
    writeTail();
    long start = DirectIo.alignDown(bytes, alignment);
    int keep = (int) (bytes - start);
    try {
      channel.truncate(bytes);
      buffer.clear();
      if (keep > 0) {
        ByteBuffer block = buffer.duplicate().position(0).limit(alignment);
        while (block.position() < keep) {
          // A short read ends at the end of the file, which lies at or past the kept bytes.
          if (channel.read(block, start + block.position()) < 0) {
            throw new IOException("the file ended before the " + bytes + " bytes it was cut to");
          }
        }
      }
      buffer.position(keep);
      bufferStart = start;
    } catch (IOException e) {
      throw CairnIoException.wrap("truncate " + path + " to " + bytes + " bytes", e);
    }
  }

  @Override
  public long size() {
    return bufferStart + buffer.position();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      writeTail();
    } finally {
      try {
        channel.close();
      } catch (IOException e) {
        throw CairnIoException.wrap("close " + path, e);
      }
    }
  }
}
