package io.cairn.bench.cluster;

import io.cairn.node.api.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What else the machine did during one measured window of {@code bench cluster} (session 18), so
 * that a reader of a row sees when a neighbour took the cores: the load average before and after,
 * the CPU time the whole machine spent ({@code /proc/stat}: user, nice, system, irq and softirq of
 * every CPU) less the CPU time of the measured processes (the bench JVM and, for Cairn, every node
 * process), and the time the hypervisor gave to other guests ({@code steal}).
 *
 * <p>Tried and left out: the measured processes' {@code write_bytes} ({@code /proc/PID/io}) as
 * bytes written per record. It is the page cache the kernel accounts as dirtied, not the bytes
 * written: Ratis's servers read 34,818 per record where their write calls carried about 1,530
 * (docs/bench.md, session 18).
 *
 * <p>Where {@code /proc} is missing (not Linux) every figure is null.
 */
final class MachineLoad {
  /** The kernel's clock ticks per second in {@code /proc/stat} ({@code USER_HZ}: 100 on Linux). */
  static final long TICKS_PER_SECOND = 100;

  private MachineLoad() {}

  /**
   * The machine's state at one instant: the 1-minute load average, busy and steal ticks of all
   * CPUs; a negative field is unknown.
   */
  record Snapshot(double load, long busyTicks, long stealTicks) {}

  /** A snapshot now. */
  static Snapshot now() {
    long[] ticks = cpuTicks(read(Path.of("/proc/stat")));
    return new Snapshot(loadAverage(read(Path.of("/proc/loadavg"))), ticks[0], ticks[1]);
  }

  /**
   * Busy ticks (user + nice + system + irq + softirq; guest time is inside user) and steal ticks of
   * the {@code cpu} line of a {@code /proc/stat} text; {-1, -1} when it has none.
   */
  static long[] cpuTicks(String stat) {
    if (stat != null) {
      for (String line : stat.split("\n")) {
        String[] fields = line.trim().split("\\s+");
        if (fields[0].equals("cpu") && fields.length >= 8) {
          long busy = Long.parseLong(fields[1]) + Long.parseLong(fields[2]) + Long.parseLong(fields[3])
              + Long.parseLong(fields[6]) + Long.parseLong(fields[7]);
          long steal = fields.length >= 9 ? Long.parseLong(fields[8]) : 0;
          return new long[] {busy, steal};
        }
      }
    }
    return new long[] {-1, -1};
  }

  /** The 1-minute load average of a {@code /proc/loadavg} text, or -1. */
  static double loadAverage(String loadavg) {
    if (loadavg == null || loadavg.isBlank()) {
      return -1;
    }
    return Double.parseDouble(loadavg.trim().split("\\s+")[0]);
  }

  /**
   * Puts the window's figures into {@code run}: {@code load_before}, {@code load_after}, {@code
   * machine_cpu_s} (all CPUs busy), {@code measured_cpu_s} ({@code measuredCpuNanos}), {@code
   * other_cpu_s} (the difference: what processes outside the measured ones took, the kernel's
   * work for the measured ones' I/O and network included), {@code other_cores} (that over the
   * window's {@code seconds}) and {@code steal_s}; null where unknown.
   */
  static Json.Obj put(Json.Obj run, Snapshot before, Snapshot after, long measuredCpuNanos, double seconds) {
    boolean cpuKnown = before.busyTicks() >= 0 && after.busyTicks() >= 0;
    Double machine = cpuKnown ? (double) (after.busyTicks() - before.busyTicks()) / TICKS_PER_SECOND : null;
    Double measured = measuredCpuNanos < 0 ? null : measuredCpuNanos / 1e9;
    Double other = machine == null || measured == null ? null : machine - measured;
    return run.put("load_before", before.load() < 0 ? null : before.load())
        .put("load_after", after.load() < 0 ? null : after.load())
        .put("machine_cpu_s", machine == null ? null : Json.round(machine, 2))
        .put("measured_cpu_s", measured == null ? null : Json.round(measured, 2))
        .put("other_cpu_s", other == null ? null : Json.round(other, 2))
        .put("other_cores", other == null || seconds <= 0 ? null : Json.round(other / seconds, 3))
        .put("steal_s", cpuKnown ? Json.round((double) (after.stealTicks() - before.stealTicks()) / TICKS_PER_SECOND, 2)
            : null);
  }

  /**
   * The type of the file system that holds {@code path} (the longest mount point of a {@code
   * /proc/mounts} text that contains it: {@code ext4}, {@code tmpfs}, ...), or null.
   */
  static String fileSystem(String mounts, Path path) {
    if (mounts == null) {
      return null;
    }
    String absolute = path.toAbsolutePath().normalize().toString();
    String best = null;
    int bestLength = -1;
    for (String line : mounts.split("\n")) {
      String[] fields = line.trim().split("\\s+");
      if (fields.length < 3) {
        continue;
      }
      String point = fields[1].replace("\\040", " ");
      boolean holds = absolute.equals(point) || point.equals("/")
          || absolute.startsWith(point.endsWith("/") ? point : point + "/");
      if (holds && point.length() > bestLength) {
        best = fields[2];
        bestLength = point.length();
      }
    }
    return best;
  }

  /** {@link #fileSystem(String, Path)} of this machine's {@code /proc/mounts}. */
  static String fileSystem(Path path) {
    return fileSystem(read(Path.of("/proc/mounts")), path);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
