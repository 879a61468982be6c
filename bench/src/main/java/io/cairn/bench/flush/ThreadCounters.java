package io.cairn.bench.flush;

import io.cairn.bench.runner.ThreadCpu;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What the kernel counts for one group of threads ({@link ThreadCpu}'s groups: flush, gc, ...),
 * summed over this process's threads of that group: run time ({@code schedstat}), user and system
 * time ({@code stat}'s utime and stime, in clock ticks), minor page faults ({@code stat}'s minflt)
 * and write system calls ({@code io}'s syscw). Zero where {@code /proc} is not there.
 *
 * @param runNanos nanoseconds on the CPU
 * @param userTicks user time in clock ticks (1/100 s on Linux)
 * @param systemTicks kernel time in clock ticks
 * @param minorFaults minor page faults
 * @param writeCalls write system calls (write, pwrite, writev and friends)
 */
record ThreadCounters(long runNanos, long userTicks, long systemTicks, long minorFaults, long writeCalls) {
  static final ThreadCounters ZERO = new ThreadCounters(0, 0, 0, 0, 0);
  /** Nanoseconds per clock tick of utime and stime (USER_HZ is 100 on every Linux this runs on). */
  static final long NANOS_PER_TICK = 10_000_000L;

  /** The counters of each thread group now, by group name; a group with no live thread is absent. */
  static Map<String, ThreadCounters> byGroup() {
    Map<String, ThreadCounters> groups = new HashMap<>();
    ThreadCpu.eachTask((name, task) -> {
      String group = ThreadCpu.groupOf(name);
      ThreadCounters counters = group == null ? null : read(task);
      if (counters != null) {
        groups.merge(group, counters, ThreadCounters::plus);
      }
    });
    return groups;
  }

  ThreadCounters plus(ThreadCounters other) {
    return new ThreadCounters(runNanos + other.runNanos, userTicks + other.userTicks,
        systemTicks + other.systemTicks, minorFaults + other.minorFaults, writeCalls + other.writeCalls);
  }

  ThreadCounters minus(ThreadCounters other) {
    return new ThreadCounters(runNanos - other.runNanos, userTicks - other.userTicks,
        systemTicks - other.systemTicks, minorFaults - other.minorFaults, writeCalls - other.writeCalls);
  }

  /** One thread's counters, or null when it ended while being read. */
  private static ThreadCounters read(Path task) {
    try {
      String stat = Files.readString(task.resolve("stat"));
      // Fields after the name in parentheses (which may hold spaces): state is field 3.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long run = ThreadCpu.runNanos(Files.readString(task.resolve("schedstat")).trim());
      long writes = 0;
      for (String line : Files.readAllLines(task.resolve("io"))) {
        if (line.startsWith("syscw:")) {
          writes = Long.parseLong(line.substring("syscw:".length()).trim());
        }
      }
      return new ThreadCounters(run, Long.parseLong(fields[11]), Long.parseLong(fields[12]),
          Long.parseLong(fields[7]), writes);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
