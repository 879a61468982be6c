package io.cairn.replication.node;

import io.cairn.kraft.api.Snapshot;
import io.cairn.kraft.api.SnapshotChunk;

/**
 * Times the ledger snapshots this node receives from a leader: from the first chunk of a transfer
 * (offset 0) to the snapshot's installation into the ledger, so the figure covers the transfer,
 * the synced write into the log store and the ledger's replacement. A transfer that restarts from
 * offset 0 keeps its first start time (the restart is part of its cost).
 *
 * <p>Thread-safety: {@link #chunk} and {@link #installed} on the driver thread; {@link #last} from
 * any thread.
 */
final class SnapshotIntake {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SnapshotIntake.class);

  /** The last installed snapshot received: its size in bytes and transfer time in milliseconds. */
  record Received(long bytes, long millis) {}

  private long index = -1;
  private long startNanos;
  private volatile Received last = new Received(0, 0);

  /** A chunk arrived at {@code nowNanos}. */
  void chunk(SnapshotChunk chunk, long nowNanos) {
    if (chunk.offset() == 0 && chunk.metadata().index() != index) {
      index = chunk.metadata().index();
      startNanos = nowNanos;
    }
  }

  /**
   * {@code snapshot}, whose last chunk was stepped at {@code assembledNanos}, was installed at
   * {@code nowNanos}; counted when its first chunk was seen.
   */
  void installed(Snapshot snapshot, long assembledNanos, long nowNanos) {
    if (snapshot.index() == index) {
      last = new Received(snapshot.data().length, Math.max(1, (nowNanos - startNanos) / 1_000_000));
      LOG.info("received the ledger snapshot at log index {}: {} bytes, {} ms in transfer, {} ms to store and install",
          snapshot.index(), snapshot.data().length, (assembledNanos - startNanos) / 1_000_000,
          (nowNanos - assembledNanos) / 1_000_000);
    }
    index = -1;
  }

  Received last() {
    return last;
  }
}
