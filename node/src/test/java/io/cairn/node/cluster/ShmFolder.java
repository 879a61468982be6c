package io.cairn.node.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A new folder under {@code /dev/shm} for the nodes' emulated pmem, removed with everything in it
 * when closed (session 19; declare it before the cluster in a try-with-resources, so it is removed
 * after the nodes stopped).
 *
 * @param path the folder, or null when none was asked for ({@link #none})
 */
record ShmFolder(Path path) implements AutoCloseable {
  static final Path SHM = Path.of("/dev/shm");

  /** A new folder named {@code prefix...} under {@code /dev/shm}. */
  static ShmFolder create(String prefix) throws IOException {
    return new ShmFolder(Files.createTempDirectory(SHM, prefix));
  }

  /** No folder: the nodes run on disk. */
  static ShmFolder none() {
    return new ShmFolder(null);
  }

  @Override
  public void close() {
    if (path == null || !Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path file : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not remove " + path, e);
    }
  }
}
