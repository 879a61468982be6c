package io.cairn.bench.contracts;

import io.cairn.bench.runner.ThreadCpu;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU time and heap allocation of every live Java thread of this process, summed, and the
 * collector's pause time: what the executors' threads (the caller's and the pool's) spent, which
 * other processes' load does not inflate. The process-wide CPU figure ({@code getProcessCpuTime})
 * counts in 10 ms clock ticks on Linux, too coarse for one block; the JVM's own collector and
 * compiler threads are not Java threads and are left out of the CPU time, so the collector's
 * share is reported apart: its pause time ({@link #gcMillis}) and the CPU time of its threads
 * ({@link #collectorNanos}).
 */
final class JavaThreadsCpu {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private JavaThreadsCpu() {}

  /** The summed CPU time of the live Java threads, in nanoseconds. */
  static long nanos() {
    long total = 0;
    if (THREADS instanceof com.sun.management.ThreadMXBean threads) {
      for (long cpu : threads.getThreadCpuTime(threads.getAllThreadIds())) {
        total += Math.max(0, cpu);
      }
      return total;
    }
    for (long id : THREADS.getAllThreadIds()) {
      total += Math.max(0, THREADS.getThreadCpuTime(id));
    }
    return total;
  }

  /**
   * The bytes the live Java threads have allocated on the heap so far, summed (exact per thread,
   * TLABs included), or -1 when the JVM cannot tell.
   */
  static long allocatedBytes() {
    if (!(THREADS instanceof com.sun.management.ThreadMXBean threads) || !threads.isThreadAllocatedMemoryEnabled()) {
      return -1;
    }
    long total = 0;
    for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
      total += Math.max(0, bytes);
    }
    return total;
  }

  /** The collectors' accumulated pause and cycle time so far, in milliseconds. */
  static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, collector.getCollectionTime());
    }
    return total;
  }

  /** The collections (pauses and cycles) the collectors have run so far. */
  static long gcCount() {
    long total = 0;
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, collector.getCollectionCount());
    }
    return total;
  }

  /**
   * The CPU time the JVM's collector threads have used so far, summed, in nanoseconds: the
   * threads G1 and the parallel collector name {@code GC Thread#n}, {@code G1 ...} (concurrent
   * marking, refinement, service) and the {@code VM Thread}, which runs the pauses' safepoint
   * operations (the serial collector's work too). Read from the scheduler's run time of each
   * thread ({@link ThreadCpu#eachThread}; the {@code stat} file's ticks are 10 ms), since no Java
   * API reports these threads' CPU in JDK 25. 0 where there is no {@code /proc} (not Linux). A thread that ended takes its time with it; the
   * collector's threads live as long as the JVM.
   */
  static long collectorNanos() {
    long[] total = {0};
    ThreadCpu.eachThread((name, nanos) -> {
      if (isCollector(name)) {
        total[0] += nanos;
      }
    });
    return total[0];
  }

  /** Whether a thread named {@code name} (as Linux keeps it, cut to 15 characters) is the collector's. */
  static boolean isCollector(String name) {
    return name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread");
  }
}
