package io.cairn.lsm.internal.fs;

import java.nio.file.Path;

/**
 * A view of a {@link RandomReadFile} for one sequential scan (RocksDB's compaction readahead): a
 * read outside the window fetches {@code readaheadBytes} from that point in one device read, and
 * the following reads are copies out of it. With O_DIRECT this turns a compaction's thousands of
 * block-sized device reads into a few large ones.
 *
 * <p>Thread-safety: one thread (the scan's). {@link #close} leaves the underlying file open.
 */
final class ReadaheadFile implements RandomReadFile {
  private final RandomReadFile file;
  private final byte[] window;
  private long windowStart = -1;
  private int windowLength;

  ReadaheadFile(RandomReadFile file, int readaheadBytes) {
    if (readaheadBytes < 1) {
      throw new IllegalArgumentException("readaheadBytes must be positive, was " + readaheadBytes);
    }
    this.file = file;
    this.window = new byte[readaheadBytes];
  }

  @Override
  public Path path() {
    return file.path();
  }

  @Override
  public long size() {
    return file.size();
  }

  @Override
  public void read(long position, byte[] target, int offset, int length) {
    if (length > window.length || position < 0 || position > file.size() - length) {
      file.read(position, target, offset, length);
      return;
    }
    if (windowStart < 0 || position < windowStart || position + length > windowStart + windowLength) {
      windowLength = (int) Math.min(window.length, file.size() - position);
      file.read(position, window, 0, windowLength);
      windowStart = position;
    }
    System.arraycopy(window, (int) (position - windowStart), target, offset, length);
  }

  @Override
  public void close() {
    // The scan is over; the table's file stays open for others.
  }
}
