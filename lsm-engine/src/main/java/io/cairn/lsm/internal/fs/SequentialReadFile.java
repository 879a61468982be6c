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

  @Override
  void close();
}
