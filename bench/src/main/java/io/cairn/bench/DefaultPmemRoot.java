package io.cairn.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The pmem root a benchmark uses when {@code --pmem-dir} is not given: a directory of its own under
 * {@code /dev/shm} (tmpfs: DRAM, the usual stand-in for pmem on a commodity machine, see
 * {@code docs/bench.md}), named after the process so that concurrent runs do not meet. Each store
 * gets its own subdirectory there and removes it with the store; the root itself is removed when
 * the JVM exits, if empty (a run with {@code --keep} leaves its stores there).
 *
 * <p>Where {@code /dev/shm} is missing or not writable, there is no default root: cairn-pmem then
 * keeps its L0 beside the database (the engine's default) and the report says so.
 */
final class DefaultPmemRoot {
  private static final Path SHM = Path.of("/dev/shm");

  private DefaultPmemRoot() {}

  /** This run's default pmem root, created on first use, or null where {@code /dev/shm} is not usable. */
  static synchronized Path forThisRun() {
    if (!Files.isDirectory(SHM) || !Files.isWritable(SHM)) {
      return null;
    }
    Path root = SHM.resolve("cairn-bench-" + ProcessHandle.current().pid());
    try {
      if (!Files.isDirectory(root)) {
        Files.createDirectories(root);
        File asFile = root.toFile();
        asFile.deleteOnExit();
      }
      return root;
    } catch (IOException e) {
      return null;
    }
  }
}
