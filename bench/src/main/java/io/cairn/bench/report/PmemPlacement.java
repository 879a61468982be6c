package io.cairn.bench.report;

import io.cairn.node.api.Json;

/**
 * Where {@code cairn-pmem} keeps its L0 and through which backend, as the report states it.
 * The engine's public options have no pmem directory or backend yet (issue #7 adds them), so a
 * run uses the engine's default placement and says so: {@code configured} is false and the other
 * members are null rather than guessed.
 *
 * @param configured whether the run chose the pmem directory and backend itself
 * @param mount the pmem directory's file system, or null when not configured
 * @param backend the region backend asked for, or null when not configured
 */
public record PmemPlacement(boolean configured, MountInfo mount, String backend) {
  /** The engine's default placement: nothing chosen by the benchmark. */
  public static final PmemPlacement ENGINE_DEFAULT = new PmemPlacement(false, null, null);

  /**
   * The report's {@code machine.pmem} object: {@code configured, dir, filesystem, dax, emulated,
   * backend}. {@code emulated} is true unless the directory is on a DAX mount.
   */
  public Json.Obj toJson() {
    return Json.object()
        .put("configured", configured)
        .put("dir", mount == null ? null : mount.path().toString())
        .put("filesystem", mount == null ? null : mount.type())
        .put("dax", mount == null ? null : mount.dax())
        .put("emulated", mount == null || mount.dax() == null ? null : !mount.dax())
        .put("backend", backend);
  }

  /** One line for tables and reports. */
  public String describe() {
    if (!configured) {
      return "engine default (the engine's options have no pmem directory yet)";
    }
    return mount.path() + " on " + mount.type()
        + (Boolean.TRUE.equals(mount.dax()) ? " (DAX: real pmem)" : " (emulated pmem)")
        + ", backend " + backend;
  }
}
