package io.cairn.bench.contracts;

import io.cairn.chain.contract.ExecutorPhases;
import io.cairn.chain.contract.ExecutorPhases.Count;
import io.cairn.chain.contract.ExecutorPhases.Phase;
import io.cairn.node.api.Json;

/**
 * One executor's {@link ExecutorPhases} over one rate's measured blocks ({@code --phases}): the
 * CPU and wall time of each phase, summed over its threads, per transfer. The phases' CPU adds up
 * to a little less than the executor's CPU per transfer (the clocks leave out the pool threads'
 * spin before a block and the bench's own reads); the wall times of two threads add up to about
 * twice the block's. Since session 11 also each thread's {@code run} per call it ran ({@link #threadLine}).
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

  /**
   * A line of the bench's output: each thread's CPU / wall µs per call it ran in its stretches
   * ({@code run}), and the calls it ran per block. Tells a call's cost on the caller's core, which
   * built the block, from its cost on a pool thread's, and a thread that was descheduled (wall well
   * above CPU) from one that ran.
   */
  String threadLine() {
    StringBuilder line = new StringBuilder(String.format("  threads %-9s %2d threads  %5.1f%% conflicts  run us/call"
        + " CPU/wall:", executor, threads, conflictRate * 100));
    for (int t = 0; t < phases.threads(); t++) {
      line.append(String.format("  t%d %.3f/%.3f (%,.0f calls/block)", t, perCall(t, phases.cpuNanos(t, Phase.RUN)),
          perCall(t, phases.wallNanos(t, Phase.RUN)), phases.blocks() == 0 ? 0.0
              : (double) phases.ranCalls(t) / phases.blocks()));
    }
    return line.toString();
  }

  /**
   * A line of the bench's output (session 19): per thread and block, its stretch's chunks, the
   * pinned ones (never taken), the chunks it took from others and others took from it, the calls
   * deferred in planning and because their chunk was taken, and its idle µs at the join.
   */
  String countLine() {
    StringBuilder line = new StringBuilder(String.format("  chunks %-10s %2d threads  %5.1f%% conflicts  per block:",
        executor, threads, conflictRate * 100));
    for (int t = 0; t < phases.threads(); t++) {
      line.append(String.format("  t%d chunks %.1f pinned %.1f took %.2f taken %.2f deferred %.1f+%.2f idle %.1f us",
          t, perBlock(t, Count.CHUNKS), perBlock(t, Count.PINNED), perBlock(t, Count.TAKEN),
          perBlock(t, Count.TAKEN_FROM), perBlock(t, Count.DEFERRED_PLANNED), perBlock(t, Count.DEFERRED_TAKEN),
          perBlock(t, Count.JOIN_IDLE_NANOS) / 1e3));
    }
    return line.toString();
  }

  private double perBlock(int thread, Count count) {
    return phases.blocks() == 0 ? 0 : (double) phases.count(thread, count) / phases.blocks();
  }

  Json.Obj toJson() {
    Json.Obj each = Json.object();
    for (Phase phase : Phase.values()) {
      each.put(phase.label(), Json.object()
          .put("cpu_us_per_tx", Json.round(perTx(phases.cpuNanos(phase)), 4))
          .put("wall_us_per_tx", Json.round(perTx(phases.wallNanos(phase)), 4)));
    }
    Json.Arr perThread = Json.array();
    for (int t = 0; t < phases.threads(); t++) {
      perThread.add(Json.object()
          .put("thread", t)
          .put("run_calls", phases.ranCalls(t))
          .put("run_cpu_us_per_call", Json.round(perCall(t, phases.cpuNanos(t, Phase.RUN)), 4))
          .put("run_wall_us_per_call", Json.round(perCall(t, phases.wallNanos(t, Phase.RUN)), 4))
          .put("per_block", counts(t)));
    }
    return Json.object()
        .put("executor", executor)
        .put("threads", threads)
        .put("conflict_rate", conflictRate)
        .put("blocks", phases.blocks())
        .put("phases", each)
        .put("threads_run", perThread);
  }

  /** Thread {@code thread}'s {@link Count}s per block (session 19), by their labels. */
  private Json.Obj counts(int thread) {
    Json.Obj each = Json.object();
    for (Count count : Count.values()) {
      each.put(count.label(), Json.round(perBlock(thread, count), 3));
    }
    return each;
  }

  private double perCall(int thread, long nanos) {
    return phases.ranCalls(thread) == 0 ? 0 : nanos / 1e3 / phases.ranCalls(thread);
  }

  private double perTx(long nanos) {
    return phases.calls() == 0 ? 0 : nanos / 1e3 / phases.calls();
  }
}
