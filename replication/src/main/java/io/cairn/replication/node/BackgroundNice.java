package io.cairn.replication.node;

import io.cairn.ffi.ThreadNice;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the CPU priority of a node's background threads (session 19), as RocksDB's {@code
 * Env::LowerThreadPoolCPUPriority} does for its flush and compaction pools: the engine's flush,
 * compaction, sub-compaction, L0-merge and pmem WAL-preparation threads of the node's three
 * databases get nice {@value #DEFAULT_NICE} (weight 110 against 1024), so that when the cores are
 * contended a thread of the commit path that wakes from its {@code fsync} (the anchor batcher, the
 * log syncer, the driver) runs before them. Work that no commit waits for still runs whenever a
 * core is free; a flush that falls behind is still bounded by the engine's write stalls.
 *
 * <p>How: every {@link #SCAN_MILLIS} ms it lists {@code /proc/self/task}, reads each thread's name
 * ({@code comm}, the first 15 characters of the Java name) and calls {@code setpriority} on the
 * thread id of each background thread it has not set yet ({@link ThreadNice}: Java 25's FFM, libc,
 * no library of our own). Threads made later (a sub-compaction pool's) are caught by the next
 * scan. Raising a nice value needs no privilege. Where the call is unavailable (not Linux) or
 * refused, it logs once and stops: the node runs as before.
 *
 * <p>With {@value #JVM_PROPERTY}{@code =true} the JVM's JIT compiler threads and G1's concurrent
 * threads (marking, refinement, service; never the stop-the-world GC workers, whose pause every
 * thread waits for) get the same nice value. Off by default: it was measured and did not help
 * (docs/replication.md, "The commit tail (session 19)").
 *
 * <p>System property {@value #PROPERTY}: the nice value, 0 to 19 (0: off; the default is {@value
 * #DEFAULT_NICE}). One scanner per process, however many members it runs (tests, {@code
 * --in-process}).
 *
 * <p>Thread-safety: {@link #scan} from one thread at a time (the scanner's); {@link #startOnce} from any.
 */
final class BackgroundNice {
  /** System property: the background threads' nice value, 0 to 19 (0: leave them alone). */
  static final String PROPERTY = "cairn.backgroundNice";
  /** System property: also the JVM's JIT and concurrent GC threads (default false). */
  static final String JVM_PROPERTY = "cairn.backgroundNice.jvm";
  /** The default nice value of a node's background threads: weight 110 against a normal thread's 1024. */
  static final int DEFAULT_NICE = 10;
  /** Time between two scans of the process's threads. */
  static final long SCAN_MILLIS = 1_000;
  /** The engine's background threads, by the start of their name as {@code comm} shows it. */
  static final List<String> ENGINE_THREADS = List.of("cairn-flush-", "cairn-compactio", "cairn-subcompac",
      "cairn-l0merge-", "cairn-walprep");
  /** The JVM's threads that no commit waits for (JIT compilers, G1's concurrent threads). */
  static final List<String> JVM_THREADS = List.of("C1 CompilerThre", "C2 CompilerThre", "G1 Conc#", "G1 Refine#",
      "G1 Main Marker", "G1 Service");

  private static final Logger LOG = LoggerFactory.getLogger(BackgroundNice.class);
  private static ScheduledExecutorService scanner;

  private final Path tasks;
  private final int nice;
  private final List<String> prefixes;
  /** Thread ids set (or found to be refused) already. */
  private final Set<Integer> done = new HashSet<>();
  private boolean stopped;

  /**
   * Background threads of the process whose threads {@code tasks} lists ({@code /proc/self/task}),
   * with {@code nice} (0: off); {@code jvm} adds the JVM's JIT and concurrent GC threads.
   */
  BackgroundNice(Path tasks, int nice, boolean jvm) {
    if (nice < 0 || nice > 19) {
      throw new IllegalArgumentException("a background thread's nice value must be in [0, 19]: " + nice);
    }
    this.tasks = tasks;
    this.nice = nice;
    List<String> names = new ArrayList<>(ENGINE_THREADS);
    if (jvm) {
      names.addAll(JVM_THREADS);
    }
    this.prefixes = List.copyOf(names);
    this.stopped = nice == 0;
  }

  /** From {@value #PROPERTY} and {@value #JVM_PROPERTY}. */
  static BackgroundNice fromProperties() {
    int nice = Math.clamp(Integer.getInteger(PROPERTY, DEFAULT_NICE), 0, 19);
    return new BackgroundNice(Path.of("/proc/self/task"), nice, Boolean.getBoolean(JVM_PROPERTY));
  }

  /** Starts this process's scanner (from the properties) unless one runs; a no-op when off. */
  static synchronized void startOnce() {
    if (scanner != null) {
      return;
    }
    BackgroundNice nice = fromProperties();
    if (nice.stopped) {
      return;
    }
    scanner = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("cairn-bgnice").factory());
    scanner.scheduleWithFixedDelay(() -> {
      if (nice.scan() < 0) {
        scanner.shutdown();
      }
    }, 0, SCAN_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Whether a thread named {@code comm} is one this lowers. */
  boolean matches(String comm) {
    for (String prefix : prefixes) {
      if (comm.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * One scan: sets the nice value of every matching thread not set before.
   *
   * @return the threads set by this scan, or -1 once it has stopped (off, unavailable, refused)
   */
  int scan() {
    if (stopped) {
      return -1;
    }
    if (!ThreadNice.available()) {
      LOG.info("background threads keep their priority: setpriority is unavailable ({})", ThreadNice.unavailableReason());
      stopped = true;
      return -1;
    }
    int set = 0;
    Set<Integer> seen = new HashSet<>();
    try {
      for (ProcThread thread : ProcThread.list(tasks)) {
        int tid = thread.tid();
        seen.add(tid);
        if (done.contains(tid) || !matches(thread.comm())) {
          continue;
        }
        int errno = ThreadNice.set(tid, nice);
        if (errno == 0) {
          done.add(tid);
          set++;
        } else if (errno != 3) { // ESRCH: the thread ended meanwhile
          LOG.info("background threads keep their priority: setpriority({}, {}) refused, errno {}", tid, nice, errno);
          stopped = true;
          return -1;
        }
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      LOG.info("background threads keep their priority: cannot list {} ({})", tasks, e.toString());
      stopped = true;
      return -1;
    }
    done.retainAll(seen); // a thread id may be reused by a later thread
    return set;
  }
}
