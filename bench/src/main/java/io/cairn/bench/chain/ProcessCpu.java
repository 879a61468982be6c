package io.cairn.bench.chain;

import java.lang.management.ManagementFactory;

/**
 * The CPU time and load figures {@code bench chain} and {@code bench consortium} report beside wall-clock rates. On a machine
 * shared with other work a rate per second of wall time says as much about the neighbours as about
 * the code; the CPU time the process spent per record says what the code costs (every thread of
 * the process: the engine's flushes and compactions, the pool threads that hash and sign).
 */
public final class ProcessCpu {
  private ProcessCpu() {}

  /** CPU time used by this process so far, in nanoseconds (-1 where the platform does not say). */
  public static long nanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : -1;
  }

  /** The system's load average over the last minute (negative where the platform has none). */
  public static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
