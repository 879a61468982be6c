package io.cairn.pmem.backend;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import io.cairn.common.CairnIoException;
import io.cairn.common.CorruptionException;
import io.cairn.common.InvalidArgumentException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File-system steps shared by the file backends (FFM, libpmem): creating a region file so that a
 * crash leaves either nothing or a whole file, reading and checking its header, syncing a
 * directory, and validating region names.
 *
 * <p>Thread-safety: stateless.
 */
public final class RegionFiles {
  /** Suffix of a region file being created; never listed, removed by the next create of the name. */
  public static final String CREATING_SUFFIX = ".creating";

  private static final Logger LOG = LoggerFactory.getLogger(RegionFiles.class);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_\\-][A-Za-z0-9._\\-]{0,199}");
  private static final int ZERO_CHUNK_BYTES = 1 << 20;

  private RegionFiles() {}

  /**
   * Checks a region name: one path element of letters, digits, {@code . _ -}, at most 200
   * characters, not starting with a dot, not ending in {@value #CREATING_SUFFIX}.
   *
   * @throws InvalidArgumentException otherwise
   */
  public static String checkName(String name) {
    if (name == null || !NAME.matcher(name).matches() || name.endsWith(CREATING_SUFFIX)) {
      throw new InvalidArgumentException("bad region name '" + name + "': use 1-200 letters, digits, '.', '_', '-'"
          + " (not starting with '.', not ending in " + CREATING_SUFFIX + ")");
    }
    return name;
  }

  /**
   * Creates a region file of {@code payloadBytes} with its header, fully allocated and
   * zero-filled: written as {@code file + ".creating"}, synced, renamed to {@code file}, and the
   * directory synced. Blocks are allocated now (zeros are written, not a sparse hole) so that a
   * full file system fails here rather than as a fault on a later store through a mapping.
   *
   * @throws InvalidArgumentException when {@code file} exists or the size is out of range
   * @throws CairnIoException when the file system refuses
   */
  public static void create(Path file, long payloadBytes) {
    byte[] header = RegionFormat.encode(payloadBytes);
    if (Files.exists(file)) {
      throw new InvalidArgumentException("pmem region " + file + " already exists");
    }
    Path creating = creatingFile(file);
    try {
      Files.deleteIfExists(creating);
      try (FileChannel channel = FileChannel.open(creating, CREATE_NEW, WRITE)) {
        writeFully(channel, ByteBuffer.wrap(header), 0);
        ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(ZERO_CHUNK_BYTES, payloadBytes));
        for (long position = RegionFormat.HEADER_BYTES; position < RegionFormat.HEADER_BYTES + payloadBytes; ) {
          int chunk = (int) Math.min(zeros.capacity(), RegionFormat.HEADER_BYTES + payloadBytes - position);
          writeFully(channel, zeros.clear().limit(chunk), position);
          position += chunk;
        }
        channel.force(true);
      }
      Files.move(creating, file, StandardCopyOption.ATOMIC_MOVE);
      syncDirectory(file.toAbsolutePath().getParent());
    } catch (IOException e) {
      deleteQuietly(creating);
      throw CairnIoException.wrap("create pmem region " + file + " of " + payloadBytes + " bytes", e);
    }
  }

  /** The name {@code file} has while it is being created (never listed). */
  static Path creatingFile(Path file) {
    return file.resolveSibling(file.getFileName() + CREATING_SUFFIX);
  }

  static void writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
    while (buffer.hasRemaining()) {
      position += channel.write(buffer, position);
    }
  }

  /**
   * Opens {@code file} read-write for mapping, after checking that it exists and is long enough
   * to hold a header.
   *
   * @throws InvalidArgumentException when there is no such file
   * @throws CorruptionException when it is shorter than a header
   * @throws CairnIoException when it cannot be opened
   */
  public static FileChannel openForMapping(Path file) {
    try {
      FileChannel channel = FileChannel.open(file, READ, WRITE);
      long bytes = channel.size();
      if (bytes < RegionFormat.HEADER_BYTES) {
        channel.close();
        throw CorruptionException.at(file, 0, "file is " + bytes + " bytes, shorter than the "
            + RegionFormat.HEADER_BYTES + "-byte region header");
      }
      return channel;
    } catch (NoSuchFileException e) {
      throw new InvalidArgumentException("no pmem region file " + file);
    } catch (IOException e) {
      throw CairnIoException.wrap("open pmem region " + file, e);
    }
  }

  /**
   * Fsyncs a directory so that entries created, renamed or removed in it are durable. Where the
   * platform cannot open a directory for syncing the failure is logged, not thrown.
   */
  public static void syncDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, READ)) {
      channel.force(true);
    } catch (IOException e) {
      LOG.debug("cannot fsync directory {}: {}", directory, e.toString());
    }
  }

  /**
   * Renames region file {@code from} to {@code to} (same directory) atomically and syncs the
   * directory, so the new name is durable on return.
   *
   * @throws InvalidArgumentException when {@code from} does not exist or {@code to} does
   * @throws CairnIoException when the file system refuses
   */
  public static void rename(Path from, Path to) {
    if (!Files.isRegularFile(from)) {
      throw new InvalidArgumentException("no pmem region file " + from + " to rename");
    }
    if (Files.exists(to)) {
      throw new InvalidArgumentException("cannot rename pmem region " + from + ": " + to + " already exists");
    }
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw CairnIoException.wrap("rename pmem region " + from + " to " + to, e);
    }
    syncDirectory(to.toAbsolutePath().getParent());
  }

  /**
   * Deletes a region file and syncs its directory.
   *
   * @throws CairnIoException when it exists and cannot be deleted
   */
  public static void delete(Path file) {
    try {
      if (Files.deleteIfExists(file)) {
        syncDirectory(file.toAbsolutePath().getParent());
      }
    } catch (IOException e) {
      throw CairnIoException.wrap("delete pmem region " + file, e);
    }
  }

  static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.debug("cannot remove {}: {}", file, e.toString());
    }
  }
}
