package io.cairn.bench.kv;

import io.cairn.pmem.api.LatencyModel;
import io.cairn.pmem.api.PmemBackend;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and how {@code cairn-pmem} keeps its L0: the pmem root directory (each store gets its own
 * subdirectory there, removed with the store), the region backend, the latency model, the pmem
 * budget and whether the WAL goes to pmem too.
 *
 * @param root the pmem root, or null for the engine's default ({@code <db>/pmem}: mapped files
 *     beside the database)
 * @param backend the region backend
 * @param latencyModel extra latency charged by the pmem layer (off: measured as is)
 * @param budgetBytes the L0's pmem budget, or null for the engine's default
 * @param walOnPmem whether the write-ahead log is on pmem
 */
public record PmemSettings(Path root, PmemBackend backend, LatencyModel latencyModel, Long budgetBytes,
    boolean walOnPmem) {
  /** The engine's defaults: L0 in {@code <db>/pmem}, backend auto, no latency model. */
  public static final PmemSettings ENGINE_DEFAULT =
      new PmemSettings(null, PmemBackend.AUTO, LatencyModel.OFF, null, false);

  /** Checks the required members. */
  public PmemSettings {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(latencyModel, "latencyModel");
  }

  /** The pmem directory of the store in {@code databaseDirectory}, or null for the engine's default. */
  public Path directoryFor(Path databaseDirectory) {
    if (root == null) {
      return null;
    }
    Path absolute = databaseDirectory.toAbsolutePath().normalize();
    return root.resolve("cairn-" + Integer.toHexString(absolute.getParent().toString().hashCode()) + "-"
        + absolute.getFileName());
  }
}
