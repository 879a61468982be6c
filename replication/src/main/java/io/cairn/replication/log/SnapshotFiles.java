package io.cairn.replication.log;

import io.cairn.common.CairnIoException;
import io.cairn.common.CorruptionException;
import io.cairn.common.Crc32c;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The directory that holds a log's snapshot data, one file per snapshot, named {@code
 * <index>-<term>-<crc>.snap} (the CRC32C of the data in 8 hex digits, so two snapshots never share
 * a name) and holding the data bytes only ({@code docs/formats/replication-log.md}, "Snapshot
 * files"). The log store's snapshot record names the file by index, term and CRC32C and carries
 * its length, so a file is checked when it is read back. A file is written to a
 * temporary name, synced, renamed into place and the directory synced: a crash leaves either no
 * file or the whole one. Keeping the data out of the engine spares it a second copy in the WAL and
 * the memtable, and the flush of a value the size of the whole ledger.
 *
 * <p>Thread-safety: not thread-safe (the log store's driver thread).
 */
final class SnapshotFiles {
  private static final String SUFFIX = ".snap";
  private static final String TEMPORARY = ".tmp";
  /** A file a snapshot is streamed into while it arrives ({@link IncomingSnapshotFile}). */
  static final String INCOMING = ".incoming";
  /** A streamed file that is complete, synced and matches its CRC32C, waiting to be adopted by {@link #write}. */
  static final String STREAMED = ".streamed";

  private final Path dir;

  /** Opens (creates) {@code dir}; streamed files left by an earlier run are deleted. */
  SnapshotFiles(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*{" + INCOMING + "," + STREAMED + "}")) {
        for (Path file : files) {
          Files.deleteIfExists(file);
        }
      }
    } catch (IOException e) {
      throw CairnIoException.wrap("create the snapshot directory " + dir, e);
    }
  }

  /** The directory. */
  Path dir() {
    return dir;
  }

  /** The file of the snapshot at {@code index} with term {@code term} whose data has CRC32C {@code crc}. */
  Path file(long index, long term, int crc) {
    return file(dir, index, term, crc);
  }

  static Path file(Path dir, long index, long term, int crc) {
    return dir.resolve(index + "-" + term + "-" + String.format("%08x", crc) + SUFFIX);
  }

  /** {@code file} with {@code suffix} added to its name. */
  static Path suffixed(Path file, String suffix) {
    return file.resolveSibling(file.getFileName() + suffix);
  }

  /**
   * Writes {@code data}, whose CRC32C is {@code crc}, as the snapshot at {@code index}@{@code
   * term}, durably (a file of that name already holds the same bytes, and is replaced).
   */
  void write(long index, long term, int crc, byte[] data) {
    Path target = file(index, term, crc);
    if (adoptStreamed(target, data.length)) {
      return;
    }
    Path temporary = dir.resolve(target.getFileName() + TEMPORARY);
    try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(data);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    } catch (IOException e) {
      throw CairnIoException.wrap("write the snapshot file " + temporary, e);
    }
    try {
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw CairnIoException.wrap("rename the snapshot file " + temporary, e);
    }
    syncDirectory();
  }

  /**
   * Renames into place the streamed file of {@code target} ({@link #STREAMED}: complete, synced
   * and checked against the CRC32C in its name by {@link IncomingSnapshotFile}) when there is one
   * of {@code length} bytes, and syncs the directory; returns whether it did.
   */
  private boolean adoptStreamed(Path target, int length) {
    Path streamed = suffixed(target, STREAMED);
    try {
      if (!Files.isRegularFile(streamed) || Files.size(streamed) != length) {
        return false;
      }
      Files.move(streamed, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw CairnIoException.wrap("rename the streamed snapshot file " + streamed, e);
    }
    syncDirectory();
    return true;
  }

  /**
   * The data of the snapshot at {@code index}@{@code term}, checked against {@code length} and
   * {@code crc} (CRC32C, unmasked).
   *
   * @throws CorruptionException when the file is missing, of another length or fails its checksum
   */
  byte[] read(long index, long term, long length, int crc) {
    Path file = file(index, term, crc);
    byte[] data;
    try {
      data = Files.readAllBytes(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new CorruptionException("snapshot file " + file + " is missing");
    } catch (IOException e) {
      throw CairnIoException.wrap("read the snapshot file " + file, e);
    }
    if (data.length != length) {
      throw new CorruptionException("snapshot file " + file + " holds " + data.length + " bytes, not " + length);
    }
    if (Crc32c.of(data, 0, data.length) != crc) {
      throw new CorruptionException("snapshot file " + file + " fails its checksum");
    }
    return data;
  }

  /**
   * Deletes every file here but that of the snapshot at {@code index}@{@code term} with CRC32C
   * {@code crc} (none kept when index is 0) and those of snapshots still being streamed in.
   */
  void keepOnly(long index, long term, int crc) {
    Path keep = index == 0 ? null : file(index, term, crc);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (!file.equals(keep) && !name.endsWith(INCOMING) && !name.endsWith(STREAMED)) {
          Files.deleteIfExists(file);
        }
      }
    } catch (IOException e) {
      throw CairnIoException.wrap("delete old snapshot files in " + dir, e);
    }
  }

  private void syncDirectory() {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      throw CairnIoException.wrap("sync the snapshot directory " + dir, e);
    }
  }
}
