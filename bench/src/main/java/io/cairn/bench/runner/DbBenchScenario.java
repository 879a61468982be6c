package io.cairn.bench.runner;

import io.cairn.bench.kv.KvStore;
import io.cairn.bench.report.PhaseMeasurement;
import io.cairn.bench.report.RunResult;
import io.cairn.bench.workload.DbBenchData;
import io.cairn.bench.workload.RunStep;
import io.cairn.bench.workload.Workload;
import io.cairn.bench.workload.ycsb.YcsbKeySpace;
import io.cairn.bench.workload.ycsb.YcsbKeys;
import io.cairn.bench.workload.ycsb.YcsbRecord;
import io.cairn.bench.workload.ycsb.YcsbSource;
import io.cairn.bench.workload.ycsb.YcsbWorkload;
import io.cairn.node.api.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bench run}: db_bench-style and YCSB workloads in the order given, on one database per
 * engine (the db_bench fill workloads start a new empty one), one row per workload. A workload
 * named twice gets a second row labelled {@code name-2}. YCSB workloads run through {@link
 * YcsbSteps}: the first of a sequence of them starts a new database and loads it (a row {@code
 * ycsb-load}); the ones after it run on that database as it is.
 */
public final class DbBenchScenario implements Scenario {
  private static final int SPACE_FACTOR = 3;

  private final long seed;
  private final List<RunStep> workloads;
  private final int num;
  private final int reads;
  private final int keyBytes;
  private final int valueBytes;
  private final DbBenchData data;
  private final YcsbSteps ycsb;

  /**
   * @param seed the run's seed
   * @param workloads in order, as {@link Workload#parse} validated them
   * @param num key space and operations per write workload
   * @param reads operations per read workload
   * @param keyBytes key width
   * @param valueBytes value width
   * @throws IllegalArgumentException when {@code num} keys do not fit {@code keyBytes}
   */
  public DbBenchScenario(long seed, List<Workload> workloads, int num, int reads, int keyBytes, int valueBytes) {
    this(seed, List.copyOf(workloads), num, reads, keyBytes, valueBytes, 1, 1);
  }

  /**
   * @param seed the run's seed
   * @param steps db_bench and YCSB workloads in order, as {@link io.cairn.bench.workload.RunSteps#parse}
   *     validated them
   * @param num key space and operations per db_bench write workload
   * @param reads operations per db_bench read workload
   * @param keyBytes db_bench key width
   * @param valueBytes db_bench value width
   * @param recordCount records a YCSB load inserts (YCSB's {@code recordcount})
   * @param operationCount operations of each YCSB workload (YCSB's {@code operationcount})
   */
  public DbBenchScenario(long seed, List<RunStep> steps, int num, int reads, int keyBytes, int valueBytes,
      long recordCount, long operationCount) {
    this(seed, steps, num, reads, keyBytes, valueBytes, recordCount, operationCount, YcsbSteps.DEFAULT_SETTLE_SECONDS);
  }

  /**
   * As the constructor above, with {@code settleSeconds}: the longest wait after each YCSB phase
   * for the store's flushes and compactions to finish (0: none).
   */
  public DbBenchScenario(long seed, List<RunStep> steps, int num, int reads, int keyBytes, int valueBytes,
      long recordCount, long operationCount, int settleSeconds) {
    this.seed = seed;
    this.workloads = List.copyOf(steps);
    this.ycsb = new YcsbSteps(seed, recordCount, operationCount, settleSeconds);
    this.num = num;
    this.reads = reads;
    this.keyBytes = keyBytes;
    this.valueBytes = valueBytes;
    this.data = new DbBenchData(seed, num, reads, keyBytes, valueBytes);
  }

  @Override
  public String name() {
    return "run";
  }

  @Override
  public List<Integer> valueSizes() {
    return List.of(ycsbOnly() ? YcsbRecord.RECORD_BYTES : valueBytes);
  }

  /** The db_bench key width, or YCSB's longest key when the run has only YCSB workloads. */
  @Override
  public int keyBytes() {
    return ycsbOnly() ? YcsbKeys.MAX_KEY_BYTES : keyBytes;
  }

  private boolean ycsbOnly() {
    return workloads.stream().allMatch(step -> step instanceof YcsbWorkload);
  }

  @Override
  public List<String> workloadLabels() {
    List<String> labels = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean loaded = false;
    for (RunStep step : workloads) {
      if (step instanceof YcsbWorkload && !loaded) {
        labels.add(label(YcsbSteps.LOAD, seen.merge(YcsbSteps.LOAD, 1, Integer::sum)));
      }
      loaded = step instanceof YcsbWorkload;
      labels.add(label(step.label(), seen.merge(step.label(), 1, Integer::sum)));
    }
    return labels;
  }

