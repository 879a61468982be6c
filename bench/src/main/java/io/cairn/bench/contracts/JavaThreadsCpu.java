package io.cairn.bench.contracts;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of every live Java thread of this process, summed, to the nanosecond: what the
 * executors' threads (the caller's and the pool's) spent, which other processes' load does not
 * inflate. The process-wide figure ({@code getProcessCpuTime}) counts in 10 ms clock ticks on
 * Linux, too coarse for one block; the JVM's own collector and compiler threads are not Java
 * threads and are left out here.
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
}
