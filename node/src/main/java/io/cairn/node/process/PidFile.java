package io.cairn.node.process;

import io.cairn.common.CairnIoException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * A node process's pid file: one line, the decimal pid. Written atomically (temporary file renamed
 * into place) by the launcher as soon as it starts a node and again by the node itself; removed by
 * the node when it stops cleanly and by the commands that stop it. A pid file whose process is
 * gone (a node killed with SIGKILL) is stale: {@link #live} ignores it.
 *
 * <p>Thread-safety: stateless; the file system is the shared state.
 */
public final class PidFile {
  private final Path path;

  /** The pid file at {@code path}. */
  public PidFile(Path path) {
    this.path = path;
  }

  /** Where it is. */
  public Path path() {
    return path;
  }

  /** Writes {@code pid}, replacing what was there. */
  public void write(long pid) {
    try {
      Files.createDirectories(path.toAbsolutePath().getParent());
      Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
      Files.writeString(temporary, pid + "\n", StandardCharsets.US_ASCII);
      Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw CairnIoException.wrap("write pid file " + path, e);
    }
  }

  /** The pid written, if the file exists and holds one. */
  public Optional<Long> read() {
    try {
      return Optional.of(Long.parseLong(Files.readString(path, StandardCharsets.US_ASCII).strip()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The process named by the file, if it is still running (a stale file gives empty). */
  public Optional<ProcessHandle> live() {
    return read().flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
  }

  /** Removes the file if it names {@code pid} (or anything, when {@code pid} is negative). */
  public void deleteIfOwnedBy(long pid) {
    if (pid >= 0 && read().filter(written -> written == pid).isEmpty()) {
      return;
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw CairnIoException.wrap("remove pid file " + path, e);
    }
  }
}
