package io.cairn.bench.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A node process's CPU time by thread group, read from Linux's {@code /proc/PID/task/TID/stat}
 * (user plus system time of every live thread), so that {@code bench cluster} can say where a
 * member's CPU per record goes without a profiler: the driver, the apply thread, the anchor
 * rounds, HTTP, the transport, and the JVM's own JIT compiler and GC threads (session 12: in
 * loaded runs the compiler threads were 30-45 % of a node's CPU in the measured window, which
 * JFR's execution samples do not show, since they sample Java code only).
 *
 * <p>Groups, by the thread's name as the kernel keeps it (its first 15 characters): {@code jit}
 * (HotSpot's C1 and C2 compiler threads), {@code gc} (G1's and the GC worker threads), {@code
 * driver}, {@code apply}, {@code anchors}, {@code flush} (the engines' flush and compaction
 * threads), {@code netty} (the transport's event loops), {@code http} (the virtual threads'
 * carriers, which run the HTTP API, and the common pool), and {@code other}. A thread that ended
 * between two readings takes its time with it, so a difference of two readings is a lower bound.
 *
 * <p>Thread-safety: stateless.
 */
final class ThreadCpu {
  /** The groups, in the order they are reported. */
  static final String[] GROUPS = {"driver", "apply", "anchors", "http", "netty", "flush", "jit", "gc", "other"};
  /** The kernel's clock ticks per second in {@code /proc} times (USER_HZ: 100 on Linux). */
  private static final long TICKS_PER_SECOND = 100;

  private ThreadCpu() {}

  /** The group of a thread named {@code name} (as {@code /proc} shows it). */
  static String group(String name) {
    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
      return "jit";
    }
    if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("GC ")) {
      return "gc";
    }
    if (name.startsWith("cairn-driver")) {
      return "driver";
    }
    if (name.startsWith("cairn-apply")) {
      return "apply";
    }
    if (name.startsWith("cairn-anchors")) {
      return "anchors";
    }
    if (name.startsWith("cairn-flush") || name.startsWith("cairn-compact")) {
      return "flush";
    }
    if (name.startsWith("multiThreadIo")) {
      return "netty";
    }
    if (name.startsWith("ForkJoinPool")) {
      return "http";
    }
    return "other";
  }

  /**
   * CPU nanoseconds by group of process {@code pid}'s live threads; empty when {@code /proc} is
   * not there to read (another operating system, or the process ended).
   */
  static Map<String, Long> of(long pid) {
    Map<String, Long> nanos = new LinkedHashMap<>();
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    if (!Files.isDirectory(tasks)) {
      return nanos;
    }
    try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
      for (Path thread : threads) {
        String stat;
        try {
          stat = Files.readString(thread.resolve("stat"), StandardCharsets.US_ASCII);
        } catch (IOException ended) {
          continue; // the thread ended while we listed them
        }
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) {
          continue;
        }
        String[] fields = stat.substring(close + 2).split(" ");
        // Fields after the name, from 0: state, ppid, ..., utime at 11, stime at 12 (proc(5)).
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        nanos.merge(group(stat.substring(open + 1, close)), ticks * (1_000_000_000L / TICKS_PER_SECOND), Long::sum);
      }
    } catch (IOException | RuntimeException unreadable) {
      return new LinkedHashMap<>();
    }
    return nanos;
  }

  /** {@code after} minus {@code before}, group by group (a group missing counts zero). */
  static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
    Map<String, Long> used = new LinkedHashMap<>();
    for (String group : GROUPS) {
      used.put(group, after.getOrDefault(group, 0L) - before.getOrDefault(group, 0L));
    }
    return used;
  }
}
