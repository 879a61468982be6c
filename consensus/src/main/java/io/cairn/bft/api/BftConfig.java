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

  /** The most Byzantine replicas tolerated by the initial group. */
  public int f() {
    return (nodes - 1) / 3;
  }

  /** Quorum size of the initial group: 2f+1 when n = 3f+1 (see {@link #quorum(int)}). */
  public int quorum() {
    return quorum(nodes);
  }

  /**
   * The quorum of a group of {@code nodes} tolerating f = (nodes-1)/3: ceil((n+f+1)/2), so that
   * two quorums share at least f+1 replicas, one of them honest. It is 2f+1 when n = 3f+1, but
   * more for the sizes between (n = 5 and 6: 4), which a group passes through as it grows by one.
   */
  public static int quorum(int nodes) {
    int f = (nodes - 1) / 3;
    return (nodes + f + 2) / 2;
  }

  /**
   * The configuration epoch of {@code view}: a view number is {@code epoch << 32 | local view}.
   * Epoch e has {@code nodes + e} replicas (each epoch adds one, docs/bft.md §10), so epoch 0's
   * views are the plain numbers 0, 1, 2, ...
   */
  public static int epochOf(long view) {
    return (int) (view >>> 32);
  }

  /** The first view of configuration epoch {@code epoch}. */
  public static long firstView(int epoch) {
    return (long) epoch << 32;
  }

  /** Replicas in the configuration of {@code view}. */
  public int nodes(long view) {
    return nodes + epochOf(view);
  }

  /** The most Byzantine replicas tolerated in the configuration of {@code view}. */
  public int f(long view) {
    return (nodes(view) - 1) / 3;
  }

  /** Quorum size in the configuration of {@code view} ({@link #quorum(int)}). */
  public int quorum(long view) {
    return quorum(nodes(view));
  }

  /** The primary of {@code view}: its local view number modulo the replicas of its epoch. */
  public int primary(long view) {
    return (int) Math.floorMod(view & 0xFFFF_FFFFL, (long) nodes(view));
  }

  /** SBFT: the collector of sequence number {@code seq} in {@code view}, rotating over the backups. */
  public int collector(long view, long seq) {
    int size = nodes(view);
    return (int) ((primary(view) + 1 + Math.floorMod(seq, (long) size - 1)) % size);
  }
}
