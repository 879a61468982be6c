package io.cairn.bench.report;

import io.cairn.node.api.Json;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine a run measured, for the report's {@code machine} object: CPU model and cores,
 * memory, operating system, JVM, the file system the databases were on, and where persistent
 * memory was.
 *
 * @param cpuModel the CPU's model name ({@code /proc/cpuinfo}), or the architecture when unknown
 * @param cores processors available to the JVM
 * @param memoryBytes physical memory, or -1 when unknown
 * @param os operating system name, version and architecture
 * @param jvm JVM name and runtime version
 * @param storage the file system of the databases' directory
 * @param pmem where {@code cairn-pmem} keeps L0; see {@link PmemPlacement}
 */
public record MachineInfo(
    String cpuModel, int cores, long memoryBytes, String os, String jvm, MountInfo storage,
    PmemPlacement pmem) {

  /** Describes this machine, with the databases under {@code dataDir}. */
  public static MachineInfo describe(Path dataDir, PmemPlacement pmem) {
    return new MachineInfo(readCpuModel(), Runtime.getRuntime().availableProcessors(), readMemoryBytes(),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
            + System.getProperty("os.arch"),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        MountInfo.of(dataDir), pmem);
  }

  /** The report's {@code machine} object. */
  public Json.Obj toJson() {
    return Json.object()
        .put("cpu_model", cpuModel)
        .put("cores", cores)
        .put("memory_bytes", memoryBytes)
        .put("os", os)
        .put("jvm", jvm)
        .put("storage", storage.toJson())
        .put("pmem", pmem.toJson());
  }

  static String readCpuModel() {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    try {
      List<String> lines = Files.isReadable(cpuinfo) ? Files.readAllLines(cpuinfo) : List.of();
      String model = modelName(lines);
      if (model != null) {
        return model;
      }
    } catch (IOException e) {
      // Fall through to the architecture: the report says less but stays true.
    }
    return System.getProperty("os.arch");
  }

  /** The first {@code model name} (x86) or {@code Model}/{@code CPU part} line's value. */
  static String modelName(List<String> cpuinfoLines) {
    for (String key : List.of("model name", "Model", "cpu model", "Hardware")) {
      for (String line : cpuinfoLines) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).strip().equals(key)) {
          String value = line.substring(colon + 1).strip();
          if (!value.isEmpty()) {
            return value;
          }
        }
      }
    }
    return null;
  }

  private static long readMemoryBytes() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize();
    }
    return -1;
  }
}
