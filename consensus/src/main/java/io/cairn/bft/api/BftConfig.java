package io.cairn.bft.api;

/**
 * Settings of one replica group; every replica of a group uses equal settings. {@code n = nodes}
 * tolerates {@code f = (n-1)/3} Byzantine replicas; quorums are {@code 2f+1}. Times are in ticks.
 *
 * @param checkpointInterval K: a checkpoint every K sequence numbers
 * @param window L: sequence numbers accepted above the stable checkpoint h are (h, h+L]; L >= 2K
 * @param pipeline most sequence numbers the primary has proposed but not yet executed
 * @param batchMax most requests in one pre-prepare
 * @param viewChangeTicks a backup starts a view change when a request it knows stays unexecuted
 *     this long; doubled for every view change that does not lead to progress
 * @param fastPathTicks SBFT: how long a collector waits for all n shares before the slow path
 * @param collectorTicks SBFT: how long a replica waits for a certificate before it sends its share
 *     to the primary as well (the fallback collector)
 * @param fetchTicks how often a replica behind a stable checkpoint asks again for its state
 * @param deferredMax messages held for a later view or window before further ones are dropped
 */
public record BftConfig(Protocol protocol, int nodes, int checkpointInterval, int window, int pipeline,
    int batchMax, int viewChangeTicks, int fastPathTicks, int collectorTicks, int fetchTicks, int deferredMax) {
  public BftConfig {
    if (nodes < 4) {
      throw new IllegalArgumentException("a Byzantine group needs at least 4 replicas, was " + nodes);
    }
    if (checkpointInterval < 1 || window < 2 * checkpointInterval || pipeline < 1 || pipeline > window
        || batchMax < 1 || viewChangeTicks < 2 || fastPathTicks < 0 || collectorTicks < 1 || fetchTicks < 1
        || deferredMax < 0) {
      throw new IllegalArgumentException("bad BFT settings: " + protocol + " " + nodes + " K=" + checkpointInterval
          + " L=" + window + " pipeline=" + pipeline);
    }
  }

  /**
   * Defaults for {@code protocol} with {@code nodes} replicas (ticks of about 1 ms). The SBFT
   * fast-path wait grows with n: a collector must hear every replica, and each one spends longer
   * checking certificates of n signatures.
   */
  public static BftConfig defaults(Protocol protocol, int nodes) {
    return new BftConfig(protocol, nodes, 16, 64, 8, 64, 100, 4 + nodes / 4, 40, 20, 4096);
  }

  /** The most Byzantine replicas tolerated. */
  public int f() {
    return (nodes - 1) / 3;
  }

  /** Quorum size 2f+1. */
  public int quorum() {
    return 2 * f() + 1;
  }

  /** The primary of {@code view}. */
  public int primary(long view) {
    return (int) Math.floorMod(view, (long) nodes);
  }

  /** SBFT: the collector of sequence number {@code seq} in {@code view}, rotating over the backups. */
  public int collector(long view, long seq) {
    return (int) ((primary(view) + 1 + Math.floorMod(seq, (long) nodes - 1)) % nodes);
  }
}
