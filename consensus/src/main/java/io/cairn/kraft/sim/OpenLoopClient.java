package io.cairn.kraft.sim;

import java.util.ArrayDeque;
import java.util.Arrays;
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
 * <p>Early stop: the arrival times are drawn when the load starts, so the window's sample size is
 * known from the outset. A window write is <i>late</i> once it committed after more than the p99
 * bound, or is still uncommitted a bound after its arrival (its latency can then only exceed the
 * bound). As soon as more than 1 % of the sample (plus two, for the percentile's rounding) is late,
 * the p99 can no longer end under the bound, and the load stops the event loop: the rest of an
 * overloaded run, the costliest part of a curve search, is never simulated. The verdict is the one
 * the whole run would have given; only the stopped run's other figures are partial.
 *
 * <p>Thread-safety: not thread-safe; owned by one simulation.
 */
final class OpenLoopClient {
  private static final long RETRY_MICROS = 1_000;
  private static final byte PENDING = 0;
  private static final byte COMMITTED = 1;
  private static final byte LATE = 2;

  private final SimCluster cluster;
  private final SplittableRandom random;
  private final double ratePerSecond;
  private final int bytes;
  private final long windowFrom;
  private final long windowUntil;
  private final double lateAfterMicros;
  private final ArrayDeque<ClientMessages.Write> backlog = new ArrayDeque<>();
  private final Histogram latencyMicros = new Histogram(SimMetrics.HISTOGRAM_MAX_MICROS, 3);
  /** Arrival time of write {@code seq} at index {@code seq - 1}; the last one falls after the window. */
  private long[] arrivals = new long[0];
  /** {@link #PENDING}, {@link #COMMITTED} or {@link #LATE} (committed late or counted late), by seq - 1. */
  private byte[] states = new byte[0];
  private long firstWindowSeq;
  private long lastWindowSeq;
  private long lateFrontierSeq;
  private long seq;
  private long windowArrivals;
  private long windowCommitted;
  private long late;
  private boolean boundBroken;
  private boolean retryScheduled;
  private boolean stopped;
  private SimNode leader;

  /**
   * A load of {@code ratePerSecond} writes of {@code bytes} each, measuring the writes that
   * arrive in virtual microseconds {@code [windowFrom, windowUntil)}; it stops the event loop once
   * more than 1 % of them are later than {@code lateAfterMicros} (infinite: never).
   */
  OpenLoopClient(SimCluster cluster, SplittableRandom random, double ratePerSecond, int bytes, long windowFrom,
      long windowUntil, double lateAfterMicros) {
    assert ratePerSecond > 0 && windowFrom <= windowUntil && lateAfterMicros > 0;
    this.cluster = cluster;
    this.random = random;
    this.ratePerSecond = ratePerSecond;
    this.bytes = bytes;
    this.windowFrom = windowFrom;
    this.windowUntil = windowUntil;
    this.lateAfterMicros = lateAfterMicros;
    cluster.load = this;
  }

  /** Draws every arrival time up to the window's end and starts the arrivals. */
  void start() {
    long now = cluster.loop.now();
    int count = 0;
    long at = now;
    do {
      if (count == arrivals.length) {
        arrivals = Arrays.copyOf(arrivals, Math.max(16, 2 * count));
      }
      at += nextGapMicros();
      arrivals[count++] = at;
    } while (at < windowUntil);
    states = new byte[count];
    firstWindowSeq = Long.MAX_VALUE;
    for (int i = 0; i < count; i++) {
      if (arrivals[i] >= windowFrom && arrivals[i] < windowUntil) {
        firstWindowSeq = Math.min(firstWindowSeq, i + 1);
        lastWindowSeq = i + 1;
      }
    }
    lateFrontierSeq = firstWindowSeq;
    cluster.loop.after(arrivals[0] - now, this::arrive);
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
    assert now == arrivals[(int) seq] : "arrival out of its drawn time";
    ClientMessages.Write write = new ClientMessages.Write(++seq, now, bytes);
    if (isWindow(write.seq())) {
      windowArrivals++;
    }
    send(write);
    countLate(now);
    cluster.loop.after(arrivals[(int) seq] - now, this::arrive);
  }

  private boolean isWindow(long writeSeq) {
    return writeSeq >= firstWindowSeq && writeSeq <= lastWindowSeq;
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
    int i = (int) (writeSeq - 1);
    if (i < 0 || i >= states.length || states[i] == COMMITTED || !isWindow(writeSeq)) {
      return;
    }
    long now = cluster.loop.now();
    long latency = now - arrivals[i];
    boolean alreadyLate = states[i] == LATE;
    states[i] = COMMITTED;
    windowCommitted++;
    latencyMicros.recordValue(Math.min(SimMetrics.HISTOGRAM_MAX_MICROS, latency));
    if (latency > lateAfterMicros && !alreadyLate) {
      late++;
    }
    countLate(now);
  }

  /**
   * Counts as late every window write still uncommitted a bound after its arrival, and stops the
   * event loop once the late ones alone put the p99 over the bound.
   */
  private void countLate(long now) {
    while (lateFrontierSeq <= lastWindowSeq && arrivals[(int) lateFrontierSeq - 1] + lateAfterMicros < now) {
      int i = (int) lateFrontierSeq - 1;
      if (states[i] == PENDING) {
        states[i] = LATE;
        late++;
      }
      lateFrontierSeq++;
    }
    long sample = lastWindowSeq - firstWindowSeq + 1;
    if (!boundBroken && sample > 0 && late > 0.01 * sample + 2) {
      boundBroken = true;
      cluster.loop.stop();
    }
  }

  /** Whether the run was stopped early because its p99 could no longer end under the bound. */
  boolean boundBroken() {
    return boundBroken;
  }

  /** Ends the run: every write of the window still uncommitted counts with the maximum latency. */
  void finish() {
    stopped = true;
    for (long s = firstWindowSeq; s <= lastWindowSeq && s <= seq; s++) {
      if (states[(int) s - 1] != COMMITTED) {
        latencyMicros.recordValue(SimMetrics.HISTOGRAM_MAX_MICROS);
      }
    }
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
