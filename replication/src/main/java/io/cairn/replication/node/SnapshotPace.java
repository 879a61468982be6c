package io.cairn.replication.node;

import io.cairn.common.InvalidArgumentException;

/**
 * The pace of the ledger snapshots a leader sends to catching-up members, in MB/s per member, from
 * the JVM system property {@value #PROPERTY} (for node processes started by the command line:
 * {@code CAIRN_NODE_JAVA_OPTS="... -Dcairn.snapshot.mbPerS=40"}). The default, 0, sets no pace: a
 * transfer is bound by its window of chunks in flight alone. A pace trades a slower catch-up for
 * less CPU and disk taken from the client path while it lasts (docs/replication.md, "Pacing"); the
 * {@link SnapshotSender} keeps it, as bytes per second ({@code bytesPerTick(1000)}).
 * The window itself (chunks sent to one member ahead of its answer) may be set the same way, with
 * {@value #WINDOW_PROPERTY}, to measure another one without a rebuild.
 *
 * <p>Thread-safety: stateless.
 */
final class SnapshotPace {
  static final String PROPERTY = "cairn.snapshot.mbPerS";
  static final String WINDOW_PROPERTY = "cairn.snapshot.chunksInFlight";
  /** Most chunks in flight {@value #WINDOW_PROPERTY} may ask for (a peer link holds 32 MiB at most). */
  static final int WINDOW_MAX = 24;

  private SnapshotPace() {}

  /** The pace as KRaft's snapshot bytes per tick of {@code tickMillis} (0: none). */
  static long bytesPerTick(int tickMillis) {
    return bytesPerTick(System.getProperty(PROPERTY, "0"), tickMillis);
  }

  /** Chunks in flight to one member: {@value #WINDOW_PROPERTY}, else {@code standard}. */
  static int chunksInFlight(int standard) {
    String value = System.getProperty(WINDOW_PROPERTY);
    return value == null ? standard : chunksInFlight(value);
  }

  /** {@code chunks} (a whole number in 1..{@value #WINDOW_MAX}) as the window. */
  static int chunksInFlight(String chunks) {
    int window;
    try {
      window = Integer.parseInt(chunks.strip());
    } catch (NumberFormatException e) {
      throw new InvalidArgumentException(WINDOW_PROPERTY + " must be a whole number of chunks, not '" + chunks + "'");
    }
    if (window < 1 || window > WINDOW_MAX) {
      throw new InvalidArgumentException(WINDOW_PROPERTY + " must be in 1.." + WINDOW_MAX + ", not " + chunks);
    }
    return window;
  }

  /** {@code mbPerS} (a decimal number of MB/s, 0 for none) as bytes per tick of {@code tickMillis}. */
  static long bytesPerTick(String mbPerS, int tickMillis) {
    double rate;
    try {
      rate = Double.parseDouble(mbPerS.strip());
    } catch (NumberFormatException e) {
      throw new InvalidArgumentException(PROPERTY + " must be a number of MB/s, not '" + mbPerS + "'");
    }
    if (!(rate >= 0) || rate > 100_000) {
      throw new InvalidArgumentException(PROPERTY + " must be in 0..100000 MB/s, not " + mbPerS);
    }
    return rate == 0 ? 0 : Math.max(1, Math.round(rate * 1_000_000 * tickMillis / 1000));
  }
}
