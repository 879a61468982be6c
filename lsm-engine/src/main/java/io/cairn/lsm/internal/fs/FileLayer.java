package io.cairn.lsm.internal.fs;

import java.nio.file.Path;
import java.util.List;

/**
 * Every file operation the engine performs, in one place (LevelDB's {@code Env}). The engine
 * never touches {@code java.nio.file} directly, so tests can put a fault-injecting or in-memory
 * layer underneath it (disk full, dropped unsynced data) and the pmem L0 can reuse the rest.
 *
 * <p>Thread-safety: implementations are safe for concurrent use.
 *
 * <p>Errors: {@link io.cairn.common.CairnIoException} naming the path for I/O failures, unless a
 * method says otherwise.
 */
public interface FileLayer {
  /** Creates {@code path} empty (truncating an existing file) for appending. */
  AppendFile createAppendFile(Path path);

  /** Opens an existing immutable file for positional reads. */
  RandomReadFile openRandomRead(Path path);

  /**
   * Creates a table file for appending, bypassing the page cache when {@code direct} (O_DIRECT
   * through aligned buffers: appended bytes may stay in the file's buffer until {@link
   * AppendFile#sync} or {@link AppendFile#close}, which is all a table needs, as it counts only
   * once synced and listed in the MANIFEST). A layer without a page cache ignores {@code direct}.
   */
  default AppendFile createTableFile(Path path, boolean direct) {
    return createAppendFile(path);
  }

  /**
   * Opens a table for positional reads, bypassing the page cache when {@code direct} (every read
   * is a device read of the aligned blocks around it). A layer without a page cache ignores
   * {@code direct}.
   */
  default RandomReadFile openTable(Path path, boolean direct) {
    return openRandomRead(path);
  }

  /**
   * Checks that files in {@code directory} can be opened with O_DIRECT.
   *
   * @throws io.cairn.common.InvalidArgumentException naming {@code option} when the file system
   *     refuses O_DIRECT (a layer without a page cache accepts it)
   */
  default void requireDirectIo(Path directory, String option) {}

  /** Opens an existing file for one pass from its start. */
  SequentialReadFile openSequential(Path path);

  /** Whether {@code path} exists. */
  boolean exists(Path path);

  /** Length of the file at {@code path}. */
  long fileBytes(Path path);

  /** Deletes {@code path}; returns false when it did not exist. */
  boolean delete(Path path);

  /** Renames {@code from} to {@code to} atomically, replacing {@code to} if it exists. */
  void renameReplacing(Path from, Path to);

  /** Names of the entries of directory {@code directory}, in no particular order. */
  List<String> list(Path directory);

  /** Creates {@code directory} and its missing parents. */
  void createDirectories(Path directory);

  /** Makes the directory's entries (creations, renames, deletions) durable. */
  void syncDirectory(Path directory);

  /**
   * Locks {@code lockFile} (created if missing) for this process.
   *
   * @throws io.cairn.common.BusyException when another process, or another open database in
   *     this process, holds it
   */
  DirectoryLock lock(Path lockFile);
}
