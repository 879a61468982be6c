package io.cairn.lsm.internal.fs;

import java.nio.file.Path;

/**
 * An immutable file read at arbitrary offsets: an SSTable. Reads never block each other and are
 * not affected by thread interrupts.
 *
 * <p>Thread-safety: {@link #read} may be called from any number of threads at once; {@link
 * #close} must be called only when no read is in flight (the table cache reference-counts its
 * users for that reason).
 */
public interface RandomReadFile extends AutoCloseable {
  /** The file. */
  Path path();

  /** Length of the file in bytes, fixed at open. */
  long size();

  /**
   * Copies {@code length} bytes at {@code position} into {@code target} from {@code offset}.
   *
   * @throws io.cairn.common.CorruptionException when the range runs past the end of the file
   *     (a stored offset or size pointed outside it)
   * @throws io.cairn.common.CairnIoException when the device fails the read
   */
  void read(long position, byte[] target, int offset, int length);

  /**
   * A view of this file for one sequential pass (a compaction's scan) by one thread: reads ahead
   * {@code readaheadBytes} at a time where a read costs a device access (O_DIRECT), else this
   * file itself. Closing the view never closes this file.
   */
  default RandomReadFile forSequentialScan(int readaheadBytes) {
    return this;
  }

  /**
   * A view of this file for one user iterator by one thread (RocksDB's iterator auto-readahead):
   * where a read costs a device access (O_DIRECT), the first reads go straight to the file and
   * then, while the reads move forward, each device read fetches a window that starts at {@code
   * initialReadaheadBytes} and doubles up to {@code maxReadaheadBytes}; elsewhere this file
   * itself. Closing the view never closes this file.
   */
  default RandomReadFile forIteratorScan(int initialReadaheadBytes, int maxReadaheadBytes) {
    return this;
  }

  @Override
  void close();
}
