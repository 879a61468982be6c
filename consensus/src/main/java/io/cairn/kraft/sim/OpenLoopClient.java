package io.cairn.kraft.sim;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;

/**
 * An open-loop load: writes arrive as a Poisson process of a fixed rate whatever the cluster
 * does, so an overloaded cluster shows queueing (growing latency), not a client that slows down
 * with it. Each write goes to the current leader (the load knows it, as a client that follows
 * leader hints would after one round trip); while there is no leader, or when the node it reached
 * no longer leads, the write waits and is sent again a millisecond later.
 *
 * <p>Measurement: the writes that arrive in the window {@code [from, until)} are the sample. Their
 * commit latency runs from arrival to the first node applying the entry. A write of the window
 * that has not committed when the run ends counts with the histogram's maximum latency, so an
 * overloaded run cannot hide its backlog from the percentiles.
 *
 * <p>Thread-safety: not thread-safe; owned by one simulation.
 */
final class OpenLoopClient {
  private static final long RETRY_MICROS = 1_000;

  private final SimCluster cluster;
  private final SplittableRandom random;
  private final double ratePerSecond;
  private final int bytes;
  private final long windowFrom;
  private final long windowUntil;
  private final Map<Long, Long> pending = new HashMap<>();
  private final ArrayDeque<ClientMessages.Write> backlog = new ArrayDeque<>();
  private final Histogram latencyMicros = new Histogram(SimMetrics.HISTOGRAM_MAX_MICROS, 3);
  private long seq;
  private long windowArrivals;
  private long windowCommitted;
  private boolean retryScheduled;
  private boolean stopped;
  private SimNode leader;

  /**
   * A load of {@code ratePerSecond} writes of {@code bytes} each, measuring the writes that
   * arrive in virtual microseconds {@code [windowFrom, windowUntil)}.
   */
  OpenLoopClient(SimCluster cluster, SplittableRandom random, double ratePerSecond, int bytes, long windowFrom,
      long windowUntil) {
    assert ratePerSecond > 0 && windowFrom <= windowUntil;
    this.cluster = cluster;
    this.random = random;
    this.ratePerSecond = ratePerSecond;
    this.bytes = bytes;
    this.windowFrom = windowFrom;
    this.windowUntil = windowUntil;
    cluster.load = this;
  }

  /** Starts the arrivals. */
  void start() {
    cluster.loop.after(nextGapMicros(), this::arrive);
  }

  /** No more arrivals after the window. */
  private boolean arrivalsOver() {
    return stopped || cluster.loop.now() >= windowUntil;
  }

  private long nextGapMicros() {
    double u = 1.0 - random.nextDouble();
    return Math.max(1, Math.round(-Math.log(u) / ratePerSecond * 1e6));
  }

  private void arrive() {
    if (arrivalsOver()) {
      return;
    }
    long now = cluster.loop.now();
    ClientMessages.Write write = new ClientMessages.Write(++seq, now, bytes);
    pending.put(write.seq(), now);
    if (now >= windowFrom) {
      windowArrivals++;
    }
    send(write);
    cluster.loop.after(nextGapMicros(), this::arrive);
  }

  private void send(ClientMessages.Write write) {
    if (leader == null || !leader.up() || leader.raft.basicStatus().role() != io.cairn.kraft.api.Role.LEADER) {
      leader = cluster.currentLeader();
    }
    if (leader == null) {
      rejected(write);
      return;
    }
    SimNode target = leader;
    cluster.network.sendClient(target.resources, bytes, () -> cluster.input(target, write));
  }

  /** The node the write reached does not lead (or dropped the proposal): send it again shortly. */
  void rejected(ClientMessages.Write write) {
    leader = null;
    backlog.add(write);
    if (!retryScheduled) {
      retryScheduled = true;
      cluster.loop.after(RETRY_MICROS, this::retry);
    }
  }

  private void retry() {
    retryScheduled = false;
    int count = backlog.size();
    for (int i = 0; i < count; i++) {
      send(backlog.poll());
    }
  }

  /** Some node applied the write {@code writeSeq}; the first application is its commit. */
  void committed(long writeSeq) {
    Long arrival = pending.remove(writeSeq);
    if (arrival == null || arrival < windowFrom || arrival >= windowUntil) {
      return;
    }
    windowCommitted++;
    latencyMicros.recordValue(Math.min(SimMetrics.HISTOGRAM_MAX_MICROS, cluster.loop.now() - arrival));
  }

  /** Ends the run: every write of the window still uncommitted counts with the maximum latency. */
  void finish() {
    stopped = true;
    for (long arrival : pending.values()) {
      if (arrival >= windowFrom && arrival < windowUntil) {
        latencyMicros.recordValue(SimMetrics.HISTOGRAM_MAX_MICROS);
      }
    }
    pending.clear();
  }

  long windowArrivals() {
    return windowArrivals;
  }

  long windowCommitted() {
    return windowCommitted;
  }

  Histogram latencyMicros() {
    return latencyMicros;
  }
}
