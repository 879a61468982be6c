package io.cairn.kraft.sim;

/**
 * One node's CPU and NIC under a {@link ResourceModel}: each is a FIFO server whose clock says
 * when it is next free. Times are virtual microseconds, kept fractional so that a 10 Gbit/s link
 * does not round a 300-byte frame up to a whole microsecond. A crash does not reset the clocks:
 * the hardware keeps draining what it had queued (and those frames are then dropped on arrival).
 *
 * <p>Invariant: every clock only moves forward.
 *
 * <p>Used by the KRaft simulator and by the BFT simulator ({@code io.cairn.bft.sim}), so that both
 * run in one resource model.
 *
 * <p>Thread-safety: not thread-safe; owned by one simulation.
 */
public final class NodeResources {
  private final ResourceModel model;
  private double cpuFreeAt;
  private double egressFreeAt;
  private double ingressFreeAt;
  private double cpuBusyMicros;
  private long bytesSent;
  private long messagesSent;
  private long bytesReceived;

  public NodeResources(ResourceModel model) {
    this.model = model;
  }

  /** Whether the event loop is still working at {@code now}. */
  public boolean cpuBusy(long now) {
    return cpuFreeAt > now;
  }

  /** When the event loop is next free, rounded up to the event loop's whole microseconds. */
  public long cpuFreeAt() {
    return (long) Math.ceil(cpuFreeAt);
  }

  /** Runs {@code micros} of CPU work starting no earlier than {@code now}; returns when it ends. */
  public double runCpu(long now, double micros) {
    assert micros >= 0 : micros;
    double start = Math.max(now, cpuFreeAt);
    cpuFreeAt = start + micros;
    cpuBusyMicros += micros;
    return cpuFreeAt;
  }

  /** Serializes {@code bytes} onto the egress port once they are ready at {@code readyAt}; returns when the last bit left. */
  public double egress(double readyAt, int bytes) {
    double start = Math.max(readyAt, egressFreeAt);
    egressFreeAt = start + model.wireMicros(bytes);
    bytesSent += bytes;
    messagesSent++;
    return egressFreeAt;
  }

  /** Receives {@code bytes} whose first bit reaches the ingress port at {@code arrivesAt}; returns when the last bit is in. */
  public double ingress(double arrivesAt, int bytes) {
    double start = Math.max(arrivesAt, ingressFreeAt);
    ingressFreeAt = start + model.wireMicros(bytes);
    bytesReceived += bytes;
    return ingressFreeAt;
  }

  public double cpuBusyMicros() {
    return cpuBusyMicros;
  }

  public long bytesSent() {
    return bytesSent;
  }

  /** Messages put on the egress port. */
  public long messagesSent() {
    return messagesSent;
  }

  public long bytesReceived() {
    return bytesReceived;
  }
}
