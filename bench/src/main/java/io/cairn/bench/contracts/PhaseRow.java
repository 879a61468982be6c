package io.cairn.bench.contracts;

import io.cairn.chain.contract.ExecutorPhases;
import io.cairn.chain.contract.ExecutorPhases.Phase;
import io.cairn.node.api.Json;

/**
 * One executor's {@link ExecutorPhases} over one rate's measured blocks ({@code --phases}): the
 * CPU and wall time of each phase, summed over its threads, per transfer. The phases' CPU adds up
 * to a little less than the executor's CPU per transfer (the clocks leave out the pool threads'
 * spin before a block and the bench's own reads); the wall times of two threads add up to about
 * twice the block's.
 */
record PhaseRow(String executor, int threads, double conflictRate, ExecutorPhases phases) {
  /** A line of the bench's output: each phase's CPU / wall µs per transfer. */
  String line() {
    StringBuilder line = new StringBuilder(String.format("  phases %-10s %2d threads  %5.1f%% conflicts  us/tx CPU/wall:",
        executor, threads, conflictRate * 100));
    for (Phase phase : Phase.values()) {
      line.append(String.format("  %s %.3f/%.3f", phase.label(), perTx(phases.cpuNanos(phase)),
          perTx(phases.wallNanos(phase))));
    }
    return line.toString();
  }

  Json.Obj toJson() {
    Json.Obj each = Json.object();
    for (Phase phase : Phase.values()) {
      each.put(phase.label(), Json.object()
          .put("cpu_us_per_tx", Json.round(perTx(phases.cpuNanos(phase)), 4))
          .put("wall_us_per_tx", Json.round(perTx(phases.wallNanos(phase)), 4)));
    }
    return Json.object()
        .put("executor", executor)
        .put("threads", threads)
        .put("conflict_rate", conflictRate)
        .put("blocks", phases.blocks())
        .put("phases", each);
  }

  private double perTx(long nanos) {
    return phases.calls() == 0 ? 0 : nanos / 1e3 / phases.calls();
  }
}
