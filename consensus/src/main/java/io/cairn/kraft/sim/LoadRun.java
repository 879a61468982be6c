package io.cairn.kraft.sim;

import java.util.SplittableRandom;

/**
 * One open-loop run at a fixed offered rate, with no faults: one point of a latency-vs-load
 * curve. The cluster starts and elects a leader, then the load runs for a warm-up, a measured
 * window and a drain (see {@link OpenLoopClient} for what is measured). Safety invariants are
 * still checked after every step; a violation is a bug and fails the run loudly.
 *
 * <p>Thread-safety: each call is confined to the calling thread.
 */
public final class LoadRun {
  private static final long LEADER_WAIT_MICROS = 10_000_000;
  private static final long LEADER_POLL_MICROS = 10_000;

  /**
   * What a run measured.
   *
   * @param offeredPerSecond the load's arrival rate
   * @param arrivals writes that arrived in the window (Poisson: about rate times window)
   * @param committed of those, the writes committed by the end of the drain
   * @param committedPerSecond writes of the window committed, per second of window
   * @param commitMicrosP50 median commit latency (arrival to first apply) of the window's writes
   * @param commitMicrosP99 99th percentile; uncommitted writes count as the histogram maximum
   * @param busiestCpuShare the highest share of the window any node's event loop was busy
   * @param leaderEgressMegabytesPerSecond bytes the leader put on its NIC, per second of window
   * @param events simulator events executed
   * @param windowMessages node-to-node messages all nodes put on their NICs during the window
   * @param windowBytes their bytes
   * @param stoppedEarly the run was stopped as soon as more than 1 % of the window's writes were
   *     later than the p99 bound (see {@link OpenLoopClient}): it is not sustainable, and its other
   *     figures cover only the part that ran
   */
  public record Point(
      double offeredPerSecond, long arrivals, long committed, double committedPerSecond, double commitMicrosP50, double commitMicrosP99,
      double busiestCpuShare, double leaderEgressMegabytesPerSecond, long events, long windowMessages, long windowBytes,
      boolean stoppedEarly) {

    /**
     * Sustained: at least 99 % of the window's writes committed (so the p99 is a real latency, not
     * the stand-in for an uncommitted write) and the p99 stayed under {@code p99BoundMicros}.
     */
    public boolean sustainable(double p99BoundMicros) {
      return !stoppedEarly && arrivals > 0 && committed >= 0.99 * arrivals && commitMicrosP99 <= p99BoundMicros;
    }
  }

  private LoadRun() {}

  /**
   * Runs {@code options} (its faults ignored: none are injected) with seed {@code seed} under an
   * open-loop load of {@code ratePerSecond} writes of {@code entryBytes}.
   */
  public static Point run(SimOptions options, long seed, double ratePerSecond, int entryBytes, int warmupMillis,
      int windowMillis, int drainMillis) {
    return run(options, seed, ratePerSecond, entryBytes, warmupMillis, windowMillis, drainMillis,
        Double.POSITIVE_INFINITY);
  }

  /**
   * As {@link #run(SimOptions, long, double, int, int, int, int)}, but stops as soon as the p99
   * commit latency can no longer end under {@code p99BoundMicros} (the point is then {@link
   * Point#stoppedEarly()}); a run that is not stopped gives exactly the figures of one without a
   * bound.
   */
  public static Point run(SimOptions options, long seed, double ratePerSecond, int entryBytes, int warmupMillis,
      int windowMillis, int drainMillis, double p99BoundMicros) {
    SplittableRandom random = new SplittableRandom(seed);
    EventLoop loop = new EventLoop();
    SimCluster cluster = SimCluster.found(options, loop, random.split(), reply -> { }, null);
    while (cluster.currentLeader() == null && loop.now() < LEADER_WAIT_MICROS && !loop.stopped()) {
      loop.runUntil(loop.now() + LEADER_POLL_MICROS);
    }
    if (cluster.currentLeader() == null) {
      throw new IllegalStateException("no leader within " + LEADER_WAIT_MICROS / 1000 + " ms without faults");
    }
    long from = loop.now() + warmupMillis * 1000L;
    long until = from + windowMillis * 1000L;
    OpenLoopClient load = new OpenLoopClient(cluster, random.split(), ratePerSecond, entryBytes, from, until,
        p99BoundMicros);
    load.start();
    loop.runUntil(from);
    double[] busyAtFrom = cpuBusy(cluster);
    SimNode leaderAtFrom = cluster.currentLeader();
    long egressAtFrom = leaderAtFrom == null ? 0 : leaderAtFrom.resources.bytesSent();
    long[] trafficAtFrom = traffic(cluster);
    loop.runUntil(until);
    long[] trafficAtUntil = traffic(cluster);
    double[] busyAtUntil = cpuBusy(cluster);
    long egress = leaderAtFrom == null ? 0 : leaderAtFrom.resources.bytesSent() - egressAtFrom;
    loop.runUntil(until + drainMillis * 1000L);
    load.finish();
    String violation = cluster.invariants.violation();
    if (violation != null) {
      throw new IllegalStateException("safety violation under load (seed " + seed + "): " + violation);
    }
    double windowMicros = windowMillis * 1000.0;
    double busiest = 0;
    for (int i = 0; i < busyAtFrom.length; i++) {
      busiest = Math.max(busiest, (busyAtUntil[i] - busyAtFrom[i]) / windowMicros);
    }
    var latency = load.latencyMicros();
    boolean sampled = latency.getTotalCount() > 0;
    return new Point(ratePerSecond, load.windowArrivals(), load.windowCommitted(),
        load.windowCommitted() / (windowMicros / 1e6),
        sampled ? latency.getValueAtPercentile(50) : 0, sampled ? latency.getValueAtPercentile(99) : 0,
        Math.min(1.0, busiest), egress / windowMicros, loop.executed(), trafficAtUntil[0] - trafficAtFrom[0],
        trafficAtUntil[1] - trafficAtFrom[1], load.boundBroken());
  }

  /** Messages and bytes all nodes have sent so far. */
  private static long[] traffic(SimCluster cluster) {
    long[] sent = new long[2];
    for (SimNode node : cluster.nodes) {
      sent[0] += node.resources.messagesSent();
      sent[1] += node.resources.bytesSent();
    }
    return sent;
  }

  private static double[] cpuBusy(SimCluster cluster) {
    double[] busy = new double[cluster.nodes.size()];
    for (int i = 0; i < busy.length; i++) {
      busy[i] = cluster.nodes.get(i).resources.cpuBusyMicros();
    }
    return busy;
  }
}
