package io.cairn.bench.report;

import io.cairn.node.api.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run of mixed operations measured (a YCSB workload): one latency histogram per kind of
 * operation ({@code read}, {@code update}, {@code insert}, {@code scan}, {@code rmw}), one over
 * all of them, and the wall time of the timed bursts, from which the run's ops/s is derived.
 * Rounds of the same run are merged with {@link #add} before percentiles are taken.
 *
 * <p>Thread-safety: not thread-safe; the runner records on one thread.
 */
public final class OperationMix {
  /** The operation kinds, in the order reports list them. */
  public static final List<String> KINDS = List.of("read", "update", "insert", "scan", "rmw");

  private final Map<String, PhaseMeasurement> byKind = new LinkedHashMap<>();
  private final PhaseMeasurement all = new PhaseMeasurement(false);
  private long cpuNanos;
  /** Of {@link #cpuNanos}, what each thread group spent (client, flush, compaction, gc, jit). */
  private final Map<String, Long> cpuNanosByThread = new LinkedHashMap<>();
  private long settleNanos;
  private long level0Tables = -1;
  private int rounds = 1;
  /** Each merged round's own figures, in the order merged; null until a round is {@link #add}ed. */
  private List<RoundFigures> perRound;

  public OperationMix() {
    for (String kind : KINDS) {
      byKind.put(kind, new PhaseMeasurement(true));
    }
  }

  /**
   * Records one operation of {@code kind} that took {@code nanos}.
   *
   * @throws IllegalArgumentException for a kind not in {@link #KINDS}
   */
  public void record(String kind, long nanos) {
    PhaseMeasurement phase = byKind.get(kind);
    if (phase == null) {
      throw new IllegalArgumentException("unknown operation kind " + kind);
    }
    phase.record(nanos);
    all.record(nanos);
  }

  /** Counts an operation of {@code kind} that found its record. */
  public void found(String kind) {
    byKind.get(kind).found();
  }

  /** Adds the wall time of a timed burst. */
  public void addElapsed(long nanos) {
    all.addElapsed(nanos);
  }

  /**
   * Adds what the phase cost beyond its timed operations: {@code cpuNanos} of process CPU (every
   * thread: the operations, the engine's background work, the JIT and the collector) from the
   * phase's start until its store settled, and the {@code settleNanos} of wall time waited after
   * the phase for the engine's flushes and compactions to finish.
   */
  public void addCost(long cpuNanos, long settleNanos) {
    this.cpuNanos += cpuNanos;
    this.settleNanos += settleNanos;
  }

  /**
   * Adds, per thread group (the client thread, the engine's flushes and compactions, the
   * collector, the JIT), the CPU nanoseconds it spent of the {@code cpuNanos} given to {@link
   * #addCost}.
   */
  public void addCpuByThread(Map<String, Long> nanosByGroup) {
    nanosByGroup.forEach((group, nanos) -> cpuNanosByThread.merge(group, nanos, Long::sum));
  }

  /**
   * Process CPU per operation in microseconds by thread group, in the order recorded, and {@code
   * other} (the process CPU no group accounts for: the VM's other threads, ended threads), or
   * null when no split was recorded.
   */
  public Map<String, Double> cpuMicrosPerOperationByThread() {
    long ops = all.summary().ops();
    if (cpuNanosByThread.isEmpty() || cpuNanos <= 0 || ops == 0) {
      return null;
    }
    Map<String, Double> perOp = new LinkedHashMap<>();
    long grouped = 0;
    for (Map.Entry<String, Long> group : cpuNanosByThread.entrySet()) {
      perOp.put(group.getKey(), group.getValue() / 1e3 / ops);
      grouped += group.getValue();
    }
    perOp.put("other", Math.max(0, cpuNanos - grouped) / 1e3 / ops);
    return perOp;
  }

  /**
   * Records the tables in the engine's level 0 once the phase ended and the store settled: the
   * L0 the next workload starts with ({@code -1}: the engine does not say).
   */
  public void level0TablesAfter(int tables) {
    level0Tables = tables;
  }

  /** Mean of {@link #level0TablesAfter} over the rounds, or null when the engine does not say. */
  public Double level0TablesAfter() {
    return level0Tables < 0 ? null : (double) level0Tables / rounds;
  }

  /** Process CPU per operation in microseconds over every round, or null when none was recorded. */
  public Double cpuMicrosPerOperation() {
    long ops = all.summary().ops();
    return cpuNanos <= 0 || ops == 0 ? null : cpuNanos / 1e3 / ops;
  }

  /** Mean wall time waited per round for the store to settle after the phase, in milliseconds. */
  public double settleMillis() {
    return settleNanos / 1e6 / rounds;
  }

  /**
   * Each round's own figures ({@link RoundFigures}), in the order the rounds were merged: one
   * element, this run as it stands, until another round is {@link #add}ed.
   */
  public List<RoundFigures> perRound() {
    return perRound != null ? List.copyOf(perRound) : List.of(RoundFigures.of(this));
  }

  /** Adds another round of the same run. */
  public void add(OperationMix other) {
    List<RoundFigures> figures = new ArrayList<>(perRound());
    figures.addAll(other.perRound());
    perRound = figures;
    cpuNanos += other.cpuNanos;
    addCpuByThread(other.cpuNanosByThread);
    settleNanos += other.settleNanos;
    level0Tables = level0Tables < 0 || other.level0Tables < 0 ? -1 : level0Tables + other.level0Tables;
    rounds += other.rounds;
    for (String kind : KINDS) {
      byKind.get(kind).add(other.byKind.get(kind));
    }
    all.add(other.all);
  }

  /**
   * The whole run: latency over every operation, and ops/s as operations divided by the wall time
   * of the timed bursts. Its {@code found} is null: each kind reports its own ({@link #of}).
   */
  public LatencySummary overall() {
    LatencySummary s = all.summary();
    return new LatencySummary(s.ops(), s.meanMicros(), s.p50Micros(), s.p99Micros(), s.p999Micros(),
        s.maxMicros(), s.opsPerSecond(), null);
  }

  /**
   * The latency of the operations of {@code kind}, or null when the run had none. Its {@code
   * opsPerSecond} is 0: only the whole run has a throughput; {@code found} is null for inserts.
   */
  public LatencySummary of(String kind) {
    PhaseMeasurement phase = byKind.get(kind);
    if (phase == null || phase.ops() == 0) {
      return null;
    }
    LatencySummary s = phase.summary();
    return new LatencySummary(s.ops(), s.meanMicros(), s.p50Micros(), s.p99Micros(), s.p999Micros(),
        s.maxMicros(), 0, kind.equals("insert") ? null : s.found());
  }

  /** The kinds the run had, in {@link #KINDS} order. */
  public List<String> kinds() {
    return KINDS.stream().filter(k -> byKind.get(k).ops() > 0).toList();
  }

  /**
   * The JSON of a run's {@code operations}: one object per kind the run had, with {@code ops,
   * mean_us, p50_us, p99_us, p999_us, max_us} and, except for inserts, {@code found}
   * (operations that found their record).
   */
  public Json.Obj toJson() {
    Json.Obj json = Json.object();
    for (String kind : kinds()) {
      LatencySummary s = of(kind);
      Json.Obj figures = Json.object()
          .put("ops", s.ops())
          .put("mean_us", LatencySummary.round(s.meanMicros()))
          .put("p50_us", LatencySummary.round(s.p50Micros()))
          .put("p99_us", LatencySummary.round(s.p99Micros()))
          .put("p999_us", LatencySummary.round(s.p999Micros()))
          .put("max_us", LatencySummary.round(s.maxMicros()));
      if (s.found() != null) {
        figures.put("found", s.found());
      }
      json.put(kind, figures);
    }
    return json;
  }
}
