package io.cairn.bench.runner;

import io.cairn.bench.kv.Engine;
import io.cairn.bench.kv.KvCursor;
import io.cairn.bench.kv.KvStore;
import io.cairn.bench.report.BenchResults;
import io.cairn.bench.report.EngineInfo;
import io.cairn.bench.report.EngineOutcome;
import io.cairn.bench.report.MachineInfo;
import io.cairn.bench.report.RunResult;
import io.cairn.bench.workload.DbBenchData;
import io.cairn.bench.workload.Workload;
import io.cairn.node.api.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Scenario} over engines, side by side in one process: probes each engine (one that
 * cannot open is skipped, with the reason), runs {@link RunConfig#warmupRounds} rounds of every
 * engine whose rows it drops, then visits the cells of a rotated {@link BenchPlan},
 * each with an uncounted warm-up on a throw-away store and then a measured fresh store in its own
 * directory, removed afterwards unless kept. A cell that fails is reported with its reason and
 * the run goes on. Rounds of the same row are merged.
 *
 * <p>Thread-safety: one run at a time, on the calling thread.
 */
public final class BenchRunner {
  private static final Logger LOG = LoggerFactory.getLogger(BenchRunner.class);
  /** The notes' name of a measured round. */
  private static final String MEASURED_ROUND = "round";
  /** The notes' name of a warm-up round (its rows are dropped). */
  private static final String WARM_UP_ROUND = "warm-up round";

  private final RunConfig config;
  private final Progress progress;
  private final PhaseRunner phases;
  private final PhaseRunner quietPhases = new PhaseRunner(Progress.silent());

  /**
   * @param config directories, settings, seed, warm-up, rounds
   * @param progress where progress and notes go
   */
  public BenchRunner(RunConfig config, Progress progress) {
    this.config = config;
    this.progress = progress;
    this.phases = new PhaseRunner(progress);
  }

  /** Runs {@code scenario} over {@code engines} (in the order given, rotated per cell). */
  public BenchResults run(Scenario scenario, List<Engine> engines) {
    List<EngineOutcome> skipped = new ArrayList<>();
    List<Engine> usable = new ArrayList<>();
    for (Engine engine : engines) {
      String reason = probe(engine);
      if (reason == null) {
        usable.add(engine);
      } else {
        skipped.add(new EngineOutcome(engine.name(), "all runs", reason));
        progress.note("skipped " + engine.name() + ": " + reason);
      }
    }
    BenchPlan plan = BenchPlan.rotated(usable, scenario.valueSizes(), config.rounds());
    List<RunResult> rows = new ArrayList<>();
    List<EngineOutcome> failed = new ArrayList<>();
    if (config.warmupRounds() > 0) {
      BenchPlan warmUp = BenchPlan.rotated(usable, scenario.valueSizes().subList(0, 1), config.warmupRounds());
      runCells(scenario, warmUp, WARM_UP_ROUND, new ArrayList<>(), failed);
    }
    runCells(scenario, plan, MEASURED_ROUND, rows, failed);
    rows.sort(rowOrder(scenario, engines));
    return new BenchResults(MachineInfo.describe(config.directory(), config.pmem()),
        settingsJson(scenario, plan), config.settings().durability(), config.settings().describe(),
        engineInfos(engines), rows,
        skipped, failed);
  }

  /**
   * Runs the cells of {@code plan} in order, merging their rows into {@code rows} and adding a
   * failed cell to {@code failed}; {@code kind} names the rounds in the notes and the directories
   * ({@link #MEASURED_ROUND} or {@link #WARM_UP_ROUND}, whose rows the caller drops).
   */
  private void runCells(Scenario scenario, BenchPlan plan, String kind, List<RunResult> rows,
      List<EngineOutcome> failed) {
    int index = 0;
    for (BenchPlan.Cell cell : plan.cells()) {
      index++;
      String task = cell.engine().name() + " " + cell.valueBytes() + " B";
      String counted = kind.equals(WARM_UP_ROUND) ? " (not counted)" : "";
      progress.note("[" + index + "/" + plan.cells().size() + "] " + kind + " " + cell.round() + ": " + task + counted);
      try {
        merge(rows, runCell(scenario, cell, kind, task));
      } catch (RuntimeException e) {
        progress.finish();
        String what = scenario.name() + " " + cell.valueBytes() + " B " + kind + " " + cell.round();
        failed.add(new EngineOutcome(cell.engine().name(), what, EngineOutcome.describe(e)));
        progress.note("FAILED " + task + ": " + EngineOutcome.describe(e));
        LOG.debug("{} failed", task, e);
      }
      // Leave the next engine a heap without the previous one's garbage.
      System.gc();
    }
  }

  /**
   * Opens {@code engine} in a scratch directory, writes, reads and scans one record, and closes
   * it: null when all of that works, else the reason it does not.
   */
  private String probe(Engine engine) {
    try (StoreSession session = new StoreSession(engine, config.settings(),
        config.directory().resolve("probe-" + engine.name()), false)) {
      KvStore store = session.fresh();
      byte[] key = "cairn-bench-probe".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      byte[] value = {1, 2, 3};
      store.put(key, value);
      if (!Arrays.equals(store.get(key), value)) {
        return "reads back a different value than it was given in a one-record probe";
      }
      try (KvCursor cursor = store.cursor()) {
        cursor.seekToFirst();
        if (!cursor.isValid() || !Arrays.equals(cursor.key(), key)) {
          return "a cursor does not find the one record of a probe";
        }
      }
      return null;
    } catch (RuntimeException | LinkageError e) {
      LOG.debug("{} cannot open", engine.name(), e);
      return EngineOutcome.describe(e);
    }
  }

  private List<RunResult> runCell(Scenario scenario, BenchPlan.Cell cell, String kind, String task) {
    if (config.warmupOps() > 0) {
      warmUp(scenario, cell, task);
    }
    boolean warmUpRound = kind.equals(WARM_UP_ROUND);
    String name = (warmUpRound ? "w" : "r") + cell.round() + "-" + cell.engine().name() + "-" + cell.valueBytes();
    try (StoreSession session = new StoreSession(cell.engine(), config.settings(),
        config.directory().resolve(name), config.keep() && !warmUpRound)) {
      return scenario.run(session, cell.valueBytes(), phases, task);
    }
  }

  /**
   * Writes, reads, seeks and scans a throw-away store with the cell's key and value sizes, so the
   * JIT has compiled the engine's paths and the harness's before anything is measured. Between
   * the writes and the reads the store is compacted ({@link KvStore#compactAll}): the reads then
   * go through tables and the block cache, and the flush and compaction code has run, so the
   * engine that runs first in the JVM does not pay the compilation of paths that every Cairn
   * engine shares (measured: 6.6-6.8 µs of JIT CPU per operation in its YCSB load and 12-26 in
   * its workload A, against 0.3-3.6 and 0 for the engines after it).
   */
  private void warmUp(Scenario scenario, BenchPlan.Cell cell, String task) {
    int ops = config.warmupOps();
    int keyBytes = scenario.keyBytes();
    DbBenchData data = new DbBenchData(config.seed() ^ 0x77a4, ops, ops,
        Math.max(keyBytes, DbBenchData.minimumKeyBytes(ops)), cell.valueBytes());
    try (StoreSession session = new StoreSession(cell.engine(), config.settings(),
        config.directory().resolve("warmup-" + cell.engine().name()), false)) {
      progress.note(task + " warm-up: " + ops + " writes, a compaction, reads and seeks (and the scenario's own)"
          + " on a throw-away store (not counted)");
      KvStore store = session.fresh();
      quietPhases.writes(store, data.source(Workload.FILLRANDOM, 1), task + " warm-up write");
      store.compactAll();
      quietPhases.reads(store, data.source(Workload.READRANDOM, 1), task + " warm-up read");
      quietPhases.seeks(store, data.source(Workload.SEEKRANDOM, 1), data::checkEntry, task + " warm-up seek");
      scenario.warmUp(session, ops, quietPhases, task);
    }
  }

  private static void merge(List<RunResult> rows, List<RunResult> cellRows) {
    for (RunResult row : cellRows) {
      rows.stream().filter(existing -> existing.sameRow(row)).findFirst()
          .ifPresentOrElse(existing -> existing.absorb(row), () -> rows.add(row));
    }
  }

  private static Comparator<RunResult> rowOrder(Scenario scenario, List<Engine> engines) {
    List<String> workloads = scenario.workloadLabels();
    List<String> names = engines.stream().map(Engine::name).toList();
    return Comparator.<RunResult>comparingInt(r -> workloads.indexOf(r.workload()))
        .thenComparingInt(RunResult::valueBytes)
        .thenComparingInt(r -> names.indexOf(r.engine()));
  }

  private List<EngineInfo> engineInfos(List<Engine> engines) {
    return engines.stream()
        .map(e -> new EngineInfo(e.name(), e.description(), e.deviations(config.settings()),
            e.writeBuffersUsed(config.settings())))
        .toList();
  }

  private Json.Obj settingsJson(Scenario scenario, BenchPlan plan) {
    return Json.object()
        .put("command", scenario.name())
        .put("scenario", scenario.toJson())
        .put("durability", config.settings().durability())
        .put("store", config.settings().toJson())
        // The pmem engines' WAL placement (on pmem by default: the engine's default since session 15; --wal-on-pmem=false).
        .put("wal_on_pmem", config.pmem() != null && config.pmem().walOnPmem())
        .put("seed", config.seed())
        .put("warmup_ops", config.warmupOps())
        .put("rounds", config.rounds())
        .put("warmup_rounds", config.warmupRounds())
        .put("keep", config.keep())
        .put("engine_order", plan.toJson())
        .put("jvm", HeapOption.describeThisJvm());
  }
}
