package io.cairn.replication.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scheduler's own account of a thread (Linux {@code /proc/.../schedstat}: nanoseconds on a
 * CPU, nanoseconds waiting runnable on a run queue, time slices), for the stage trace (session
 * 19): a stage's time is its thread's CPU, its wait for a core (run-queue delay) and the rest,
 * blocked (an {@code fsync}, a lock, a queue). Where the file is missing (another kernel, {@code
 * CONFIG_SCHEDSTATS} off) every figure is 0.
 *
 * <p>Thread-safety: stateless, except {@link Window}, which its one owner calls under its lock.
 */
final class SchedStat {
  private static final Path SELF = Path.of("/proc/thread-self/schedstat");

  private SchedStat() {}

  /** The calling thread's {@code {cpu ns, run-queue wait ns}}; zeros when unreadable. */
  static long[] self() {
    return read(SELF);
  }

  /** {@code {cpu ns, run-queue wait ns}} of a {@code schedstat} file; zeros when unreadable. */
  static long[] read(Path schedstat) {
    try {
      return parse(Files.readString(schedstat, StandardCharsets.US_ASCII));
    } catch (IOException | java.io.UncheckedIOException | NumberFormatException e) {
      return new long[2];
    }
  }

  /** {@code {cpu ns, run-queue wait ns}} of a {@code schedstat} line ("cpu wait slices"). */
  static long[] parse(String line) {
    String[] fields = line.strip().split(" ");
    return new long[] {Long.parseLong(fields[0]), Long.parseLong(fields[1])};
  }

  /** A thread's name without its numbers ({@code cairn-flush-ledger}, {@code C2 CompilerThre}, {@code GC Thread#}). */
  static String group(String comm) {
    int end = comm.length();
    while (end > 0 && (Character.isDigit(comm.charAt(end - 1)) || comm.charAt(end - 1) == '-')) {
      end--;
    }
    return end == 0 ? comm : comm.substring(0, end);
  }

  /**
   * The run-queue wait and CPU of a process's threads between two calls of {@link #since}, summed
   * by thread group ({@link #group}): which threads waited for a core in a trace window.
   */
  static final class Window {
    private final Path tasks;
    /** tid → {cpu, wait} at the last call. */
    private Map<Integer, long[]> last = new HashMap<>();

    Window(Path tasks) {
      this.tasks = tasks;
      since();
    }

    /**
     * One line: the groups with the longest run-queue wait since the last call ({@code top} of
     * them), each as {@code name wait-ms (cpu ms)}.
     */
    String since(int top) {
      Map<String, long[]> byGroup = since();
      List<Map.Entry<String, long[]>> groups = new ArrayList<>(byGroup.entrySet());
      groups.sort((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]));
      long wait = 0;
      long cpu = 0;
      for (long[] figures : byGroup.values()) {
        cpu += figures[0];
        wait += figures[1];
      }
      StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
          "run-queue wait in the window, ms (cpu ms): all threads %.1f (%.1f);", wait / 1e6, cpu / 1e6));
      for (Map.Entry<String, long[]> group : groups.subList(0, Math.min(top, groups.size()))) {
        out.append(String.format(Locale.ROOT, " %s %.1f (%.1f);", group.getKey(), group.getValue()[1] / 1e6,
            group.getValue()[0] / 1e6));
      }
      return out.append('\n').toString();
    }

    private Map<String, long[]> since() {
      Map<Integer, long[]> now = new HashMap<>();
      Map<String, long[]> byGroup = new HashMap<>();
      try {
        for (ProcThread thread : ProcThread.list(tasks)) {
          int tid = thread.tid();
          long[] figures = read(thread.dir().resolve("schedstat"));
          String comm = thread.comm();
          if (comm.isEmpty()) {
            continue; // ended meanwhile
          }
          String name = group(comm);
          now.put(tid, figures);
          long[] before = last.getOrDefault(tid, new long[2]);
          long[] sum = byGroup.computeIfAbsent(name, n -> new long[2]);
          sum[0] += figures[0] - before[0];
          sum[1] += figures[1] - before[1];
        }
      } catch (IOException | java.io.UncheckedIOException e) {
        // no /proc: nothing to report
      }
      last = now;
      return byGroup;
    }
  }
}
