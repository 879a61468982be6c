package io.cairn.bench.runner;

import io.cairn.common.CairnIoException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

/** File-tree helpers of the runner: sizes and removal of the databases it created. */
public final class Directories {
  private Directories() {}

  /**
   * Bytes of the regular files under {@code root} (0 when it does not exist). An engine's
   * background work may delete files during the walk: those simply no longer count.
   */
  public static long sizeBytes(Path root) {
    if (!Files.exists(root)) {
      return 0;
    }
    long[] total = {0};
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
          if (attributes.isRegularFile()) {
            total[0] += attributes.size();
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
          if (failure instanceof NoSuchFileException) {
            return FileVisitResult.CONTINUE;
          }
          throw failure;
        }
      });
    } catch (IOException e) {
      throw CairnIoException.wrap("measure the size of " + root, e);
    }
    return total[0];
  }

  /** Removes {@code root} and everything under it; nothing when it does not exist. */
  public static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
          if (failure != null) {
            throw failure;
          }
          Files.delete(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw CairnIoException.wrap("remove " + root, e);
    }
  }

  /** Whether {@code dir} holds no entry. */
  public static boolean isEmpty(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      throw CairnIoException.wrap("list " + dir, e);
    }
  }
}
