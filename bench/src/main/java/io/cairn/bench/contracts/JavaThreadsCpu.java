package io.cairn.bench.contracts;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU time and heap allocation of every live Java thread of this process, summed, and the
 * collector's pause time: what the executors' threads (the caller's and the pool's) spent, which
 * other processes' load does not inflate. The process-wide CPU figure ({@code getProcessCpuTime})
 * counts in 10 ms clock ticks on Linux, too coarse for one block; the JVM's own collector and
 * compiler threads are not Java threads and are left out of the CPU time, so the collector's
 * share is reported apart ({@link #gcMillis}).
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
}
