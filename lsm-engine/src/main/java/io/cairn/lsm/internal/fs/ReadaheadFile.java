package io.cairn.lsm.internal.fs;

import java.nio.file.Path;

/**
 * A view of a {@link RandomReadFile} for one scan by one thread: a read outside the window
 * fetches a window from that point in one device read, and the following reads are copies out
 * of it. With O_DIRECT this turns a scan's many block-sized device reads into a few larger ones.
 * Two shapes:
 *
 * <ul>
 *   <li>{@linkplain #fixed fixed} (RocksDB's compaction readahead): every window is the same size,
 *       from the first read on: a compaction reads its inputs end to end.
 *   <li>{@linkplain #growing growing} (RocksDB's iterator auto-readahead): the first {@value
 *       #DIRECT_READS_FIRST} reads go straight to the file (a point-like seek reads no more than
 *       it needs); then windows start at an initial size and double up to a maximum while the
 *       reads keep moving forward. A read behind the last one (a reverse scan, a re-seek) starts
 *       over: direct reads first, then the initial size.
 * </ul>
 *
 * <p>Thread-safety: one thread (the scan's). {@link #close} leaves the underlying file open.
 */
final class ReadaheadFile implements RandomReadFile {
  /** Reads of a growing view served directly before it starts reading ahead (RocksDB's 2). */
  static final int DIRECT_READS_FIRST = 2;

  private final RandomReadFile file;
  private final int initialBytes;
  private final int maxBytes;
  private final int directReadsFirst;
  private byte[] window = new byte[0];
  private long windowStart = -1;
  private int windowLength;
  private int nextBytes;
  private int directReads;
  private long lastEnd;

  private ReadaheadFile(RandomReadFile file, int initialBytes, int maxBytes, int directReadsFirst) {
    if (initialBytes < 1 || maxBytes < initialBytes) {
      throw new IllegalArgumentException("readahead of " + initialBytes + " to " + maxBytes + " bytes");
    }
    this.file = file;
    this.initialBytes = initialBytes;
    this.maxBytes = maxBytes;
    this.directReadsFirst = directReadsFirst;
    this.nextBytes = initialBytes;
  }

  /** Windows of {@code readaheadBytes} from the first read on. */
  static ReadaheadFile fixed(RandomReadFile file, int readaheadBytes) {
    return new ReadaheadFile(file, readaheadBytes, readaheadBytes, 0);
  }

  /** Direct reads first, then windows from {@code initialBytes} doubling to {@code maxBytes}. */
  static ReadaheadFile growing(RandomReadFile file, int initialBytes, int maxBytes) {
    return new ReadaheadFile(file, initialBytes, maxBytes, DIRECT_READS_FIRST);
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
    if (windowStart >= 0 && position >= windowStart && position + length <= windowStart + windowLength) {
      System.arraycopy(window, (int) (position - windowStart), target, offset, length);
      lastEnd = position + length;
      return;
    }
    if (position < lastEnd) {
      directReads = 0;
      nextBytes = initialBytes;
    }
    lastEnd = position + length;
    if (directReads < directReadsFirst || length > maxBytes || position < 0 || position > file.size() - length) {
      directReads++;
      file.read(position, target, offset, length);
      return;
    }
    int wanted = Math.max(nextBytes, length);
    windowLength = (int) Math.min(wanted, file.size() - position);
    if (window.length < windowLength) {
      window = new byte[Math.max(windowLength, Math.min(maxBytes, 2 * window.length))];
    }
    file.read(position, window, 0, windowLength);
    windowStart = position;
    nextBytes = Math.min(maxBytes, 2 * nextBytes);
    System.arraycopy(window, 0, target, offset, length);
  }

  @Override
  public void close() {
    // The scan is over; the table's file stays open for others.
  }
}
