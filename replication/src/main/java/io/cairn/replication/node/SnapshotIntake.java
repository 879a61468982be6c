package io.cairn.replication.node;

import io.cairn.kraft.api.Snapshot;
import io.cairn.kraft.api.SnapshotChunk;
import io.cairn.replication.api.SnapshotTimeline;
import io.cairn.replication.ledger.StreamedInstall;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Times the ledger snapshots this node receives from a leader: from the first chunk of a transfer
 * (offset 0) to the snapshot's installation into the ledger, so the figure covers the transfer,
 * the synced write into the log store and the ledger's replacement. A transfer that restarts from
 * offset 0 keeps its first start time (the restart is part of its cost). The time is also split
 * by {@link Stage}, each stage ending where the driver marks it, and logged when the snapshot is
 * installed, with the chunks that came and the longest wait between two of them (the leader's
 * pacing). Beside the stages it keeps the wall-clock time of each step ({@link SnapshotTimeline}:
 * first and last chunk in, checked, stored, the streamed ingest's last pair read, install start and
 * end, the first append after the install) for the status API, so that the bench can line them up
 * with the leader's.
 *
 * <p>Thread-safety: synchronised; {@link #chunk} and {@link #complete} on the transport's event
 * loop, {@link #stage}, {@link #streamed}, {@link #installed} and {@link #appendStepped} on the
 * driver thread, {@link #last} and {@link #timeline} from any thread.
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
  /** The steps of the snapshot being received, in wall-clock µs. */
  private final Map<String, Long> steps = new LinkedHashMap<>();
  private int leader;
  private StreamedInstall install;
  private volatile Received last = new Received(0, 0);
  /** The steps of the last installed snapshot (null before one). */
  private SnapshotTimeline timeline;
  /** A snapshot was stored and no append from the leader was stepped since. */
  private volatile boolean awaitingAppend;

  /**
   * A chunk decoded by the transport at {@code arrivedNanos} was stepped at {@code nowNanos}; {@code
   * leader} is its sender's member number.
   */
  synchronized void chunk(SnapshotChunk chunk, int leader, long arrivedNanos, long nowNanos) {
    if (chunk.offset() == 0 && chunk.metadata().index() != index) {
      index = chunk.metadata().index();
      this.leader = leader;
      steps.clear();
      install = null;
      steps.put("first_chunk_in", SnapshotTimeline.wallMicros(arrivedNanos));
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

  /** The chunk that completed the snapshot at log index {@code snapshotIndex} arrived at {@code arrivedNanos}. */
  synchronized void complete(long snapshotIndex, long arrivedNanos) {
    if (snapshotIndex == index) {
      steps.put("last_chunk_in", SnapshotTimeline.wallMicros(arrivedNanos));
    }
  }

  /** The stage {@code stage} of the snapshot being received ended at {@code nowNanos}. */
  synchronized void stage(Stage stage, long nowNanos) {
    if (index >= 0) {
      stages.merge(stage, (nowNanos - markNanos) / 1_000_000, Long::sum);
      markNanos = nowNanos;
      if (stage == Stage.TRANSFER) {
        steps.put("checked", SnapshotTimeline.wallMicros(nowNanos));
      } else if (stage == Stage.LOG_SYNC) {
        steps.put("stored", SnapshotTimeline.wallMicros(nowNanos));
        awaitingAppend = true; // the protocol takes the log after the snapshot from here on
      }
    }
  }

  /** The snapshot being received is installed by committing {@code streamed} (null: from its bytes). */
  synchronized void streamed(StreamedInstall streamed) {
    install = streamed;
  }

  /** {@code snapshot} was installed at {@code nowNanos}; counted when its first chunk was seen. */
  synchronized void installed(Snapshot snapshot, long nowNanos) {
    if (snapshot.index() == index) {
      stage(Stage.LEDGER_INSTALL, nowNanos);
      if (install != null && install.readNanos() != 0) {
        steps.put("ingest_read", SnapshotTimeline.wallMicros(install.readNanos()));
      }
      if (install != null && install.syncedNanos() != 0) {
        steps.put("ingest_synced", SnapshotTimeline.wallMicros(install.syncedNanos()));
      }
      if (install != null && install.commitNanos() != 0) {
        steps.put("install_start", SnapshotTimeline.wallMicros(install.commitNanos()));
      }
      steps.put("install_end", SnapshotTimeline.wallMicros(nowNanos));
      timeline = new SnapshotTimeline(leader, snapshot.index(), snapshot.data().length, steps);
      last = new Received(snapshot.data().length, Math.max(1, (nowNanos - startNanos) / 1_000_000));
      LOG.info("received the ledger snapshot at log index {}: {} bytes in {} ms, by stage (ms): {}; {} chunks,"
          + " longest gap between two {} ms; they waited {} ms to be taken in all (longest {} ms)",
          snapshot.index(), snapshot.data().length, last.millis(), stages, chunks, longestGapNanos / 1_000_000,
          queuedNanos / 1_000_000, longestQueuedNanos / 1_000_000);
    }
    index = -1;
  }

  /**
   * An append from the leader was stepped now: the first after a snapshot was stored starts the
   * log tail (it may come before the ledger's install has ended). Costs one volatile read otherwise.
   */
  void appendStepped() {
    if (!awaitingAppend) {
      return;
    }
    long nowNanos = System.nanoTime();
    synchronized (this) {
      awaitingAppend = false;
      if (index >= 0) {
        steps.put("first_append", SnapshotTimeline.wallMicros(nowNanos));
      } else if (timeline != null) {
        Map<String, Long> withAppend = new LinkedHashMap<>(timeline.micros());
        withAppend.put("first_append", SnapshotTimeline.wallMicros(nowNanos));
        timeline = new SnapshotTimeline(timeline.member(), timeline.index(), timeline.bytes(), withAppend);
      }
    }
  }

  Received last() {
    return last;
  }

  /** The steps of the last installed snapshot, null when none was. */
  synchronized SnapshotTimeline timeline() {
    return timeline;
  }
}
