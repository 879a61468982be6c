package io.cairn.lsm.internal.fs;

import java.nio.file.Path;

/**
 * A file written by appending: WAL segments, MANIFESTs, tables being built, CURRENT's temporary.
 *
 * <p>Contract: {@link #append} hands bytes to the operating system before it returns (a process
 * crash after it loses nothing; a machine crash may); {@link #sync} makes everything appended so
 * far durable. A failed append may have written a prefix of the bytes: {@link #truncate} cuts the
 * file back to a known-good length.
 *
 * <p>Thread-safety: one writer thread at a time (the engine serialises appends).
 *
 * <p>Errors: every method throws {@link io.cairn.common.CairnIoException} naming the file when the
 * operating system refuses (a full disk keeps the JDK's "No space left on device").
 */
public interface AppendFile extends AutoCloseable {
  /** The file. */
  Path path();

  /** Appends {@code length} bytes of {@code bytes} from {@code offset}. */
  void append(byte[] bytes, int offset, int length);

  /** Forces every appended byte to durable storage (fsync). */
  void sync();

  /**
   * Whether {@link #sync} persists without an {@code fsync} (persistent memory: cache-line flushes
   * and a fence), cheap enough to run on a writer's path.
   */
  default boolean syncIsCheap() {
    return false;
  }

  /**
   * Whether the file's name was durable when it was created (session 18): a pmem WAL segment, whose
   * extent is created or claimed by a rename that is durable on return ({@code PmemDirectory}), so a
   * synced write need not {@code fsync} the database's disk directory for it. Plain files: false.
   */
  default boolean nameDurableAtCreate() {
    return false;
  }

  /**
   * Whether this file's storage may still hold bytes of an earlier log (a recycled pmem WAL
   * extent, session 14): a log written here must then seed its checksums with its file number
   * ({@link io.cairn.lsm.internal.log.LogFormat#checksumSeed}), so that a reader never takes an
   * earlier log's record for one of this file's. Plain files: false.
   */
  default boolean checksumsCarryFileNumber() {
    return false;
  }

  /** Cuts the file to {@code bytes} (not more than {@link #size()}); later appends go there. */
  void truncate(long bytes);

  /** Bytes appended so far (the file's length). */
  long size();

  /** Closes the file without syncing it. Idempotent. */
  @Override
  void close();
}
