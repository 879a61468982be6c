package io.cairn.replication.node;

import io.cairn.common.InvalidArgumentException;

/**
 * When the anchor batcher may start its next round while earlier ones are still in flight: the
 * rule that trades a round's fixed cost against a call's wait.
 *
 * <p>Every round costs the cluster the same fixed work whatever its size: a record-store fsync, a
 * transaction signature and a block signature, their checks on every member, a log entry with its
 * fsync on every member, and its append and acknowledgement messages. Under a moderate load (400
 * records in flight in 4 calls) two rounds always in flight halve every round, and the cluster
 * spends its CPU on rounds instead of records. So a second round starts only when it pays for
 * itself or a call has waited long enough:
 *
 * <ul>
 *   <li>no round in flight: start at once (an idle node adds no delay);
 *   <li>{@code maxInFlight} rounds in flight: wait;
 *   <li>otherwise start when at least {@code overlapRecords} records wait (a deep queue fills a
 *       round on its own), or, with {@code matchInFlight} (session 12), at least as many records
 *       as the rounds in flight hold (the next round is as large as the one it overlaps, so the
 *       pipeline's two rounds share the load evenly instead of the second waiting for a timer),
 *       or the oldest waiting call has waited {@code overlapWaitNanos} (the bound a round in
 *       flight may add to a call's latency).
 * </ul>
 *
 * <p>Why the match (session 12): under a closed-loop load of fewer than {@code overlapRecords}
 * records in flight (800 at 8 clients of 100) the queue never got deep enough, so every
 * overlapping round waited for the timer: up to 10 ms added to every second round, while a
 * round's worth of calls had long been waiting. Matching the round in flight starts it as soon as
 * it is as large as that round. The price: after a small round the next may be small too (the
 * bound would have let more calls gather), and every round costs the fixed work above; the loaded
 * A/B runs of session 12 did not separate the two rules (docs/bench.md), so the property below
 * keeps the old rule one flag away for the idle A/B.
 *
 * <p>Thread-safety: immutable.
 */
record RoundGate(int maxInFlight, long overlapRecords, long overlapWaitNanos, boolean matchInFlight) {
  /** System property: most rounds in flight (default {@value #DEFAULT_MAX_IN_FLIGHT}). */
  static final String MAX_IN_FLIGHT_PROPERTY = "cairn.anchorRoundsInFlight";
  /** System property: waiting records that start an overlapping round (default {@value #DEFAULT_OVERLAP_RECORDS}). */
  static final String OVERLAP_RECORDS_PROPERTY = "cairn.anchorOverlapRecords";
  /** System property: milliseconds a call waits before an overlapping round starts (default {@value #DEFAULT_OVERLAP_WAIT_MILLIS}). */
  static final String OVERLAP_WAIT_PROPERTY = "cairn.anchorOverlapWaitMillis";
  /** System property: {@code false} turns off the start at as many records as in flight (default on; A/B runs). */
  static final String MATCH_IN_FLIGHT_PROPERTY = "cairn.anchorOverlapMatch";
  static final int DEFAULT_MAX_IN_FLIGHT = 2;
  static final long DEFAULT_OVERLAP_RECORDS = AnchorBatcher.ENTRIES_PER_TRANSACTION;
  static final long DEFAULT_OVERLAP_WAIT_MILLIS = 10;

  RoundGate {
    if (maxInFlight < 1 || overlapRecords < 1 || overlapWaitNanos < 0) {
      throw new InvalidArgumentException("anchor round gate: " + MAX_IN_FLIGHT_PROPERTY + " and " + OVERLAP_RECORDS_PROPERTY
          + " must be at least 1, " + OVERLAP_WAIT_PROPERTY + " at least 0, not " + maxInFlight + ", " + overlapRecords
          + ", " + overlapWaitNanos / 1_000_000L);
    }
  }

  /** The gate of the system properties above, their defaults where unset. */
  static RoundGate fromProperties() {
    return new RoundGate(Integer.getInteger(MAX_IN_FLIGHT_PROPERTY, DEFAULT_MAX_IN_FLIGHT),
        Long.getLong(OVERLAP_RECORDS_PROPERTY, DEFAULT_OVERLAP_RECORDS),
        Long.getLong(OVERLAP_WAIT_PROPERTY, DEFAULT_OVERLAP_WAIT_MILLIS) * 1_000_000L,
        !"false".equals(System.getProperty(MATCH_IN_FLIGHT_PROPERTY)));
  }

  /** The gate before session 12 (no start at the in-flight round's size), for tests and A/B runs. */
  RoundGate(int maxInFlight, long overlapRecords, long overlapWaitNanos) {
    this(maxInFlight, overlapRecords, overlapWaitNanos, false);
  }

  /**
   * Whether a round may start now with {@code inFlight} rounds in flight holding {@code
   * inFlightRecords} records, {@code waitingRecords} records waiting (the next round's included)
   * and the oldest waiting call {@code waitedNanos} old.
   */
  boolean mayStart(int inFlight, long inFlightRecords, long waitingRecords, long waitedNanos) {
    assert inFlight >= 0 && waitingRecords >= 0 && inFlightRecords >= 0
        : "negative count " + inFlight + ", " + inFlightRecords + ", " + waitingRecords;
    if (inFlight == 0) {
      return true;
    }
    if (inFlight >= maxInFlight) {
      return false;
    }
    return deepEnough(inFlightRecords, waitingRecords) || waitedNanos >= overlapWaitNanos;
  }

  /**
   * How long a round has to wait, on the same inputs as {@link #mayStart(int, long, long, long)}: 0 when it may start
   * now; else the nanoseconds until the oldest call reaches the wait bound, or {@link
   * Long#MAX_VALUE} when only a round ending can let it start. Either way, more waiting records
   * or a round ending may let it start sooner: the waiter is woken on both, never polls.
   */
  long waitNanos(int inFlight, long inFlightRecords, long waitingRecords, long waitedNanos) {
    if (mayStart(inFlight, inFlightRecords, waitingRecords, waitedNanos)) {
      return 0;
    }
    return inFlight >= maxInFlight ? Long.MAX_VALUE : overlapWaitNanos - waitedNanos;
  }

  /**
   * Whether {@code waitingRecords} records waiting let a round start beside rounds in flight that
   * hold {@code inFlightRecords} records.
   */
  boolean deepEnough(long inFlightRecords, long waitingRecords) {
    return waitingRecords >= overlapRecords || matchInFlight && inFlightRecords > 0 && waitingRecords >= inFlightRecords;
  }
}
