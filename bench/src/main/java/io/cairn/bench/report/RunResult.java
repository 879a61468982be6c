package io.cairn.bench.report;

import io.cairn.bench.kv.StoreStats;
import io.cairn.node.api.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One row of the results: an engine, a workload and a value size, with what its write and read
 * phases measured (either may be absent: a db_bench workload only writes or only reads). Rounds
 * of the same row are merged with {@link #absorb}: their histograms add up.
 *
 * <p>Thread-safety: not thread-safe.
 */
public final class RunResult {
  private final String engine;
  private final String workload;
  private final int keyBytes;
  private final int valueBytes;
  private final long records;
  private final PhaseMeasurement write;
  private final PhaseMeasurement read;
  private final OperationMix mix;
  private final List<StoreStats> stats = new ArrayList<>();
  private long diskBytes;
  private int rounds = 1;

  /**
   * @param engine the engine's name
   * @param workload {@code paper} or a db_bench workload's label
   * @param keyBytes bytes per key
   * @param valueBytes bytes per value
   * @param records records written by the run (db_bench: the key space, {@code --num})
   * @param write the write phase, or null
   * @param read the read phase, or null
   * @param stats the engine's counters after the run
   * @param diskBytes bytes the store's directory held at the end of the run
   */
  public RunResult(String engine, String workload, int keyBytes, int valueBytes, long records,
      PhaseMeasurement write, PhaseMeasurement read, StoreStats stats, long diskBytes) {
    this(engine, workload, keyBytes, valueBytes, records, write, read, null, stats, diskBytes);
  }

  /**
   * A run of mixed operations (a YCSB workload): no write or read phase, one {@link
   * OperationMix} instead; {@code records} are the records present when it started.
   */
  public static RunResult ofMix(String engine, String workload, int keyBytes, int valueBytes,
      long records, OperationMix mix, StoreStats stats, long diskBytes) {
    return new RunResult(engine, workload, keyBytes, valueBytes, records, null, null,
        java.util.Objects.requireNonNull(mix, "mix"), stats, diskBytes);
  }

  private RunResult(String engine, String workload, int keyBytes, int valueBytes, long records,
      PhaseMeasurement write, PhaseMeasurement read, OperationMix mix, StoreStats stats, long diskBytes) {
    if (write == null && read == null && mix == null) {
      throw new IllegalArgumentException("a run measures at least one phase");
    }
    this.engine = engine;
    this.workload = workload;
    this.keyBytes = keyBytes;
    this.valueBytes = valueBytes;
    this.records = records;
    this.write = write;
    this.read = read;
    this.mix = mix;
    this.stats.add(stats);
    this.diskBytes = diskBytes;
  }

  public String engine() {
    return engine;
  }

  public String workload() {
    return workload;
  }

  public int keyBytes() {
    return keyBytes;
  }

  public int valueBytes() {
    return valueBytes;
  }

  /**
   * Throughput in MiB of keys and values per second, as db_bench's "MB/s" (a read that found
   * nothing counts as a whole entry too).
   */
  public double mebibytesPerSecond(LatencySummary phase) {
    return phase.opsPerSecond() * (keyBytes + valueBytes) / (1 << 20);
  }

  public long records() {
    return records;
  }

  /** Rounds merged into this row. */
  public int rounds() {
    return rounds;
  }

  /** The write figures, or null when the run did not write. */
  public LatencySummary write() {
    return write == null ? null : write.summary();
  }

  /** The read figures, or null when the run did not read. */
  public LatencySummary read() {
    return read == null ? null : read.summary();
  }

  /** The operations of a mixed run (YCSB), or null for a run of write and read phases. */
  public OperationMix mix() {
    return mix;
  }

  /**
   * The figures reported as {@code phase}: {@code write} or {@code read} for a run of phases;
   * {@code all} or an operation kind ({@link OperationMix#KINDS}) for a mixed run; null when the
   * run has no such figures.
   */
  public LatencySummary phase(String phase) {
    if (mix != null) {
      return phase.equals("all") ? mix.overall() : mix.of(phase);
    }
    return switch (phase) {
      case "write" -> write();
      case "read" -> read();
      default -> null;
    };
  }

  /** The engine's counters, averaged over rounds. */
  public StoreStats stats() {
    return StoreStats.mean(stats);
  }

  /** The largest directory size of any round. */
  public long diskBytes() {
    return diskBytes;
  }

  /** Whether {@code other} is another round of the same row. */
  public boolean sameRow(RunResult other) {
    return engine.equals(other.engine) && workload.equals(other.workload)
        && keyBytes == other.keyBytes && valueBytes == other.valueBytes && records == other.records;
  }

  /**
   * Merges another round of the same row into this one.
   *
   * @throws IllegalArgumentException when {@code other} is not the same row
   */
  public void absorb(RunResult other) {
    if (!sameRow(other) || (write == null) != (other.write == null) || (read == null) != (other.read == null)
        || (mix == null) != (other.mix == null)) {
      throw new IllegalArgumentException("not the same run: " + this + " and " + other);
    }
    if (write != null) {
      write.add(other.write);
    }
    if (read != null) {
      read.add(other.read);
    }
    if (mix != null) {
      mix.add(other.mix);
    }
    stats.addAll(other.stats);
    diskBytes = Math.max(diskBytes, other.diskBytes);
    rounds += other.rounds;
  }

  /**
   * The row as an element of the JSON report's {@code runs}: {@code engine, workload, value_size,
   * records, write, read} (the schema; a phase the run lacks is {@code null}; each phase
   * also has {@code mb_per_s}), then {@code key_size}, {@code rounds} and {@code stats}. A mixed
   * run (YCSB) has {@code write} and {@code read} null and adds {@code ops_per_s} (the whole run)
   * and {@code operations} ({@link OperationMix#toJson}), {@code cpu_us_per_op} (process CPU per
   * operation, background work until the store settled included), {@code cpu_us_per_op_by_thread}
   * (the same split by thread group: {@code client, flush, compaction, gc, jit, other}), {@code settle_ms} and {@code
   * l0_tables_after} (level-0 tables once settled: what the next workload starts with), and {@code
   * per_round} (each round's own {@code ops_per_s, cpu_us_per_op, client_us_per_op}, in the order
   * run: {@link RoundFigures}).
   */
  public Json.Obj toJson() {
    LatencySummary w = write();
    LatencySummary r = read();
    Json.Obj json = Json.object()
        .put("engine", engine)
        .put("workload", workload)
        .put("value_size", valueBytes)
        .put("records", records)
        .put("write", phaseJson(w, write))
        .put("read", phaseJson(r, read))
        .put("key_size", keyBytes)
        .put("rounds", rounds)
        .put("stats", stats().toJson().put("disk_bytes", diskBytes));
    if (mix != null) {
      json.put("ops_per_s", LatencySummary.round(mix.overall().opsPerSecond()));
      json.put("operations", mix.toJson());
      Double cpu = mix.cpuMicrosPerOperation();
      json.put("cpu_us_per_op", cpu == null ? null : LatencySummary.round(cpu));
      Map<String, Double> byThread = mix.cpuMicrosPerOperationByThread();
      if (byThread != null) {
        Json.Obj split = Json.object();
        byThread.forEach((group, micros) -> split.put(group, LatencySummary.round(micros)));
        json.put("cpu_us_per_op_by_thread", split);
      }
      json.put("settle_ms", LatencySummary.round(mix.settleMillis()));
      json.put("l0_tables_after", mix.level0TablesAfter());
      Json.Arr rounds = Json.array();
      mix.perRound().forEach(round -> rounds.add(round.toJson()));
      json.put("per_round", rounds);
    }
    return json;
  }

  private Json.Obj phaseJson(LatencySummary phase, PhaseMeasurement measured) {
    if (phase == null) {
      return null;
    }
    Json.Obj json = phase.toJson().put("mb_per_s", LatencySummary.round(mebibytesPerSecond(phase)));
    Json.Obj cpu = measured.cpuMicrosPerOperation();
    return cpu == null ? json : json.put("cpu_us_per_op", cpu);
  }

  @Override
  public String toString() {
    return engine + "/" + workload + "/" + valueBytes + "B/" + records;
  }
}
