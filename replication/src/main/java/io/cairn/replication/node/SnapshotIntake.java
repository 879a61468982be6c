package io.cairn.replication.node;

import io.cairn.kraft.api.Snapshot;
import io.cairn.kraft.api.SnapshotChunk;
import java.util.EnumMap;

/**
 * Times the ledger snapshots this node receives from a leader: from the first chunk of a transfer
 * (offset 0) to the snapshot's installation into the ledger, so the figure covers the transfer,
 * the synced write into the log store and the ledger's replacement. A transfer that restarts from
 * offset 0 keeps its first start time (the restart is part of its cost). The time is also split
 * by {@link Stage}, each stage ending where the driver marks it, and logged when the snapshot is
 * installed, with the chunks that came and the longest wait between two of them (the leader's
 * pacing).
 *
 * <p>Thread-safety: synchronised; {@link #chunk} on the transport's event loop, {@link #stage} and
 * {@link #installed} on the driver thread, {@link #last} from any thread.
 */
final class SnapshotIntake {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SnapshotIntake.class);

  /** The parts of a snapshot's intake, in the order the driver goes through them. */
  enum Stage {
    /** First chunk to the assembled, checksummed snapshot handed out by the protocol. */
    TRANSFER,
    /** The snapshot's file, streamed while it arrived, finished and synced. */
    FILE_WAIT,
    /** The snapshot written to the log store. */
    LOG_WRITE,
    /** The log store synced. */
    LOG_SYNC,
    /** The ledger replaced by the snapshot's state. */
    LEDGER_INSTALL
  }

  /** The last installed snapshot received: its size in bytes and the milliseconds from its first chunk to its installation. */
  record Received(long bytes, long millis) {}

  private long index = -1;
  private long startNanos;
  private long markNanos;
  private long chunks;
  private long lastChunkNanos;
  private long longestGapNanos;
  private long queuedNanos;
  private long longestQueuedNanos;
  private final EnumMap<Stage, Long> stages = new EnumMap<>(Stage.class);
  private volatile Received last = new Received(0, 0);

  /** A chunk decoded by the transport at {@code arrivedNanos} was stepped at {@code nowNanos}. */
  synchronized void chunk(SnapshotChunk chunk, long arrivedNanos, long nowNanos) {
    if (chunk.offset() == 0 && chunk.metadata().index() != index) {
      index = chunk.metadata().index();
      startNanos = nowNanos;
      markNanos = nowNanos;
      stages.clear();
      chunks = 0;
      longestGapNanos = 0;
      lastChunkNanos = nowNanos;
      queuedNanos = 0;
      longestQueuedNanos = 0;
    }
    if (chunk.metadata().index() == index) {
      chunks++;
      longestGapNanos = Math.max(longestGapNanos, nowNanos - lastChunkNanos);
      lastChunkNanos = nowNanos;
      queuedNanos += nowNanos - arrivedNanos;
      longestQueuedNanos = Math.max(longestQueuedNanos, nowNanos - arrivedNanos);
      if (LOG.isDebugEnabled()) {
        LOG.debug("snapshot chunk in: offset {} arrived at {} ns, stepped at {} ns", chunk.offset(), arrivedNanos,
            nowNanos);
      }
    }
  }

  /** The stage {@code stage} of the snapshot being received ended at {@code nowNanos}. */
  synchronized void stage(Stage stage, long nowNanos) {
    if (index >= 0) {
      stages.merge(stage, (nowNanos - markNanos) / 1_000_000, Long::sum);
      markNanos = nowNanos;
    }
  }

  /** {@code snapshot} was installed at {@code nowNanos}; counted when its first chunk was seen. */
  synchronized void installed(Snapshot snapshot, long nowNanos) {
    if (snapshot.index() == index) {
      stage(Stage.LEDGER_INSTALL, nowNanos);
      last = new Received(snapshot.data().length, Math.max(1, (nowNanos - startNanos) / 1_000_000));
      LOG.info("received the ledger snapshot at log index {}: {} bytes in {} ms, by stage (ms): {}; {} chunks,"
          + " longest gap between two {} ms; they waited {} ms to be taken in all (longest {} ms)",
          snapshot.index(), snapshot.data().length, last.millis(), stages, chunks, longestGapNanos / 1_000_000,
          queuedNanos / 1_000_000, longestQueuedNanos / 1_000_000);
    }
    index = -1;
  }

  Received last() {
    return last;
  }
}
