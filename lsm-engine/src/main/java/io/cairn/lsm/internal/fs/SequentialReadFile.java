package io.cairn.lsm.internal.fs;

import java.nio.file.Path;

/**
 * A file read once from start to end: WAL segments and MANIFESTs during recovery.
 *
 * <p>Thread-safety: one reader thread.
 */
public interface SequentialReadFile extends AutoCloseable {
  /** The file. */
  Path path();

  /**
   * Reads up to {@code length} bytes into {@code target} from {@code offset}, as many as are
   * available before the end of the file.
   *
   * @return the number of bytes read: less than {@code length} only at the end of the file
   * @throws io.cairn.common.CairnIoException when the device fails the read
   */
  int read(byte[] target, int offset, int length);

  /**
   * Whether the log in this file seeds its checksums with its file number (written where {@link
   * AppendFile#checksumsCarryFileNumber()} said so). Plain files: false.
   */
  default boolean checksumsCarryFileNumber() {
    return false;
  }

  /**
   * Bytes from the start that were made durable by a sync: a log reader refuses damage below this
   * offset (followed by intact records) but treats damage at or past it as a torn tail, since
   * nothing past it was promised to survive a power cut (pmem WAL version 2, whose length word
   * may reach the media before the lines it covers). Plain files: {@link Long#MAX_VALUE} (every
   * byte is held to the usual rule).
   */
  default long durableBytes() {
    return Long.MAX_VALUE;
  }

  @Override
  void close();
}
