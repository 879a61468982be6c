package io.cairn.replication.api;

import io.cairn.common.InvalidArgumentException;

/**
 * Tuning of a running node that is not part of its configuration file: the protocol clock and
 * the snapshot policy. {@link #defaults()} suits a LAN or loopback cluster.
 *
 * <p>Thread-safety: immutable.
 *
 * @param tickMillis the KRaft tick (timers count ticks)
 * @param electionTicks minimum election timeout in ticks (KRaft randomises above it)
 * @param heartbeatTicks leader heartbeat interval in ticks
 * @param snapshotEveryEntries applied entries between two ledger snapshots (then the log is compacted)
 * @param entriesKeptAfterSnapshot log entries kept below a snapshot, for followers a little behind
 * @param writeTimeoutMillis how long a write may wait for its commit before it fails with BUSY
 */
public record NodeOptions(int tickMillis, int electionTicks, int heartbeatTicks, long snapshotEveryEntries,
    long entriesKeptAfterSnapshot, long writeTimeoutMillis) {
  /**
   * The system property that turns a node's stage trace on: a folder where member {@code n}
   * writes {@code stages-n.txt}, where each anchor round's commit time went, stage by stage
   * ({@code docs/replication.md}, "Where a commit's time goes").
   */
  public static final String STAGE_TRACE_PROPERTY = "cairn.stageTrace";


  /** Checks the values. */
  public NodeOptions {
    require(tickMillis >= 1 && tickMillis <= 1000, "tickMillis must be in 1..1000");
    require(heartbeatTicks >= 1 && electionTicks > heartbeatTicks, "electionTicks must exceed heartbeatTicks >= 1");
    require(snapshotEveryEntries >= 1, "snapshotEveryEntries must be positive");
    require(entriesKeptAfterSnapshot >= 0, "entriesKeptAfterSnapshot must not be negative");
    require(writeTimeoutMillis >= 1, "writeTimeoutMillis must be positive");
  }

  /** 10 ms ticks, elections after 0.5 s, heartbeats every 50 ms, a snapshot every 10,000 entries. */
  public static NodeOptions defaults() {
    return new NodeOptions(10, 50, 5, 10_000, 1_000, 30_000);
  }

  /** A copy with another snapshot policy. */
  public NodeOptions withSnapshots(long everyEntries, long keptAfter) {
    return new NodeOptions(tickMillis, electionTicks, heartbeatTicks, everyEntries, keptAfter, writeTimeoutMillis);
  }

  /** A copy with another write timeout. */
  public NodeOptions withWriteTimeoutMillis(long value) {
    return new NodeOptions(tickMillis, electionTicks, heartbeatTicks, snapshotEveryEntries, entriesKeptAfterSnapshot,
        value);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new InvalidArgumentException(message);
    }
  }
}
