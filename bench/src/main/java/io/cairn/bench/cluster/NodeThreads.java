package io.cairn.bench.cluster;

import io.cairn.bench.runner.ThreadCpu;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node process's CPU time by thread group, read through {@link ThreadCpu} (Linux's per-thread
 * run time of another process), so that {@code bench cluster} can say where a member's CPU per
 * record goes without a profiler: the driver, the apply thread, the anchor rounds, HTTP, the
 * transport, the engines' background threads, and the JVM's own JIT compiler and GC threads
 * (session 12: in loaded runs the compiler threads were 30-45 % of a node's CPU in the measured
 * window, which JFR's execution samples do not show, since they sample Java code only).
 *
 * <p>Groups, by the thread's kernel name (its first 15 characters): {@code flush}, {@code
 * compaction}, {@code gc} and {@code jit} as {@link ThreadCpu#groupOf} has them; {@code driver},
 * {@code apply}, {@code anchors} (a member's {@code cairn-driver-N}, {@code cairn-apply-N}, {@code
 * cairn-anchors-N}); {@code netty} (the transport's event loops); {@code http} (the virtual
 * threads' carriers, which run the HTTP API, and the common pool); and {@code other}. A thread
 * that ended between two readings takes its time with it, so a difference is a lower bound.
 *
 * <p>Thread-safety: stateless.
 */
final class NodeThreads {
  /** The groups, in the order they are reported. */
  static final List<String> GROUPS =
      List.of("driver", "apply", "anchors", "http", "netty", "flush", "compaction", "jit", "gc", "other");

  private NodeThreads() {}

  /** The group of a thread named {@code name} (as {@code /proc} shows it). */
  static String group(String name) {
    String engineOrJvm = ThreadCpu.groupOf(name);
    if (engineOrJvm != null) {
      return engineOrJvm;
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
    if (name.startsWith("multiThreadIo")) {
      return "netty";
    }
    if (name.startsWith("ForkJoinPool")) {
      return "http";
    }
    return "other";
  }

  /**
   * CPU nanoseconds by group of process {@code pid}'s live threads, every group present; all zero
   * when {@code /proc} is not there to read (another operating system, or the process ended).
   */
  static Map<String, Long> of(long pid) {
    Map<String, Long> nanos = new LinkedHashMap<>();
    for (String group : GROUPS) {
      nanos.put(group, 0L);
    }
    ThreadCpu.eachThread(pid, (name, run) -> {
      if (!name.isEmpty()) {
        nanos.merge(group(name), run, Long::sum);
      }
    });
    return nanos;
  }

  /**
   * {@code nanos} (by {@link #GROUPS}) folded into the groups a JVM that is not a Cairn node has:
   * {@code jit}, {@code gc} and {@code other} (the rest, the engine's groups included), in that order
   * (session 19: a Ratis server process, whose thread names mean nothing to Cairn's groups; its
   * common-pool threads are not HTTP).
   */
  static Map<String, Long> jvmGroups(Map<String, Long> nanos) {
    Map<String, Long> folded = new LinkedHashMap<>();
    folded.put("jit", nanos.getOrDefault("jit", 0L));
    folded.put("gc", nanos.getOrDefault("gc", 0L));
    long other = 0;
    for (Map.Entry<String, Long> group : nanos.entrySet()) {
      if (!group.getKey().equals("jit") && !group.getKey().equals("gc")) {
        other += group.getValue();
      }
    }
    folded.put("other", other);
    return folded;
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
