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
