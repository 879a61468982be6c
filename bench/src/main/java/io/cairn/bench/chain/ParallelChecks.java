package io.cairn.bench.chain;

import io.cairn.chain.api.Hash32;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.HdrHistogram.Histogram;

/**
 * Runs one check per key from several platform threads (keys shuffled, dealt round-robin) and
 * measures throughput and per-call latency: the verification pass of {@code bench chain} and its
 * raw-engine baseline use the same loop, so their figures compare.
 *
 * <p>Besides wall time it measures the CPU time of the checking threads, which a machine shared
 * with other work inflates far less than wall time: {@link #cpuMicrosPerKey()} is what one check
 * costs, and {@code processors / cpuMicrosPerKey} what an idle machine of that many processors
 * would sustain if nothing else limited it.
 *
 * @param perSecond keys checked per second of wall time
 * @param latencyNanos per-call latency, all threads
 * @param cpuNanos CPU time of the checking threads, all together
 * @param userNanos the part of {@code cpuNanos} spent in user mode (the rest is the kernel's:
 *     system calls and page faults of the reads)
 * @param failures checks that returned a failure
 * @param firstFailure the first failure's description, or null
 */
record ParallelChecks(double perSecond, Histogram latencyNanos, long cpuNanos, long userNanos, int keys, int failures,
    String firstFailure) {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /**
   * Checks every key of {@code keys} with {@code check}, which returns null on success or a
   * description of the failure.
   */
  static ParallelChecks run(List<Hash32> keys, int threads, long seed, Function<Hash32, String> check) {
    List<Hash32> order = new ArrayList<>(keys);
    Collections.shuffle(order, new Random(seed));
    Histogram[] histograms = new Histogram[threads];
    int[] failures = new int[threads];
    String[] firstFailure = new String[threads];
    long[] cpu = new long[threads];
    long[] user = new long[threads];
    Thread[] workers = new Thread[threads];
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      histograms[t] = new Histogram(3);
      workers[t] = Thread.ofPlatform().name("check-" + t).start(() -> {
        long cpuAtStart = THREADS.getCurrentThreadCpuTime();
        long userAtStart = THREADS.getCurrentThreadUserTime();
        for (int i = thread; i < order.size(); i += threads) {
          long begin = System.nanoTime();
          String failure = check.apply(order.get(i));
          histograms[thread].recordValue(Math.max(1, System.nanoTime() - begin));
          if (failure != null && failures[thread]++ == 0) {
            firstFailure[thread] = failure;
          }
        }
        cpu[thread] = THREADS.getCurrentThreadCpuTime() - cpuAtStart;
        user[thread] = THREADS.getCurrentThreadUserTime() - userAtStart;
      });
    }
    for (Thread worker : workers) {
      try {
        worker.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while checking", e);
      }
    }
    long elapsed = System.nanoTime() - start;
    Histogram all = new Histogram(3);
    int failed = 0;
    String first = null;
    long cpuNanos = 0;
    long userNanos = 0;
    for (int t = 0; t < threads; t++) {
      all.add(histograms[t]);
      cpuNanos += cpu[t];
      userNanos += user[t];
      failed += failures[t];
      first = first != null ? first : firstFailure[t];
    }
    return new ParallelChecks(keys.size() * 1e9 / elapsed, all, cpuNanos, userNanos, keys.size(), failed, first);
  }

  /** Median latency in microseconds. */
  double p50Micros() {
    return latencyNanos.getValueAtPercentile(50) / 1000.0;
  }

  /** CPU time of one check, in microseconds: the checking threads' CPU time over the keys. */
  double cpuMicrosPerKey() {
    return cpuNanos / 1000.0 / keys;
  }

  /** The kernel's part of {@link #cpuMicrosPerKey()}: system calls and page faults. */
  double systemCpuMicrosPerKey() {
    return (cpuNanos - userNanos) / 1000.0 / keys;
  }

  /** 99th percentile latency in microseconds. */
  double p99Micros() {
    return latencyNanos.getValueAtPercentile(99) / 1000.0;
  }
}
