package io.cairn.kraft.core;

import io.cairn.common.Crc32c;
import io.cairn.kraft.api.Snapshot;
import io.cairn.kraft.api.SnapshotChunk;
import io.cairn.kraft.api.SnapshotMetadata;
import java.io.ByteArrayOutputStream;

/**
 * Assembles a snapshot from {@link SnapshotChunk}s on a follower. Chunks are taken in order; a
 * transfer is identified by the snapshot's metadata, size and CRC32C, so when a new leader (or the
 * same one after a pause) sends the same snapshot again from offset 0, the bytes already received
 * are kept and {@link #nextOffset()} asks for the next one: the transfer resumes. A chunk of another
 * snapshot at offset 0 starts over; at another offset it is dropped (the answer then asks for offset
 * 0). The assembled bytes must match the CRC32C, otherwise they are dropped and the transfer starts
 * over. Nothing is kept across a restart.
 *
 * <p>Thread-safety: not thread-safe.
 */
final class SnapshotReceiver {
  private static final int INITIAL_BYTES_MAX = 256 << 20;

  private SnapshotMetadata metadata;
  private long totalBytes;
  private int checksum;
  private ByteArrayOutputStream bytes;
  private long checksumFailures;

  /**
   * Takes {@code chunk}; returns the complete snapshot after its last chunk, else null. {@link
   * #nextOffset()} then tells the leader which byte to send next.
   */
  Snapshot accept(SnapshotChunk chunk) {
    boolean sameTransfer = bytes != null && metadata.equals(chunk.metadata()) && totalBytes == chunk.totalBytes()
        && checksum == chunk.checksum();
    if (!sameTransfer) {
      reset();
      if (chunk.offset() != 0) {
        return null;
      }
      metadata = chunk.metadata();
      totalBytes = chunk.totalBytes();
      checksum = chunk.checksum();
      // Room for the whole snapshot up front (bounded: the size is the sender's word), so that a
      // large transfer is not copied again at every doubling.
      bytes = new ByteArrayOutputStream((int) Math.min(chunk.totalBytes(), INITIAL_BYTES_MAX));
    }
    if (chunk.offset() != bytes.size()) {
      return null;
    }
    bytes.write(chunk.data(), 0, chunk.data().length);
    if (!chunk.last()) {
      return null;
    }
    byte[] data = bytes.toByteArray();
    boolean intact = Crc32c.of(data, 0, data.length) == checksum;
    Snapshot complete = intact ? new Snapshot(metadata, data) : null;
    checksumFailures += intact ? 0 : 1;
    reset();
    return complete;
  }

  /** Bytes received of the snapshot in progress (0 when none). */
  long nextOffset() {
    return bytes == null ? 0 : bytes.size();
  }

  /** Assembled snapshots dropped because their CRC32C did not match. */
  long checksumFailures() {
    return checksumFailures;
  }

  void reset() {
    metadata = null;
    bytes = null;
    totalBytes = 0;
    checksum = 0;
  }
}
