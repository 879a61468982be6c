package io.cairn.replication.node;

import io.cairn.kraft.api.SnapshotChunk;
import io.cairn.kraft.api.SnapshotResponse;

/**
 * Times the ledger snapshot chunks this node sends as leader, per transfer (one receiver, one
 * snapshot): how long each receiver's answer waited in the driver's queue before it was stepped,
 * how long from that step until the chunks it released left, and the longest pause between two
 * chunks sent. The figures are logged when the last chunk leaves, beside the receiver's own
 * ({@link SnapshotIntake}): together they say whether a transfer waited for the wire, the
 * receiver, or this driver.
 *
 * <p>Thread-safety: driver thread only.
 */
final class SnapshotOutflow {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SnapshotOutflow.class);

  private long index = -1;
  private io.cairn.kraft.api.NodeId to;
  private long firstSentNanos;
  private long lastSentNanos;
  private long chunks;
  private long longestGapNanos;
  private long responses;
  private long queuedNanos;
  private long longestQueuedNanos;
  private long steppedNanos;
  private long stepToSendNanos;
  private long longestStepToSendNanos;
  private boolean active;
  private long syncs;
  private long syncNanos;
  private long longestSyncNanos;

  /** This driver's log sync took {@code nanos}; counted while a transfer is under way. */
  void synced(long nanos) {
    if (active) {
      syncs++;
      syncNanos += nanos;
      longestSyncNanos = Math.max(longestSyncNanos, nanos);
    }
  }

  /** An answer of a receiver decoded at {@code arrivedNanos} and stepped at {@code nowNanos}. */
  void response(SnapshotResponse response, long arrivedNanos, long nowNanos) {
    if (response.snapshotIndex() != index) {
      return;
    }
    responses++;
    queuedNanos += nowNanos - arrivedNanos;
    longestQueuedNanos = Math.max(longestQueuedNanos, nowNanos - arrivedNanos);
    steppedNanos = nowNanos;
  }

  /** {@code chunk} was handed to the transport at {@code nowNanos}. */
  void sent(SnapshotChunk chunk, long nowNanos) {
    boolean same = chunk.metadata().index() == index && chunk.to().equals(to);
    if (chunk.offset() == 0 && !same) {
      start(chunk, nowNanos);
    } else if (!same) {
      return;
    }
    chunks++;
    longestGapNanos = Math.max(longestGapNanos, nowNanos - lastSentNanos);
    lastSentNanos = nowNanos;
    if (steppedNanos != 0) {
      stepToSendNanos += nowNanos - steppedNanos;
      longestStepToSendNanos = Math.max(longestStepToSendNanos, nowNanos - steppedNanos);
      steppedNanos = 0;
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug("snapshot chunk out: {} offset {} at {} ns", chunk.to(), chunk.offset(), nowNanos);
    }
    if (chunk.last()) {
      active = false;
      LOG.info("sent the ledger snapshot at log index {} to {}: {} chunks in {} ms, longest pause between two {} ms;"
          + " {} answers waited {} ms in the driver's queue in all (longest {} ms), from answer to the chunks it"
          + " released {} ms in all (longest {} ms); {} log syncs took {} ms in all (longest {} ms)", index, chunk.to(), chunks, (nowNanos - firstSentNanos) / 1_000_000,
          longestGapNanos / 1_000_000, responses, queuedNanos / 1_000_000, longestQueuedNanos / 1_000_000,
          stepToSendNanos / 1_000_000, longestStepToSendNanos / 1_000_000, syncs, syncNanos / 1_000_000,
          longestSyncNanos / 1_000_000);
    }
  }

  private void start(SnapshotChunk chunk, long nowNanos) {
    index = chunk.metadata().index();
    to = chunk.to();
    firstSentNanos = nowNanos;
    lastSentNanos = nowNanos;
    chunks = 0;
    longestGapNanos = 0;
    responses = 0;
    queuedNanos = 0;
    longestQueuedNanos = 0;
    steppedNanos = 0;
    stepToSendNanos = 0;
    longestStepToSendNanos = 0;
    active = true;
    syncs = 0;
    syncNanos = 0;
    longestSyncNanos = 0;
  }
}
