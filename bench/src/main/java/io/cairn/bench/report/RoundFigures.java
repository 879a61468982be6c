package io.cairn.bench.report;

import io.cairn.node.api.Json;
import java.util.Map;

/**
 * What one round of a mixed (YCSB) row measured on its own, before the rounds were merged: its
 * ops/s, its process CPU per operation and that CPU by thread group. A merged row's figures are
 * those of all its rounds together; these say how far the rounds were apart, which a single
 * merged figure hides (session 12: the YCSB load's cairn-pmem / cairn-ssd ratio from one idle run
 * was within the spread of the rounds).
 *
 * @param opsPerSecond the round's operations over the wall time of its timed bursts
 * @param cpuMicrosPerOperation the round's process CPU per operation, or null when not recorded
 * @param cpuMicrosByThread that CPU by thread group ({@code client, flush, compaction, gc, jit,
 *     other}), or null when not recorded
 */
public record RoundFigures(double opsPerSecond, Double cpuMicrosPerOperation, Map<String, Double> cpuMicrosByThread) {
  /** Copies the split. */
  public RoundFigures {
    cpuMicrosByThread = cpuMicrosByThread == null ? null : Map.copyOf(cpuMicrosByThread);
  }

  /** The figures of {@code mix} as it stands (one round, not yet merged with others). */
  static RoundFigures of(OperationMix mix) {
    return new RoundFigures(mix.overall().opsPerSecond(), mix.cpuMicrosPerOperation(),
        mix.cpuMicrosPerOperationByThread());
  }

  /**
   * One element of a row's {@code per_round}: {@code ops_per_s}, {@code cpu_us_per_op} and {@code
   * client_us_per_op} (the client thread's share; null when no split was recorded).
   */
  Json.Obj toJson() {
    Double client = cpuMicrosByThread == null ? null : cpuMicrosByThread.get("client");
    return Json.object()
        .put("ops_per_s", LatencySummary.round(opsPerSecond))
        .put("cpu_us_per_op", cpuMicrosPerOperation == null ? null : LatencySummary.round(cpuMicrosPerOperation))
        .put("client_us_per_op", client == null ? null : LatencySummary.round(client));
  }
}
