package io.cairn.pmem.backend;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.DELETE_ON_CLOSE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import io.cairn.common.CairnIoException;
import io.cairn.common.InvalidArgumentException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import jdk.nio.mapmode.ExtendedMapMode;

/**
 * Whether a directory is on real persistent memory: a DAX file system, the only place where the
 * kernel grants a MAP_SYNC mapping. The test is to ask for one, on a small temporary file; the
 * mount table is read only to describe the file system in the answer.
 *
 * <p>Thread-safety: stateless (probe files have unique names).
 */
public final class DaxProbe {
  private static final AtomicLong PROBES = new AtomicLong();
  private static final int PROBE_BYTES = 4096;

  /**
   * @param dax whether MAP_SYNC was granted
   * @param detail the file system and what the kernel said, e.g. "tmpfs at /dev/shm; MAP_SYNC refused (...)"
   */
  public record Result(boolean dax, String detail) {}

  private DaxProbe() {}

  /**
   * Probes {@code directory} (which must exist) with a temporary file that is removed again.
   *
   * @throws InvalidArgumentException when it is not a directory
   * @throws CairnIoException when a file cannot be created in it
   */
  public static Result probe(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new InvalidArgumentException("not a directory: " + directory);
    }
    Path probe = directory.resolve(".cairn-dax-probe-" + ProcessHandle.current().pid() + "-" + PROBES.incrementAndGet());
    String mount = describeMount(directory);
    try (FileChannel channel = FileChannel.open(probe, CREATE_NEW, READ, WRITE, DELETE_ON_CLOSE);
        Arena arena = Arena.ofConfined()) {
      channel.write(ByteBuffer.allocate(PROBE_BYTES), 0);
      try {
        channel.map(ExtendedMapMode.READ_WRITE_SYNC, 0, PROBE_BYTES, arena);
        return new Result(true, mount + "; MAP_SYNC granted: DAX (real or memmap-emulated pmem)");
      } catch (IOException | UnsupportedOperationException e) {
        return new Result(false, mount + "; MAP_SYNC refused (" + e.getMessage() + "): not DAX");
      }
    } catch (IOException e) {
      throw CairnIoException.wrap("probe " + directory + " for DAX", e);
    }
  }

  /** "TYPE at MOUNTPOINT (options)" for the mount holding {@code directory}, from /proc/self/mountinfo. */
  static String describeMount(Path directory) {
    Path mountinfo = Path.of("/proc/self/mountinfo");
    try {
      return describeMount(directory.toRealPath(), Files.readAllLines(mountinfo));
    } catch (IOException e) {
      return "file system unknown (" + e.getMessage() + ")";
    }
  }

  /**
   * The longest mount point that contains {@code directory}, from mountinfo lines
   * ({@code id parent major:minor root mountpoint options ... - fstype source superoptions}).
   */
  static String describeMount(Path directory, List<String> mountinfo) {
    String best = null;
    int bestLength = -1;
    for (String line : mountinfo) {
      String[] fields = line.split(" ");
      int separator = List.of(fields).indexOf("-");
      if (fields.length < 6 || separator < 0 || separator + 3 > fields.length) {
        continue;
      }
      String mountPoint = fields[4].replace("\\040", " ");
      if (directory.startsWith(Path.of(mountPoint)) && mountPoint.length() > bestLength) {
        bestLength = mountPoint.length();
        String options = fields[5] + "," + fields[separator + 3];
        best = fields[separator + 1] + " at " + mountPoint + (options.contains("dax") ? " (mounted with dax)" : "");
      }
    }
    return best == null ? "file system unknown" : best;
  }
}
