package io.cairn.replication.log;

import io.cairn.common.ClosedException;
import io.cairn.replication.codec.ArrivingBytes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;
import java.util.zip.CRC32C;

/**
 * Writes a snapshot's data to its file while the data still arrives, on its own thread, so that
 * the file is (nearly) on disk when the transfer ends instead of being written and synced after
 * it. The bytes go to {@code <name>.incoming} in the log's snapshot directory as they come, with a
 * data sync every {@value #SYNC_EVERY_BYTES} bytes (the disk takes the file in slices, spread over
 * the transfer, rather than in one burst that would stall the other writers of the disk); after
 * the last byte the file is synced and its CRC32C compared with the one its name carries. Only
 * then is it renamed to {@code <name>.streamed}, which the log store adopts as the snapshot's file
 * when it stores that snapshot ({@code SnapshotFiles.write}): a rename and a directory sync
 * instead of a second write. A file that fails, or is abandoned, is deleted; the log store then
 * writes the data itself. Leftovers of a crash are deleted when the log store opens.
 *
 * <p>Thread-safety: {@link #await} from any thread.
 */
public final class IncomingSnapshotFile {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IncomingSnapshotFile.class);
  /** Bytes written between two data syncs while the snapshot arrives. */
  static final int SYNC_EVERY_BYTES = 8 << 20;

  private final Path incoming;
  private final Path streamed;
  private final ArrivingBytes bytes;
  private final int crc;
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile boolean ready;
  private volatile boolean discarded;

  /**
   * Starts writing {@code bytes}, the data of the snapshot at {@code index}@{@code term} whose
   * CRC32C is {@code crc}, into {@code snapshotDir} (the directory of the log store that will
   * store it) on a new daemon thread named {@code name}.
   */
  public IncomingSnapshotFile(Path snapshotDir, long index, long term, int crc, ArrivingBytes bytes, String name) {
    Path target = SnapshotFiles.file(snapshotDir, index, term, crc);
    this.incoming = SnapshotFiles.suffixed(target, SnapshotFiles.INCOMING);
    this.streamed = SnapshotFiles.suffixed(target, SnapshotFiles.STREAMED);
    this.bytes = bytes;
    this.crc = crc;
    Thread.ofPlatform().name(name).daemon().start(this::run);
  }

  private void run() {
    try {
      ready = writeAll();
      if (ready) {
        Files.move(incoming, streamed, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        ready = !discarded;
      }
    } catch (IOException | ClosedException e) {
      ready = false;
      if (!bytes.abandoned()) {
        LOG.warn("streaming the snapshot into {} failed; it will be written when complete: {}", incoming, e.toString());
      }
    } finally {
      if (!ready) {
        deleteQuietly(incoming);
        deleteQuietly(streamed);
      }
      finished.countDown();
    }
  }

  /** Writes every byte as it arrives and syncs; returns whether the whole file matches the CRC32C. */
  private boolean writeAll() throws IOException {
    CRC32C checksum = new CRC32C();
    try (FileChannel channel = FileChannel.open(incoming, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      long written = 0;
      long unsynced = 0;
      for (int index = 0; written < bytes.length(); index++) {
        byte[] piece = bytes.piece(index);
        ByteBuffer buffer = ByteBuffer.wrap(piece);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        checksum.update(piece, 0, piece.length);
        written += piece.length;
        unsynced += piece.length;
        if (unsynced >= SYNC_EVERY_BYTES && written < bytes.length()) {
          channel.force(false);
          unsynced = 0;
        }
      }
      channel.force(true);
    }
    return (int) checksum.getValue() == crc;
  }

  /**
   * Waits until the file is finished; returns whether it is ready to be adopted (complete, synced,
   * CRC32C checked). False when it failed or was abandoned (and is deleted).
   */
  public boolean await() {
    try {
      finished.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return ready;
  }

  /**
   * The file will not be adopted: the writing stops (the bytes are abandoned) and the file is
   * deleted, now or when the thread ends. Does not wait. (A finished file left behind by a race
   * is harmless: it is a checked copy of the snapshot its name names, and the next open deletes it.)
   */
  public void discard() {
    discarded = true;
    bytes.abandon();
    if (finished.getCount() == 0) {
      deleteQuietly(streamed);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.debug("could not delete {}: {}", file, e.toString());
    }
  }
}
