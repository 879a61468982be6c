package io.cairn.bench.runner;

import io.cairn.bench.chain.ProcessCpu;
import io.cairn.bench.kv.KvStore;
import io.cairn.bench.report.PhaseMeasurement;
import io.cairn.bench.report.RunResult;
import io.cairn.bench.workload.PaperDataset;
import io.cairn.node.api.Json;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The paper's experiment (§5.2): per value size, {@code records} uniformly distributed records
 * written into an empty store (key = SHA-256 of the value), then {@code reads} uniform reads over
 * them, each answer checked against its key. One row per engine and value size, with a write
 * and a read phase.
 */
public final class PaperScenario implements Scenario {
  /** The paper's value sizes: 4, 8 and 16 KiB. */
  public static final List<Integer> PAPER_VALUE_SIZES = List.of(4096, 8192, 16384);
  /** The paper's record count and read count. */
  public static final int PAPER_RECORDS = 100_000;

  private static final int SPACE_FACTOR = 3;

  private final long seed;
  private final List<Integer> valueSizes;
  private final int records;
  private final int reads;
  private final Map<Integer, PaperDataset> datasets = new HashMap<>();

  /**
   * @param seed the run's seed
   * @param valueSizes bytes per value, one cell per engine each
   * @param records records written per cell
   * @param reads reads per cell
   */
  public PaperScenario(long seed, List<Integer> valueSizes, int records, int reads) {
    this.seed = seed;
    this.valueSizes = List.copyOf(valueSizes);
    this.records = records;
    this.reads = reads;
  }

  @Override
  public String name() {
    return "paper";
  }

  @Override
  public List<Integer> valueSizes() {
    return valueSizes;
  }

  @Override
  public int keyBytes() {
    return PaperDataset.KEY_BYTES;
  }

  @Override
  public List<String> workloadLabels() {
    return List.of("paper");
  }

  /** The data three times over: WAL, tables, and a compaction's new tables beside the old. */
  @Override
  public long diskBytesPerCell(int valueBytes) {
    return (long) records * (PaperDataset.KEY_BYTES + valueBytes) * SPACE_FACTOR;
  }

  @Override
  public List<RunResult> run(StoreSession session, int valueBytes, PhaseRunner runner, String task) {
    PaperDataset dataset = datasets.computeIfAbsent(valueBytes,
        size -> new PaperDataset(seed, size, records, reads));
    KvStore store = session.fresh();
    long cpuAtStart = ProcessCpu.nanos();
    Map<String, Long> threadsAtStart = ThreadCpu.take();
    PhaseMeasurement write = runner.writes(store, dataset.writeSource(), task + " write");
    long cpuAtEnd = ProcessCpu.nanos();
    if (cpuAtStart >= 0 && cpuAtEnd >= 0) {
      write.addCpu(cpuAtEnd - cpuAtStart, ThreadCpu.since(threadsAtStart, ThreadCpu.take()));
    }
    PhaseMeasurement read = reads == 0 ? null : runner.reads(store, dataset.readSource(), task + " read");
    return List.of(new RunResult(session.engine().name(), "paper", PaperDataset.KEY_BYTES, valueBytes, records, write, read,
        session.stats(), session.diskBytes()));
  }

  @Override
  public Json.Obj toJson() {
    Json.Arr sizes = Json.array();
    valueSizes.forEach(sizes::add);
    return Json.object()
        .put("workload", "paper")
        .put("records", records)
        .put("reads", reads)
        .put("value_sizes", sizes)
        .put("key_bytes", PaperDataset.KEY_BYTES)
        .put("keys", "SHA-256 of the value (uniformly distributed)")
        .put("values", "random bytes from a seeded generator, the same for every engine");
  }
}
