package io.cairn.kraft.core;

import io.cairn.kraft.api.Snapshot;
import io.cairn.kraft.api.SnapshotChunk;
import io.cairn.kraft.api.SnapshotMetadata;
import java.io.ByteArrayOutputStream;

/**
 * Assembles a snapshot from {@link SnapshotChunk}s on a follower. Chunks must arrive in order;
 * a chunk of another snapshot, or a chunk at offset 0, starts over. Nothing is kept across a
 * restart: the leader then restarts the transfer at offset 0.
 *
 * <p>Thread-safety: not thread-safe.
 */
final class SnapshotReceiver {
  private SnapshotMetadata metadata;
  private long leaderTerm;
  private ByteArrayOutputStream bytes;

  /**
   * Takes {@code chunk}; returns the complete snapshot after its last chunk, else null. {@link
   * #nextOffset()} then tells the leader which byte to send next.
   */
  Snapshot accept(SnapshotChunk chunk) {
    boolean sameTransfer = bytes != null && metadata.equals(chunk.metadata()) && leaderTerm == chunk.term();
    if (chunk.offset() == 0 || !sameTransfer) {
      if (chunk.offset() != 0) {
        reset();
        return null;
      }
      metadata = chunk.metadata();
      leaderTerm = chunk.term();
      bytes = new ByteArrayOutputStream((int) Math.min(chunk.totalBytes(), 1 << 20));
    }
    if (chunk.offset() != bytes.size()) {
      return null;
    }
    bytes.write(chunk.data(), 0, chunk.data().length);
    if (!chunk.last()) {
      return null;
    }
    Snapshot complete = new Snapshot(metadata, bytes.toByteArray());
    reset();
    return complete;
  }

  /** Bytes received of the snapshot in progress (0 when none). */
  long nextOffset() {
    return bytes == null ? 0 : bytes.size();
  }

  void reset() {
    metadata = null;
    bytes = null;
    leaderTerm = 0;
  }
}
