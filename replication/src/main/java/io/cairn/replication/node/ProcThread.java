package io.cairn.replication.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One thread of this process as Linux lists it: {@code /proc/self/task/TID}, its kernel thread id
 * and its folder (session 19; read by {@link BackgroundNice} and {@link SchedStat}). A thread may
 * end between the listing and a read of its files: each read says so rather than throwing.
 *
 * @param tid the kernel thread id
 * @param dir the thread's folder under the task folder
 */
record ProcThread(int tid, Path dir) {
  /**
   * The threads listed in {@code tasks} (normally {@code /proc/self/task}); entries whose name is
   * not a number are skipped.
   *
   * @throws IOException when the folder cannot be listed (no {@code /proc})
   */
  static List<ProcThread> list(Path tasks) throws IOException {
    List<ProcThread> threads = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(tasks)) {
      for (Path entry : entries) {
        try {
          threads.add(new ProcThread(Integer.parseInt(entry.getFileName().toString()), entry));
        } catch (NumberFormatException e) {
          // not a thread
        }
      }
    } catch (java.io.UncheckedIOException | java.nio.file.DirectoryIteratorException e) {
      throw new IOException("cannot list " + tasks, e);
    }
    return threads;
  }

  /** The thread's name as the kernel keeps it ({@code comm}: its first 15 characters); "" once it ended. */
  String comm() {
    try {
      return Files.readString(dir.resolve("comm"), StandardCharsets.UTF_8).strip();
    } catch (IOException | java.io.UncheckedIOException e) {
      return "";
    }
  }
}
