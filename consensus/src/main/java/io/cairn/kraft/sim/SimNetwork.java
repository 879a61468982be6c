package io.cairn.kraft.sim;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The simulated network: every message gets a random one-way delay (0.5-3 ms), may be dropped
 * or duplicated, and never crosses a cut link. Links between nodes are FIFO like the TCP
 * connections a real transport would use, except that the reorder fault holds some messages back
 * long enough to be overtaken. Links are directed, so a cut can be asymmetric. Clients reach
 * every node (partitions are among nodes) but suffer the same loss and delays.
 *
 * <p>Thread-safety: not thread-safe.
 */
final class SimNetwork {
  private static final int DELAY_MIN_MICROS = 500;
  private static final int DELAY_SPREAD_MICROS = 2500;
  private static final int REORDER_EXTRA_MICROS = 30_000;

  private final EventLoop loop;
  private final SplittableRandom random;
  private final Set<Long> cut = new HashSet<>();
  private final Map<Long, Long> lastArrival = new HashMap<>();
  private double lossProbability;
  private double duplicateProbability;
  private double reorderProbability;

  SimNetwork(EventLoop loop, SplittableRandom random) {
    this.loop = loop;
    this.random = random;
  }

  void setFaults(double loss, double duplicate, double reorder) {
    lossProbability = loss;
    duplicateProbability = duplicate;
    reorderProbability = reorder;
  }

  /** Sends from node {@code from} to node {@code to}; {@code deliver} runs on arrival (maybe twice). */
  void send(int from, int to, Runnable deliver) {
    long link = link(from, to);
    if (cut.contains(link)) {
      return;
    }
    transmit(link, deliver);
  }

  /** Client traffic: no partitions, same loss and delay, no ordering. */
  void sendClient(Runnable deliver) {
    transmit(-1, deliver);
  }

  private void transmit(long link, Runnable deliver) {
    if (lossProbability > 0 && random.nextDouble() < lossProbability) {
      return;
    }
    loop.after(arrival(link) - loop.now(), deliver);
    if (duplicateProbability > 0 && random.nextDouble() < duplicateProbability) {
      loop.after(arrival(link) - loop.now(), deliver);
      }
  }

  /** Arrival time: now plus a random delay, but never before the link's previous message (FIFO). */
  private long arrival(long link) {
    long at = loop.now() + DELAY_MIN_MICROS + random.nextInt(DELAY_SPREAD_MICROS);
    if (reorderProbability > 0 && random.nextDouble() < reorderProbability) {
      return at + random.nextInt(REORDER_EXTRA_MICROS);
    }
    if (link >= 0) {
      Long previous = lastArrival.get(link);
      if (previous != null && previous > at) {
        at = previous;
      }
      lastArrival.put(link, at);
    }
    return at;
  }

  /** Cuts the directed link {@code from -> to}. */
  void cut(int from, int to) {
    cut.add(link(from, to));
  }

  /** Restores every link. */
  void healAll() {
    cut.clear();
  }

  private static long link(int from, int to) {
    return ((long) from << 32) | (to & 0xFFFFFFFFL);
  }
}
