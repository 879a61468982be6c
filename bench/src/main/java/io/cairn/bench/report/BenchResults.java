package io.cairn.bench.report;

import io.cairn.node.api.Json;
import java.util.List;
import java.util.Optional;

/**
 * Everything a run produced, ready for the table, the JSON file and the Markdown report.
 *
 * @param machine the machine measured
 * @param settings the run's settings (scenario, store settings, seed, rounds, engine order)
 * @param durability the write durability every engine ran with, in words
 * @param storeSettings the tuning every engine was given, in words
 * @param engines the engines asked for, in the order given
 * @param runs the rows, merged over rounds, ordered by workload, value size, then engine
 * @param skipped engines that could not open, with the reason
 * @param failed runs that broke, with the reason
 */
public record BenchResults(
    MachineInfo machine,
    Json.Obj settings,
    String durability,
    String storeSettings,
    List<EngineInfo> engines,
    List<RunResult> runs,
    List<EngineOutcome> skipped,
    List<EngineOutcome> failed) {

  /** Copies the lists. */
  public BenchResults {
    engines = List.copyOf(engines);
    runs = List.copyOf(runs);
    skipped = List.copyOf(skipped);
    failed = List.copyOf(failed);
  }

  /** The row of {@code engine} for this workload and value size, if it ran. */
  public Optional<RunResult> row(String engine, String workload, int valueBytes) {
    return runs.stream()
        .filter(r -> r.engine().equals(engine) && r.workload().equals(workload) && r.valueBytes() == valueBytes)
        .findFirst();
  }

  private EngineInfo engineInfo(String name) {
    return engines.stream().filter(e -> e.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalStateException("a row of an engine the report does not list: " + name));
  }

  /**
   * The JSON report: {@code machine}, {@code settings}, {@code engines}, {@code runs} (the schema of
   * {@code docs/bench.md}), {@code skipped}, {@code failed}, {@code targets} (the paper's targets
   * that could be evaluated, see {@link PaperTargets}).
   */
  public Json.Obj toJson() {
    Json.Arr engineList = Json.array();
    engines.forEach(e -> engineList.add(e.toJson()));
    Json.Arr runList = Json.array();
    runs.forEach(r -> runList.add(r.toJson().put("settings", engineInfo(r.engine()).rowSettings())));
    Json.Arr skippedList = Json.array();
    skipped.forEach(s -> skippedList.add(s.toJson()));
    Json.Arr failedList = Json.array();
    failed.forEach(f -> failedList.add(f.toJson()));
    Json.Arr targets = Json.array();
    PaperTargets.evaluate(this).forEach(t -> targets.add(t.toJson()));
    return Json.object()
        .put("machine", machine.toJson())
        .put("settings", settings)
        .put("engines", engineList)
        .put("runs", runList)
        .put("skipped", skippedList)
        .put("failed", failedList)
        .put("targets", targets);
  }
}
