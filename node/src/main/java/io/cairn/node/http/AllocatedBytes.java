package io.cairn.node.http;

import java.lang.management.ManagementFactory;

/**
 * The heap bytes this JVM's threads have allocated since it started (HotSpot's per-thread TLAB
 * counters, summed: {@code com.sun.management.ThreadMXBean#getTotalThreadAllocatedBytes}; a virtual
 * thread's allocations count on its carrier). {@code GET /status} reports it as {@code
 * allocated_bytes}, so {@code bench cluster} can divide the leader's allocation in its measured
 * seconds by the records committed in them (session 14). -1 where the JVM does not measure it.
 *
 * <p>Thread-safety: stateless.
 */
final class AllocatedBytes {
  private AllocatedBytes() {}

  /** Bytes allocated so far by all threads, or -1 when the JVM cannot say. */
  static long total() {
    if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
        && threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()) {
      return threads.getTotalThreadAllocatedBytes();
    }
    return -1;
  }
}
