package io.cairn.bench.chain;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * The calling thread's own CPU time and bytes allocated around measured calls, per record, for
 * the JMH benchmarks of the chain's write paths ({@link LedgerApplyBenchmark},
 * {@link RecordStoreBenchmark}) and the engine's ({@code engine.MemTableInsertBenchmark}): on the
 * shared, loaded development machine these hold where the time per operation does not.
 *
 * <p>Thread-safety: one benchmark thread (JMH's {@code Scope.Thread} state).
 */
public final class ApplyingThreadCost {
  private final com.sun.management.ThreadMXBean threads =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private long cpuBefore;
  private long allocatedBefore;
  private long cpuNanos;
  private long allocatedBytes;
  private long records;
  private long backgroundBefore = -1;

  /**
   * CPU nanoseconds of the engine's own background threads (named {@code cairn-}: flush,
   * compaction, subcompaction, intra-L0 merge, the WAL preparer), live ones only: what a database
   * pays later for the records written now (flushes and compactions), which the applying thread's
   * own figure leaves out.
   */
  public long backgroundCpuNanos() {
    long sum = 0;
    Thread current = Thread.currentThread();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread != current && thread.getName().startsWith("cairn-")) {
        long cpu = threads.getThreadCpuTime(thread.threadId());
        if (cpu > 0) {
          sum += cpu;
        }
      }
    }
    return sum;
  }

  /** Starts counting one measured call. */
  public void start() {
    cpuBefore = threads.getCurrentThreadCpuTime();
    allocatedBefore = threads.getCurrentThreadAllocatedBytes();
  }

  /** Ends the measured call started last, which handled {@code count} records. */
  public void stop(int count) {
    allocatedBytes += threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
    cpuNanos += threads.getCurrentThreadCpuTime() - cpuBefore;
    records += count;
  }

  /** Prints the iteration's {@code cpu_ns_per_record} and {@code alloc_bytes_per_record} (then {@code extra}), and starts over. */
  public void report(String extra) {
    long background = backgroundCpuNanos();
    if (records > 0) {
      String backgroundFigure = backgroundBefore < 0 ? ""
          : String.format(Locale.ROOT, " background_cpu_ns_per_record %.0f", (double) Math.max(0, background - backgroundBefore) / records);
      System.out.printf(Locale.ROOT, "  cpu_ns_per_record %.0f alloc_bytes_per_record %.0f%s%s (%d records)%n",
          (double) cpuNanos / records, (double) allocatedBytes / records, backgroundFigure, extra, records);
    }
    backgroundBefore = background;
    cpuNanos = 0;
    allocatedBytes = 0;
    records = 0;
  }

  /** Records counted since the last {@link #report}. */
  public long records() {
    return records;
  }
}
