package io.cairn.bench.report;

import io.cairn.bench.kv.PmemSettings;
import io.cairn.node.api.Json;

/**
 * Where {@code cairn-pmem} keeps its L0 and through which backend and latency model, as the
 * report states it. Without {@code --pmem-dir} the engine's default placement is used (mapped
 * files in {@code <db>/pmem}, on the databases' file system): {@code configured} is false and the
 * mount is not probed.
 *
 * @param configured whether the run chose the pmem directory itself ({@code --pmem-dir})
 * @param mount the pmem directory's file system, or null when not configured
 * @param backend the region backend asked for ({@code auto} unless {@code --pmem-backend})
 * @param latencyModel the latency model ({@code off} unless {@code --latency-model})
 * @param walOnPmem whether cairn-pmem's WAL was on pmem
 */
public record PmemPlacement(boolean configured, MountInfo mount, String backend, String latencyModel,
    boolean walOnPmem) {
  /** The engine's default placement: nothing chosen by the benchmark. */
  public static final PmemPlacement ENGINE_DEFAULT = new PmemPlacement(false, null, "auto", "off", false);

  /** The placement {@code settings} ask for (the mount probed when a root is given). */
  public static PmemPlacement of(PmemSettings settings) {
    return new PmemPlacement(settings.root() != null, settings.root() == null ? null : MountInfo.of(settings.root()),
        settings.backend().id(), settings.latencyModel().toString(), settings.walOnPmem());
  }

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
        .put("backend", backend)
        .put("latency_model", latencyModel)
        .put("wal_on_pmem", walOnPmem);
  }

  /** One line for tables and reports. */
  public String describe() {
    String how = ", backend " + backend + ", latency model " + latencyModel + (walOnPmem ? ", WAL on pmem" : "");
    if (!configured) {
      return "engine default: emulated pmem, mapped files in <db>/pmem on the databases' file system" + how;
    }
    return mount.path() + " on " + mount.type()
        + (Boolean.TRUE.equals(mount.dax()) ? " (DAX: real pmem)" : " (emulated pmem)") + how;
  }
}
