package io.cairn.bench.cluster;

import io.cairn.bench.chain.ProcessCpu;
import io.cairn.bench.runner.Loopback;
import io.cairn.chain.api.Identity;
import io.cairn.common.CairnIoException;
import io.cairn.node.api.ExitCodes;
import io.cairn.node.api.Json;
import io.cairn.node.api.JsonOption;
import io.cairn.replication.transport.Frame;
import io.cairn.replication.transport.Transport;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code cairn bench transport}: the CPU the real member-to-member transport (Netty, TCP on
 * loopback, authenticated frames) spends per frame and per byte, sender and receiver together,
 * for the simulator's resource model (docs/kraft.md §7.2). Two {@link Transport}s in this JVM; one
 * sends {@code --frames} RAFT frames of each payload size to the other, flushing every {@code
 * --batch} frames (as the driver flushes once per Ready) and keeping at most {@code --window}
 * frames unreceived. The figure is this process's CPU time (every thread: both event loops, the
 * sending thread, the JIT and the collector) divided by the frames, measured after a warm-up pass,
 * so it holds on a loaded machine where wall time does not.
 */
@Command(name = "transport", mixinStandardHelpOptions = true,
    description = "CPU per frame and per byte of the member-to-member transport (loopback, both ends in one JVM).",
    footer = {"", "--json writes {\"rows\": [{\"payload_bytes\", \"frames\", \"cpu_us_per_frame\", \"frames_per_s\"}],"
        + " \"cpu_us_per_message\", \"cpu_ns_per_byte\"}: the per-message figure is the intercept and the"
        + " per-byte figure the slope between the smallest and the largest payload (sender plus receiver)."})
public final class TransportBench implements Callable<Integer> {
  @Option(names = "--payload-bytes", split = ",", defaultValue = "64,4096,65536",
      description = "Payload sizes, at least two (default ${DEFAULT-VALUE}).")
  List<Integer> payloads;

  @Option(names = "--frames", defaultValue = "100000", description = "Frames per size (default ${DEFAULT-VALUE}).")
  int frames;

  @Option(names = "--batch", defaultValue = "16", description = "Frames per flush (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--window", defaultValue = "1024",
      description = "Most frames sent and not yet received (default ${DEFAULT-VALUE}).")
  int window;

  @Mixin JsonOption json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (payloads.size() < 2 || payloads.stream().anyMatch(p -> p < 0 || p > 1 << 20) || frames < 1 || batch < 1
        || window < batch) {
      throw new ParameterException(spec.commandLine(), "need two or more --payload-bytes in 0..1048576, positive"
          + " --frames and --batch, and --window >= --batch");
    }
    PrintWriter out = spec.commandLine().getOut();
    Identity one = Identity.generate();
    Identity two = Identity.generate();
    Map<Integer, Transport.Peer> cluster = Map.of(1, new Transport.Peer(Loopback.freeAddress(), one.key()),
        2, new Transport.Peer(Loopback.freeAddress(), two.key()));
    AtomicLong received = new AtomicLong();
    try (Transport sender = new Transport("bench", one, 1, cluster, (peer, frame) -> { });
        Transport receiver = new Transport("bench", two, 2, cluster, (peer, frame) -> received.incrementAndGet())) {
      receiver.start(cluster.get(2).address());
      sender.start(cluster.get(1).address());
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!sender.connected(2)) {
        if (System.nanoTime() > deadline) {
          throw new CairnIoException("the two transports did not connect within 30 s");
        }
        Thread.sleep(10);
      }
      Json.Arr rows = Json.array();
      double[] cpu = new double[payloads.size()];
      out.printf("%10s %10s %16s %12s%n", "payload_B", "frames", "cpu_us_per_frame", "frames_per_s");
      for (int i = 0; i < payloads.size(); i++) {
        int size = payloads.get(i);
        pump(sender, received, size, Math.max(1, frames / 4)); // warm-up
        long cpuBefore = ProcessCpu.nanos();
        long start = System.nanoTime();
        pump(sender, received, size, frames);
        double seconds = (System.nanoTime() - start) / 1e9;
        cpu[i] = (ProcessCpu.nanos() - cpuBefore) / 1e3 / frames;
        out.printf("%10d %10d %16.2f %12.0f%n", size, frames, cpu[i], frames / seconds);
        rows.add(Json.object().put("payload_bytes", size).put("frames", frames)
            .put("cpu_us_per_frame", Json.round(cpu[i], 3)).put("frames_per_s", Math.round(frames / seconds)));
      }
      int last = payloads.size() - 1;
      double perByteNanos = (cpu[last] - cpu[0]) * 1e3 / (payloads.get(last) - payloads.getFirst());
      double perMessageMicros = cpu[0] - perByteNanos * payloads.getFirst() / 1e3;
      out.printf("per message %.2f us, per byte %.3f ns (sender and receiver together)%n", perMessageMicros, perByteNanos);
      json.write(Json.object().put("rows", rows).put("cpu_us_per_message", Json.round(perMessageMicros, 3))
          .put("cpu_ns_per_byte", Json.round(perByteNanos, 4)));
    }
    return ExitCodes.OK;
  }

  /** Sends {@code count} frames of {@code size} bytes and waits until the receiver has them all. */
  private void pump(Transport sender, AtomicLong received, int size, int count) {
    long target = received.get() + count;
    long sent = target - count;
    byte[] payload = new byte[size];
    while (sent < target) {
      if (sent - received.get() >= window) {
        LockSupport.parkNanos(20_000);
        continue;
      }
      for (int b = 0; b < batch && sent < target; b++) {
        if (!sender.send(2, new Frame(Frame.Type.RAFT, payload))) {
          break; // backlog full: the window drains first
        }
        sent++;
      }
      sender.flush();
    }
    while (received.get() < target) {
      LockSupport.parkNanos(20_000);
    }
  }
}
