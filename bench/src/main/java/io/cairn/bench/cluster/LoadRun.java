package io.cairn.bench.cluster;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The client load of {@code bench cluster}, the same for every system: {@code clients} virtual
 * threads, each sending one request of {@code batch} random records of {@code recordBytes} and
 * waiting for its commit before the next (closed loop, so {@code clients} requests are in flight).
 * A request's latency is timed from send to acknowledgement; a failed request counts as failed,
 * never as committed.
 *
 * <p>Thread-safety: {@link #run} is called from one thread; the sender from many.
 */
final class LoadRun {
  /** Sends one request and returns once it is committed; throws when it failed. */
  @FunctionalInterface
  interface Sender {
    void send(List<byte[]> records) throws Exception;
  }

  /**
   * What a run measured.
   *
   * @param records records acknowledged
   * @param requests requests acknowledged
   * @param failed requests that failed
   * @param latencyMicros send-to-acknowledgement time of each acknowledged request
   */
  record Result(long records, long requests, long failed, Histogram latencyMicros) {}

  private final int clients;
  private final int batch;
  private final int recordBytes;

  LoadRun(int clients, int batch, int recordBytes) {
    this.clients = clients;
    this.batch = batch;
    this.recordBytes = recordBytes;
  }

  /** CPU time this JVM has used so far, every thread. */
  static long jvmCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** Runs the load against {@code sender} for {@code duration}. */
  Result run(Sender sender, Duration duration, long seed) throws InterruptedException {
    long end = System.nanoTime() + duration.toNanos();
    AtomicLong requests = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    List<Histogram> histograms = new ArrayList<>();
    SplittableRandom seeds = new SplittableRandom(seed);
    for (int c = 0; c < clients; c++) {
      Histogram histogram = new Histogram(3);
      histograms.add(histogram);
      SplittableRandom random = seeds.split();
      threads.add(Thread.ofVirtual().name("bench-client-" + c).start(() -> {
        while (System.nanoTime() < end) {
          List<byte[]> records = new ArrayList<>(batch);
          for (int i = 0; i < batch; i++) {
            byte[] raw = new byte[recordBytes];
            random.nextBytes(raw);
            records.add(raw);
          }
          long start = System.nanoTime();
          try {
            sender.send(records);
          } catch (Exception e) {
            failed.incrementAndGet();
            continue;
          }
          histogram.recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
          requests.incrementAndGet();
        }
      }));
    }
    for (Thread thread : threads) {
      thread.join();
    }
    Histogram latency = new Histogram(3);
    histograms.forEach(latency::add);
    return new Result(requests.get() * batch, requests.get(), failed.get(), latency);
  }
}
