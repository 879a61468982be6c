package io.cairn.bench.runner;

import io.cairn.bench.report.RunResult;
import io.cairn.node.api.Json;
import java.util.List;

/**
 * What a benchmark does with one engine at one value size (a "cell"): the paper's experiment or a
 * list of db_bench workloads. The {@link BenchRunner} does the rest (engine order, warm-up,
 * directories, rounds), the same for every scenario.
 */
public interface Scenario {
  /** The command that runs it: {@code paper} or {@code run}. */
  String name();

  /** The value sizes, one cell per engine each. */
  List<Integer> valueSizes();

  /** Key width of the scenario's keys (and of the warm-up's). */
  int keyBytes();

  /** The workload labels of the rows it produces, in the order the report lists them. */
  List<String> workloadLabels();

  /** A generous estimate of the disk one cell's databases need at their largest. */
  long diskBytesPerCell(int valueBytes);

  /**
   * Runs one cell: opens fresh stores through {@code session}, measures with {@code runner} and
   * returns one row per workload.
   *
   * @param task a prefix for progress lines, e.g. "rocksdb 4096 B"
   * @throws RuntimeException when the engine fails or answers wrongly; the cell then counts as
   *     failed and its rows are dropped
   */
  List<RunResult> run(StoreSession session, int valueBytes, PhaseRunner runner, String task);

  /**
   * Exercises, unmeasured, what only this scenario runs (beyond the runner's generic warm-up of
   * writes, a compaction, reads and seeks), on fresh stores of {@code session}, about {@code ops}
   * operations per kind, so that the JIT has compiled it before the measured cell whichever engine
   * runs first. By default nothing.
   */
  default void warmUp(StoreSession session, int ops, PhaseRunner runner, String task) {}

  /** The scenario's parameters for the JSON report's {@code settings}. */
  Json.Obj toJson();
}
