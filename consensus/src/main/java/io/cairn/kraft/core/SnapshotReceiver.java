package io.cairn.kraft.core;

import io.cairn.common.Crc32c;
import io.cairn.kraft.api.Snapshot;
import io.cairn.kraft.api.SnapshotChunk;
import io.cairn.kraft.api.SnapshotMetadata;
import java.util.ArrayList;
import java.util.List;

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
  private SnapshotMetadata metadata;
  private long totalBytes;
  private int checksum;
  /**
   * The chunks received so far, as they came (not copied), holding {@code [0, size)}; null when no
   * transfer is in progress. They are put together once, after the last chunk: an array of the
   * whole snapshot allocated at the first chunk stalled the receiving thread long enough (seconds
   * on a loaded machine, for a 50 MB snapshot in a fresh JVM) for the leader to probe, and every
   * chunk in flight was sent twice.
   */
  private List<byte[]> chunks;
  private long size;
  private long checksumFailures;

  /**
   * Takes {@code chunk}; returns the complete snapshot after its last chunk, else null. {@link
   * #nextOffset()} then tells the leader which byte to send next.
   */
  Snapshot accept(SnapshotChunk chunk) {
    boolean sameTransfer = chunks != null && metadata.equals(chunk.metadata()) && totalBytes == chunk.totalBytes()
        && checksum == chunk.checksum();
    if (!sameTransfer) {
      reset();
      if (chunk.offset() != 0) {
        return null;
      }
      metadata = chunk.metadata();
      totalBytes = chunk.totalBytes();
      checksum = chunk.checksum();
      chunks = new ArrayList<>();
      size = 0;
    }
    if (chunk.offset() != size) {
      return null;
    }
    byte[] data = chunk.data();
    if (size + data.length > Integer.MAX_VALUE - 8) {
      reset(); // larger than any array: not a snapshot this node can hold
      return null;
    }
    if (data.length > 0) {
      chunks.add(data);
    }
    size += data.length;
    if (!chunk.last()) {
      return null;
    }
    // A snapshot that came in one chunk (a whole handed over by a stream outside) is not copied.
    byte[] whole = chunks.size() == 1 ? chunks.getFirst() : new byte[(int) size];
    int at = 0;
    for (int i = 0; chunks.size() > 1 && i < chunks.size(); i++) {
      byte[] piece = chunks.get(i);
      System.arraycopy(piece, 0, whole, at, piece.length);
      at += piece.length;
    }
    boolean intact = Crc32c.of(whole, 0, whole.length) == checksum;
    Snapshot complete = intact ? new Snapshot(metadata, whole) : null;
    checksumFailures += intact ? 0 : 1;
    reset();
    return complete;
  }

  /** Bytes received of the snapshot in progress (0 when none). */
  long nextOffset() {
    return chunks == null ? 0 : size;
  }

  /** Assembled snapshots dropped because their CRC32C did not match. */
  long checksumFailures() {
    return checksumFailures;
  }

  void reset() {
    metadata = null;
    chunks = null;
    size = 0;
    totalBytes = 0;
    checksum = 0;
  }
}
