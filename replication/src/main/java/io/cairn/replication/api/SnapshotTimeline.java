package io.cairn.replication.api;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * When each step of one ledger snapshot transfer happened on one node, in microseconds since the
 * epoch by the machine's wall clock (so that the leader's and the new member's steps of one
 * transfer, in two processes on one machine, line up on one axis). Each side names its own steps:
 *
 * <ul>
 *   <li>the leader's sender ({@code GET /status} {@code snapshots_sent}): {@code snapshot_held}
 *       (the leader took or opened the snapshot), {@code offered} (the protocol offered it to the
 *       member), {@code first_chunk_sent}, {@code last_chunk_sent}, {@code last_chunk_acked}, {@code
 *       ended} (the member's append answer reached the snapshot's index: it installed it);
 *   <li>the new member's intake ({@code snapshot_received}): {@code first_chunk_in}, {@code
 *       last_chunk_in}, {@code checked} (the protocol assembled the snapshot and checked its
 *       CRC32C), {@code stored} (its file adopted and the log store synced), {@code ingest_read}
 *       (the streamed ingest read and checked the last pair), {@code ingest_synced} (its tables
 *       written and synced, waiting for the install), {@code install_start}, {@code install_end}
 *       (the ledger holds the snapshot), {@code first_append} (the first log append from the
 *       leader stepped after the snapshot was stored: the log tail's start).
 * </ul>
 *
 * A step that did not happen (yet) is absent. The names are documented in {@code docs/bench.md}
 * ("bench membership") and stable: the bench reads them.
 *
 * <p>Thread-safety: immutable.
 *
 * @param member the other end's member number (the receiver on the leader, the leader on the
 *     member; 0 when unknown)
 * @param index the snapshot's log index
 * @param bytes the snapshot's size
 * @param micros step name to its wall-clock time in microseconds since the epoch, in the order the
 *     steps happened
 */
public record SnapshotTimeline(int member, long index, long bytes, Map<String, Long> micros) {
  /** Copies the steps, keeping their order. */
  public SnapshotTimeline {
    micros = Collections.unmodifiableMap(new LinkedHashMap<>(micros));
  }

  /** The wall clock now, in microseconds since the epoch. */
  public static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  /**
   * The wall-clock time, in microseconds since the epoch, of {@code nanoTime} (a {@link
   * System#nanoTime} reading taken a moment ago).
   */
  public static long wallMicros(long nanoTime) {
    return nowMicros() - (System.nanoTime() - nanoTime) / 1_000;
  }
}
