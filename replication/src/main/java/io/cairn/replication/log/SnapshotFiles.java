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

  private final Path dir;

  SnapshotFiles(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw CairnIoException.wrap("create the snapshot directory " + dir, e);
    }
  }

  /** The file of the snapshot at {@code index} with term {@code term} whose data has CRC32C {@code crc}. */
  Path file(long index, long term, int crc) {
    return dir.resolve(index + "-" + term + "-" + String.format("%08x", crc) + SUFFIX);
  }

  /**
   * Writes {@code data}, whose CRC32C is {@code crc}, as the snapshot at {@code index}@{@code
   * term}, durably (a file of that name already holds the same bytes, and is replaced).
   */
  void write(long index, long term, int crc, byte[] data) {
    Path target = file(index, term, crc);
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

  /** Deletes every file here but that of the snapshot at {@code index}@{@code term} with CRC32C {@code crc} (none kept when index is 0). */
  void keepOnly(long index, long term, int crc) {
    Path keep = index == 0 ? null : file(index, term, crc);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        if (!file.equals(keep)) {
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
