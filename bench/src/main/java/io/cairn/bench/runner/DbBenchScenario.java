package io.cairn.bench.runner;

import io.cairn.bench.kv.KvStore;
import io.cairn.bench.report.PhaseMeasurement;
import io.cairn.bench.report.RunResult;
import io.cairn.bench.workload.DbBenchData;
import io.cairn.bench.workload.Workload;
import io.cairn.node.api.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * db_bench-style runs: the workloads in the order given, on one database per engine (the fill
 * workloads start a new empty one), one row per workload. A workload named twice gets a second
 * row labelled {@code name-2}.
 */
public final class DbBenchScenario implements Scenario {
  private static final int SPACE_FACTOR = 3;

  private final long seed;
  private final List<Workload> workloads;
  private final int num;
  private final int reads;
  private final int keyBytes;
  private final int valueBytes;
  private final DbBenchData data;

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
    this.seed = seed;
    this.workloads = List.copyOf(workloads);
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
    return List.of(valueBytes);
  }

  @Override
  public int keyBytes() {
    return keyBytes;
  }

  @Override
  public List<String> workloadLabels() {
    List<String> labels = new ArrayList<>();
    Map<Workload, Integer> seen = new HashMap<>();
    for (Workload workload : workloads) {
      labels.add(label(workload, seen.merge(workload, 1, Integer::sum)));
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
    for (Workload workload : workloads) {
      if (workload.freshDatabase()) {
        current = 0;
      }
      if (workload.writes()) {
        current += num;
      }
      largest = Math.max(largest, current);
    }
    return largest * (keyBytes + valueBytes) * SPACE_FACTOR;
  }

  @Override
  public List<RunResult> run(StoreSession session, int valueBytes, PhaseRunner runner, String task) {
    if (valueBytes != this.valueBytes) {
      throw new IllegalArgumentException("this scenario has values of " + this.valueBytes + " bytes");
    }
    List<RunResult> rows = new ArrayList<>();
    Map<Workload, Integer> seen = new HashMap<>();
    KvStore store = null;
    for (Workload workload : workloads) {
      int occurrence = seen.merge(workload, 1, Integer::sum);
      if (store == null || workload.freshDatabase()) {
        store = session.fresh();
      }
      String label = label(workload, occurrence);
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

  private static String label(Workload workload, int occurrence) {
    return occurrence == 1 ? workload.label() : workload.label() + "-" + occurrence;
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
        .put("values", "random bytes from a seeded generator, the same for every engine");
  }
}
