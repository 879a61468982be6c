package io.cairn.bench.runner;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.ObjLongConsumer;

/**
 * Where a phase's process CPU went, by thread group: the client (the thread that runs the
 * operations), the engine's flush and compaction threads, the garbage collector and the JIT
 * compilers. Without it a row's {@code cpu_us_per_op} cannot say whether an engine's extra CPU
 * is its gets, its background work or the collector's.
 *
 * <p>The groups other than the client are summed from Linux's per-thread run time ({@code
 * /proc/self/task/TID/schedstat}, nanoseconds on the CPU, the first field), grouped by the
 * thread's name ({@code comm}, cut at 15 characters by the kernel); the client's from the JVM's
 * own thread CPU time. Threads that end between two snapshots take their time with them; the
 * caller's "other" (process CPU less the groups) keeps it. Where {@code /proc} is not there
 * (not Linux), every group reads 0.
 *
 * <p>This is the bench's one reader of per-thread run time ({@link #eachThread}); other benches
 * (the contracts bench's collector CPU) group the threads their own way through it, or
 * read them by name ({@link #byName}: the snapshot-wire bench), or read another process's
 * threads ({@link #eachThread(long, ObjLongConsumer)}: {@code bench cluster}'s node processes).
 *
 * <p>Thread-safety: stateless; {@link #take} is called on the client thread.
 */
public final class ThreadCpu {
  /** The groups a snapshot reports, in report order. */
  static final List<String> GROUPS = List.of("client", "flush", "compaction", "gc", "jit");
  private static final Path TASKS = Path.of("/proc/self/task");

  private ThreadCpu() {}

  /** Nanoseconds each group of {@link #GROUPS} has run so far (the client: the calling thread). */
  static Map<String, Long> take() {
    Map<String, Long> nanos = new LinkedHashMap<>();
    for (String group : GROUPS) {
      nanos.put(group, 0L);
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    if (threads.isCurrentThreadCpuTimeSupported()) {
      nanos.put("client", Math.max(0, threads.getCurrentThreadCpuTime()));
    }
    eachThread((name, run) -> {
      String group = groupOf(name);
      if (group != null) {
        nanos.merge(group, run, Long::sum);
      }
    });
    return nanos;
  }

  /**
   * Calls {@code sink} with the kernel name ({@code comm}, at most 15 characters) and the run time
   * in nanoseconds ({@code schedstat}'s first field) of each thread of this process; nothing where
   * {@code /proc} is not there (not Linux). A thread that ends during the walk is reported with an
   * empty name and 0, or skipped; an unreadable listing ends the walk with what was reported.
   */
  public static void eachThread(ObjLongConsumer<String> sink) {
    eachTask((name, task) -> sink.accept(name, runNanos(read(task.resolve("schedstat")))));
  }

  /**
   * {@link #eachThread(ObjLongConsumer)} for the threads of process {@code pid} (another process
   * of the same user, such as a node process the bench started); nothing when it has ended or
   * where {@code /proc} is not there.
   */
  public static void eachThread(long pid, ObjLongConsumer<String> sink) {
    eachTask(Path.of("/proc", Long.toString(pid), "task"),
        (name, task) -> sink.accept(name, runNanos(read(task.resolve("schedstat")))));
  }

  /**
   * Calls {@code sink} with the kernel name ({@code comm}) and the {@code /proc/self/task/TID}
   * folder of each thread of this process, for a caller that reads more of its counters; nothing
   * where {@code /proc} is not there. A thread that ends during the walk comes with an empty name,
   * or is skipped; an unreadable listing ends the walk with what was reported.
   */
  public static void eachTask(BiConsumer<String, Path> sink) {
    eachTask(TASKS, sink);
  }

  private static void eachTask(Path folder, BiConsumer<String, Path> sink) {
    if (!Files.isDirectory(folder)) {
      return;
    }
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(folder)) {
      for (Path task : tasks) {
        sink.accept(read(task.resolve("comm")), task);
      }
    } catch (IOException e) {
      // The directory went away or is unreadable: the caller keeps what was reported.
    }
  }

  /**
   * Run time in nanoseconds of each thread of this process so far, summed by kernel name (at most
   * 15 characters of the thread's name: see {@link #kernelName}); empty where there is no {@code
   * /proc}.
   */
  public static Map<String, Long> byName() {
    Map<String, Long> nanos = new TreeMap<>();
    eachThread((name, run) -> {
      if (!name.isEmpty()) {
        nanos.merge(name, run, Long::sum);
      }
    });
    return nanos;
  }

  /** The name Linux keeps for a thread named {@code javaName}: its first 15 characters. */
  public static String kernelName(String javaName) {
    return javaName.length() <= 15 ? javaName : javaName.substring(0, 15);
  }

  /** {@code after - before}, group by group. */
  static Map<String, Long> since(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> spent = new LinkedHashMap<>();
    for (String group : GROUPS) {
      spent.put(group, Math.max(0, after.getOrDefault(group, 0L) - before.getOrDefault(group, 0L)));
    }
    return spent;
  }

  /**
   * The group of a thread by its kernel name, or null for one counted elsewhere (the client) or
   * in no group: Cairn's {@code cairn-flush-*}, {@code cairn-compaction-*}, {@code
   * cairn-subcompaction-*} and {@code cairn-l0merge-*}; RocksDB's {@code rocksdb:high} (flushes)
   * and {@code rocksdb:low} (compactions); HotSpot's collector threads ({@code GC Thread#n} and
   * {@code G1 *}; Shenandoah's {@code Shenandoah *}; ZGC's {@code Z*}, such as {@code
   * ZWorkerYoung#0} and {@code ZDirector}: since session 16, before which a concurrent collector's
   * threads counted as no group), and its {@code C1}/{@code C2 CompilerThread}s.
   */
  public static String groupOf(String name) {
    if (name.startsWith("cairn-flush") || name.startsWith("rocksdb:high")) {
      return "flush";
    }
    if (name.startsWith("cairn-compactio") || name.startsWith("cairn-subcompac") || name.startsWith("cairn-l0merge")
        || name.startsWith("rocksdb:low")) {
      return "compaction";
    }
    if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("Shenandoah ")
        || isZgcThread(name)) {
      return "gc";
    }
    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
      return "jit";
    }
    return null;
  }

  /** ZGC's threads: {@code ZDirector}, {@code ZDriverMajor}, {@code ZWorkerYoung#0}, {@code ZStat}, {@code ZUncommitter#0}. */
  private static boolean isZgcThread(String name) {
    return name.length() > 1 && name.charAt(0) == 'Z' && Character.isUpperCase(name.charAt(1));
  }

  /** The run time in a {@code schedstat} line (its first field), 0 when it cannot be read. */
  public static long runNanos(String schedstat) {
    int end = schedstat.indexOf(' ');
    try {
      return Long.parseLong(end < 0 ? schedstat.trim() : schedstat.substring(0, end));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).trim();
    } catch (IOException e) {
      // The thread ended between the listing and the read.
      return "";
    }
  }
}
