package io.cairn.kraft.sim;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The simulated network: every message gets a random one-way delay (0.5-3 ms), may be dropped
 * or duplicated, and never crosses a cut link. Links between nodes are FIFO like the TCP
 * connections a real transport would use, except that the reorder fault holds some messages back
 * long enough to be overtaken. Links are directed, so a cut can be asymmetric. Clients reach
 * every node (partitions are among nodes) but suffer the same loss and delays.
 *
 * <p>With a {@link ResourceModel} the delay is no longer free: a message waits for the sender's
 * egress port, crosses the wire in the model's propagation time, and waits for the receiver's
 * ingress port (see {@link NodeResources}).
 *
 * <p>Thread-safety: not thread-safe.
 */
final class SimNetwork {
  private static final int DELAY_MIN_MICROS = 500;
  private static final int DELAY_SPREAD_MICROS = 2500;
  private static final int REORDER_EXTRA_MICROS = 30_000;

  private final EventLoop loop;
  private final SplittableRandom random;
  private final ResourceModel model;
  private final Set<Long> cut = new HashSet<>();
  /** Arrival time of the last message on each link, by sender and receiver index (0: none yet). */
  private long[][] lastArrival = new long[0][];
  private double lossProbability;
  private double duplicateProbability;
  private double reorderProbability;

  SimNetwork(EventLoop loop, SplittableRandom random, ResourceModel model) {
    this.loop = loop;
    this.random = random;
    this.model = model;
  }

  void setFaults(double loss, double duplicate, double reorder) {
    lossProbability = loss;
    duplicateProbability = duplicate;
    reorderProbability = reorder;
  }

  /** Sends from node {@code from} to node {@code to}; {@code deliver} runs on arrival (maybe twice). */
  void send(int from, int to, Runnable deliver) {
    send(from, to, null, null, 0, loop.now(), deliver);
  }

  /**
   * Sends {@code bytes} from node {@code from} to node {@code to}, ready to leave the sender's CPU
   * at {@code readyAt}; under a resource model the message pays both NICs (the resources of
   * sender and receiver); {@code deliver} runs on arrival (maybe twice).
   */
  void send(int from, int to, NodeResources sender, NodeResources receiver, int bytes, double readyAt,
      Runnable deliver) {
    long link = link(from, to);
    if (cut.contains(link)) {
      return;
    }
    transmit(link, sender, receiver, bytes, readyAt, deliver);
  }

  /** Client traffic: no partitions, same loss and delay, no ordering. */
  void sendClient(Runnable deliver) {
    transmit(-1, null, null, 0, loop.now(), deliver);
  }

  /** Client traffic of {@code bytes} to a node whose ingress port ({@code receiver}) it pays under a resource model. */
  void sendClient(NodeResources receiver, int bytes, Runnable deliver) {
    transmit(-1, null, receiver, bytes, loop.now(), deliver);
  }

  private void transmit(long link, NodeResources sender, NodeResources receiver, int bytes, double readyAt,
      Runnable deliver) {
    if (lossProbability > 0 && random.nextDouble() < lossProbability) {
      return;
    }
    sendCopy(link, sender, receiver, bytes, readyAt, deliver);
    if (duplicateProbability > 0 && random.nextDouble() < duplicateProbability) {
      sendCopy(link, sender, receiver, bytes, readyAt, deliver);
    }
  }

  private void sendCopy(long link, NodeResources sender, NodeResources receiver, int bytes, double readyAt,
      Runnable deliver) {
    if (model.enabled()) {
      sendModelled(link, sender, receiver, bytes, readyAt, deliver);
    } else {
      long at = loop.now() + DELAY_MIN_MICROS + random.nextInt(DELAY_SPREAD_MICROS);
      loop.after(ordered(link, at) - loop.now(), deliver);
    }
  }

  /**
   * Under the resource model: the frame leaves the sender's egress port, crosses the wire, and
   * takes its turn at the receiver's ingress port when its first bit gets there. The ingress port
   * is claimed at that moment (an event), not at sending time, so that frames from many senders
   * are served in the order they reach the port: a frame stuck behind a long egress queue must not
   * hold up frames that arrive before it.
   */
  private void sendModelled(long link, NodeResources sender, NodeResources receiver, int bytes, double readyAt,
      Runnable deliver) {
    double left = sender == null ? readyAt : sender.egress(readyAt, bytes);
    double spread = model.propagationSpreadMicros() == 0 ? 0 : random.nextInt(model.propagationSpreadMicros());
    long atPort = ordered(link, (long) Math.ceil(left + model.propagationMicros() + spread));
    loop.after(atPort - loop.now(), () -> {
      long in = receiver == null ? atPort : (long) Math.ceil(receiver.ingress(atPort, bytes));
      loop.after(in - loop.now(), deliver);
    });
  }

  /**
   * {@code at}, or later: never before the link's previous message (FIFO), unless the reorder fault
   * holds this one back.
   */
  private long ordered(long link, long at) {
    if (reorderProbability > 0 && random.nextDouble() < reorderProbability) {
      return at + random.nextInt(REORDER_EXTRA_MICROS);
    }
    if (link >= 0) {
      long[] row = row((int) (link >>> 32), (int) link);
      int to = (int) link;
      if (row[to] > at) {
        at = row[to];
      }
      row[to] = at;
    }
    return at;
  }

  /** The row of sender {@code from}, with room for receiver {@code to}. */
  private long[] row(int from, int to) {
    if (from >= lastArrival.length) {
      lastArrival = java.util.Arrays.copyOf(lastArrival, Math.max(from + 1, 2 * lastArrival.length));
    }
    long[] row = lastArrival[from];
    if (row == null || to >= row.length) {
      row = row == null ? new long[Math.max(to + 1, 8)] : java.util.Arrays.copyOf(row, Math.max(to + 1, 2 * row.length));
      lastArrival[from] = row;
    }
    return row;
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
