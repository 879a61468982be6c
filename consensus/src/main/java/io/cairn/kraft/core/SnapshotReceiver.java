package io.cairn.kraft.core;

import io.cairn.common.Crc32c;
import io.cairn.kraft.api.Snapshot;
import io.cairn.kraft.api.SnapshotChunk;
import io.cairn.kraft.api.SnapshotMetadata;
import java.util.Arrays;

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
  /** The bytes received so far: {@code buffer[0, size)}; null when no transfer is in progress. */
  private byte[] buffer;
  private int size;
  private long checksumFailures;

  /**
   * Takes {@code chunk}; returns the complete snapshot after its last chunk, else null. {@link
   * #nextOffset()} then tells the leader which byte to send next.
   */
  Snapshot accept(SnapshotChunk chunk) {
    boolean sameTransfer = buffer != null && metadata.equals(chunk.metadata()) && totalBytes == chunk.totalBytes()
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
      buffer = new byte[(int) Math.clamp(chunk.totalBytes(), 0, INITIAL_BYTES_MAX)];
      size = 0;
    }
    if (chunk.offset() != size) {
      return null;
    }
    byte[] data = chunk.data();
    if (size + data.length > buffer.length) {
      int doubled = (int) Math.min(2L * buffer.length, Integer.MAX_VALUE - 8);
      buffer = Arrays.copyOf(buffer, Math.max(size + data.length, doubled));
    }
    System.arraycopy(data, 0, buffer, size, data.length);
    size += data.length;
    if (!chunk.last()) {
      return null;
    }
    data = size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
    boolean intact = Crc32c.of(data, 0, data.length) == checksum;
    Snapshot complete = intact ? new Snapshot(metadata, data) : null;
    checksumFailures += intact ? 0 : 1;
    reset();
    return complete;
  }

  /** Bytes received of the snapshot in progress (0 when none). */
  long nextOffset() {
    return buffer == null ? 0 : size;
  }

  /** Assembled snapshots dropped because their CRC32C did not match. */
  long checksumFailures() {
    return checksumFailures;
  }

  void reset() {
    metadata = null;
    buffer = null;
    size = 0;
    totalBytes = 0;
    checksum = 0;
  }
}