  /**
   * The writes that accumulate in one database between two fresh starts, three times over (WAL,
   * tables, compaction output beside its input).
   */
  @Override
  public long diskBytesPerCell(int valueBytes) {
    long largest = 0;
    long current = 0;
    for (RunStep step : workloads) {
      if (step instanceof Workload workload) {
        if (workload.freshDatabase()) {
          current = 0;
        }
        if (workload.writes()) {
          current += num;
        }
        largest = Math.max(largest, current);
      }
    }
    return Math.max(largest * (keyBytes + valueBytes) * SPACE_FACTOR, ycsb.diskBytes(workloads));
  }

  /**
   * For the YCSB workloads of the list: a load of {@code ops} records into a fresh store, then
   * {@code ops} operations of each of those workloads, nothing measured or checked against rows.
   * The YCSB harness's own code (the update's record decode and merge, the scans' checks) and the
   * engine's paths under each operation mix are then compiled before the measured load; without
   * it the engine that ran first paid 19-26 µs of JIT CPU per operation in its workload A (docs/engine.md).
   */
  @Override
  public void warmUp(StoreSession session, int ops, PhaseRunner runner, String task) {
    List<YcsbWorkload> ycsbWorkloads = workloads.stream().filter(YcsbWorkload.class::isInstance)
        .map(YcsbWorkload.class::cast).distinct().toList();
    if (ycsbWorkloads.isEmpty() || ops < 1) {
      return;
    }
    session.fresh();
    YcsbKeySpace records = new YcsbKeySpace();
    YcsbPhaseRunner quiet = new YcsbPhaseRunner(runner.progress());
    quiet.run(session.current(), YcsbSource.load(records, ops, seed ^ 0x5eed), task + " warm-up ycsb-load");
    for (YcsbWorkload workload : ycsbWorkloads) {
      quiet.run(session.current(), YcsbSource.run(workload, records, ops, seed ^ workload.ordinal()),
          task + " warm-up " + workload.label());
    }
  }

  @Override
  public List<RunResult> run(StoreSession session, int valueBytes, PhaseRunner runner, String task) {
    if (valueBytes != valueSizes().getFirst()) {
      throw new IllegalArgumentException("this scenario has values of " + valueSizes().getFirst() + " bytes");
    }
    List<RunResult> rows = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    KvStore store = null;
    YcsbKeySpace ycsbRecords = null;
    YcsbPhaseRunner ycsbRunner = new YcsbPhaseRunner(runner.progress());
    for (RunStep step : workloads) {
      if (step instanceof YcsbWorkload workload) {
        if (ycsbRecords == null) {
          store = session.fresh();
          ycsbRecords = new YcsbKeySpace();
          String load = label(YcsbSteps.LOAD, seen.merge(YcsbSteps.LOAD, 1, Integer::sum));
          rows.add(ycsb.load(session, ycsbRecords, ycsbRunner, load, task + " " + load));
        }
        String label = label(workload.label(), seen.merge(workload.label(), 1, Integer::sum));
        rows.add(ycsb.run(session, ycsbRecords, workload, ycsbRunner, label, task + " " + label));
        continue;
      }
      Workload workload = (Workload) step;
      ycsbRecords = null;
      int occurrence = seen.merge(workload.label(), 1, Integer::sum);
      if (store == null || workload.freshDatabase()) {
        store = session.fresh();
      }
      String label = label(workload.label(), occurrence);
      String phaseTask = task + " " + label;
      PhaseMeasurement measured = switch (workload) {
        case FILLSEQ, FILLRANDOM, OVERWRITE -> runner.writes(store, data.source(workload, occurrence), phaseTask);
        case READRANDOM -> runner.reads(store, data.source(workload, occurrence), phaseTask);
        case SEEKRANDOM -> runner.seeks(store, data.source(workload, occurrence), data::checkEntry, phaseTask);
        case READSEQ -> runner.scan(store, reads, data::checkEntry, phaseTask);
      };
      rows.add(new RunResult(session.engine().name(), label, keyBytes, valueBytes, num,
          workload.writes() ? measured : null, workload.writes() ? null : measured,
          session.stats(), session.diskBytes()));
    }
    return rows;
  }

  private static String label(String name, int occurrence) {
    return occurrence == 1 ? name : name + "-" + occurrence;
  }

  @Override
  public Json.Obj toJson() {
    Json.Arr names = Json.array();
    workloadLabels().forEach(names::add);
    return Json.object()
        .put("workloads", names)
        .put("num", num)
        .put("reads", reads)
        .put("key_bytes", keyBytes)
        .put("value_size", valueBytes)
        .put("keys", "decimal index zero-padded to the key width, as db_bench")
        .put("values", "random bytes from a seeded generator, the same for every engine")
        .put("ycsb", ycsb.toJson());
  }
}
