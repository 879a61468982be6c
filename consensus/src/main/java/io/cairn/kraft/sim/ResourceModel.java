package io.cairn.kraft.sim;

import io.cairn.common.InvalidArgumentException;

/**
 * What sending, receiving and applying cost in the simulator. Without a model (see {@link #OFF})
 * a message costs nothing but its random network delay, so a leader's fan-out is free. With one:
 *
 * <ul>
 *   <li><b>NICs.</b> Every node has a full-duplex NIC of {@code linkGbps}. A message is serialized
 *       onto the sender's egress port (one FIFO queue per node, shared by all its links), crosses
 *       the wire in {@code propagationMicros} plus a random {@code propagationSpreadMicros}, and is
 *       serialized again into the receiver's ingress port (store-and-forward switch: many senders
 *       to one receiver queue there). Links stay FIFO.
 *   <li><b>CPU.</b> Every node runs one event loop. Stepping a received message costs {@code
 *       recvMicros} plus {@code cpuNanosPerByte} per encoded byte; sending one costs {@code
 *       sendMicros} plus the same per byte (encode, checksum, copy to the socket); applying a
 *       committed entry costs {@code applyMicros}. Inputs that arrive while the loop is busy wait in
 *       its inbox, so overload shows as queueing.
 * </ul>
 *
 * <p>The per-message and per-byte CPU figures are calibrated from the codec's JMH benchmark
 * ({@code MessageCodecBenchmark}, see docs/kraft.md §7) and stand in for a real transport until
 * the TCP transport's own cost is measured.
 *
 * @param linkGbps NIC bandwidth in Gbit/s per direction; 0 turns the whole model off
 * @param propagationMicros fixed one-way wire and switch latency
 * @param propagationSpreadMicros random extra one-way latency, uniform in [0, spread)
 * @param sendMicros CPU per message sent
 * @param recvMicros CPU per message received and stepped
 * @param cpuNanosPerByte CPU per encoded byte, charged on both sides
 * @param applyMicros CPU per committed entry applied to the state machine
 */
public record ResourceModel(
    double linkGbps, int propagationMicros, int propagationSpreadMicros, double sendMicros, double recvMicros,
    double cpuNanosPerByte, double applyMicros) {

  /** No resource model: messages and steps are free (the simulator's original behaviour). */
  public static final ResourceModel OFF = new ResourceModel(0, 0, 0, 0, 0, 0, 0);

  /** Validates. */
  public ResourceModel {
    if (!(linkGbps >= 0) || linkGbps > 1000) {
      throw new InvalidArgumentException("link bandwidth must be in [0, 1000] Gbit/s, was " + linkGbps);
    }
    if (propagationMicros < 0 || propagationSpreadMicros < 0 || sendMicros < 0 || recvMicros < 0
        || cpuNanosPerByte < 0 || applyMicros < 0) {
      throw new InvalidArgumentException("resource costs must not be negative");
    }
  }

  /**
   * A datacenter LAN at {@code gbps}: 50-100 µs one way, and the CPU costs calibrated from the
   * codec benchmark (docs/kraft.md §7).
   */
  public static ResourceModel datacenter(double gbps) {
    if (!(gbps > 0)) {
      throw new InvalidArgumentException("link bandwidth must be positive, was " + gbps);
    }
    return new ResourceModel(gbps, 50, 50, 4.0, 6.0, 0.5, 2.0);
  }

  /**
   * As {@link #datacenter}, with the CPU costs of the real Netty transport as {@code ./cairn bench
   * transport} measured them on an idle machine (2026-12-05: 4.71 µs per frame and 1.40 ns per byte,
   * sender and receiver together), split between the two sides in the datacenter model's 4 : 6
   * ratio: 1.88 µs per message sent, 2.83 µs per message received, 0.70 ns per byte on each side.
   */
  public static ResourceModel measuredTransport(double gbps) {
    if (!(gbps > 0)) {
      throw new InvalidArgumentException("link bandwidth must be positive, was " + gbps);
    }
    return new ResourceModel(gbps, 50, 50, 1.88, 2.83, 0.70, 2.0);
  }

  /** Whether the model is on. */
  public boolean enabled() {
    return linkGbps > 0;
  }

  /** Microseconds (fractional) to serialize {@code bytes} onto a link. */
  public double wireMicros(int bytes) {
    return bytes * 8.0 / (linkGbps * 1000.0);
  }

  /** CPU microseconds to send one message of {@code bytes}. */
  public double sendCost(int bytes) {
    return sendMicros + bytes * cpuNanosPerByte / 1000.0;
  }

  /** CPU microseconds to receive and step one message of {@code bytes}. */
  public double recvCost(int bytes) {
    return recvMicros + bytes * cpuNanosPerByte / 1000.0;
  }
}
