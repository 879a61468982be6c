package io.cairn.bench.runner;

import io.cairn.bench.chain.ProcessCpu;
import io.cairn.bench.report.OperationMix;
import io.cairn.bench.report.RunResult;
import io.cairn.bench.workload.RunStep;
import io.cairn.bench.workload.ycsb.Operation;
import io.cairn.bench.workload.ycsb.RequestDistribution;
import io.cairn.bench.workload.ycsb.YcsbKeySpace;
import io.cairn.bench.workload.ycsb.YcsbKeys;
import io.cairn.bench.workload.ycsb.YcsbRecord;
import io.cairn.bench.workload.ycsb.YcsbSource;
import io.cairn.bench.workload.ycsb.YcsbWorkload;
import io.cairn.bench.workload.ycsb.Zipfian;
import io.cairn.node.api.Json;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The YCSB part of {@code bench run}: a load phase ({@code recordCount} inserts into a new
 * database, the row {@value #LOAD}) and the run phase of each core workload ({@code
 * operationCount} operations on the database as the previous YCSB workload left it), each a row
 * with the whole run's ops/s and one latency histogram per operation kind.
 *
 * <p>Seeds: each phase draws from its own generator, seeded by the run's seed and the phase's
 * row label, so the same seed gives every engine, and every repetition, the same operations.
 *
 * <p>Settling: after each phase (the load too) the store is given up to {@code settleSeconds}
 * to finish its flushes and compactions ({@link Settle}) before the next phase starts, so each
 * workload of each engine starts from a quiet store; then the heap is collected, so the phase's
 * garbage is not collected during the next one. The wait and the process CPU of the phase until
 * then (collection included) are the row's {@code settle_ms} and {@code cpu_us_per_op}, the
 * latter also split by thread group ({@link ThreadCpu}: {@code cpu_us_per_op_by_thread}).
 *
 * <p>Thread-safety: immutable.
 */
final class YcsbSteps {
  /** The label of a load phase's row. */
  static final String LOAD = "ycsb-load";
  /** The longest wait for a store to settle after a phase, by default. */
  static final int DEFAULT_SETTLE_SECONDS = 120;
  private static final int SPACE_FACTOR = 3;

  private final long seed;
  private final long recordCount;
  private final long operationCount;
  private final int settleSeconds;

  /**
   * @param seed the run's seed
   * @param recordCount records each load inserts, at least 1
   * @param operationCount operations of each workload, at least 1
   * @param settleSeconds longest wait for the store to settle after each phase; 0 for none
   */
  YcsbSteps(long seed, long recordCount, long operationCount, int settleSeconds) {
    if (recordCount < 1 || operationCount < 1 || settleSeconds < 0) {
      throw new IllegalArgumentException("recordcount and operationcount must be at least 1, settle at least 0");
    }
    this.seed = seed;
    this.recordCount = recordCount;
    this.operationCount = operationCount;
    this.settleSeconds = settleSeconds;
  }

  /** Loads {@code recordCount} records into the session's current (new, empty) store. */
  RunResult load(StoreSession session, YcsbKeySpace records, YcsbPhaseRunner runner, String label, String task) {
    long cpuAtStart = ProcessCpu.nanos();
    Map<String, Long> threadsAtStart = ThreadCpu.take();
    OperationMix mix = runner.run(session.current(), YcsbSource.load(records, recordCount, seedOf(label)), task);
    return row(session, label, 0, settled(session, mix, cpuAtStart, threadsAtStart));
  }

  /** Runs {@code workload}'s operations on the session's current store, whose records are {@code records}. */
  RunResult run(StoreSession session, YcsbKeySpace records, YcsbWorkload workload, YcsbPhaseRunner runner,
      String label, String task) {
    long present = records.records();
    YcsbSource source = YcsbSource.run(workload, records, operationCount, seedOf(label));
    long cpuAtStart = ProcessCpu.nanos();
    Map<String, Long> threadsAtStart = ThreadCpu.take();
    OperationMix mix = runner.run(session.current(), source, task);
    return row(session, label, present, settled(session, mix, cpuAtStart, threadsAtStart));
  }

  /**
   * Waits for the store to settle and adds the phase's CPU (all of it, and by thread group) and
   * the wait to {@code mix}.
   */
  private OperationMix settled(StoreSession session, OperationMix mix, long cpuAtStart,
      Map<String, Long> threadsAtStart) {
    long waited = Settle.await(session.current(), TimeUnit.SECONDS.toNanos(settleSeconds));
    if (settleSeconds > 0) {
      // The phase's own garbage is collected now, on its account, not in the next phase.
      System.gc();
    }
    long cpuAtEnd = ProcessCpu.nanos();
    mix.addCpuByThread(ThreadCpu.since(threadsAtStart, ThreadCpu.take()));
    mix.level0TablesAfter(session.current().level0Tables());
    mix.addCost(cpuAtStart < 0 || cpuAtEnd < 0 ? 0 : cpuAtEnd - cpuAtStart, waited);
    return mix;
  }

  private RunResult row(StoreSession session, String label, long recordsAtStart, OperationMix mix) {
    return RunResult.ofMix(session.engine().name(), label, YcsbKeys.MAX_KEY_BYTES, YcsbRecord.RECORD_BYTES,
        recordsAtStart, mix, session.stats(), session.diskBytes());
  }

  private long seedOf(String label) {
    return seed ^ (0x9E3779B97F4A7C15L * (label.hashCode() + 1L));
  }

  /**
   * Disk for the YCSB databases of {@code steps}: every record written (loads, inserts, and an
   * updated record's new version) three times over, as for the db_bench workloads.
   */
  long diskBytes(List<RunStep> steps) {
    long writes = 0;
    long largest = 0;
    boolean loaded = false;
    for (RunStep step : steps) {
      if (step instanceof YcsbWorkload) {
        writes = (loaded ? writes : recordCount) + operationCount;
        largest = Math.max(largest, writes);
      }
      loaded = step instanceof YcsbWorkload;
    }
    return largest * (YcsbKeys.MAX_KEY_BYTES + YcsbRecord.RECORD_BYTES) * SPACE_FACTOR;
  }

  /** The YCSB parameters for the JSON report's {@code settings.scenario.ycsb}. */
  Json.Obj toJson() {
    Json.Obj workloads = Json.object();
    for (YcsbWorkload workload : YcsbWorkload.values()) {
      Json.Obj mix = Json.object();
      for (Operation operation : Operation.values()) {
        if (workload.proportion(operation) > 0) {
          mix.put(operation.label(), workload.proportion(operation));
        }
      }
      workloads.put(workload.label(), Json.object()
          .put("operations", mix)
          .put("request_distribution", workload.distribution().label()));
    }
    return Json.object()
        .put("recordcount", recordCount)
        .put("operationcount", operationCount)
        .put("fields", YcsbRecord.FIELDS)
        .put("field_bytes", YcsbRecord.FIELD_BYTES)
        .put("record_bytes", YcsbRecord.RECORD_BYTES)
        .put("keys", "\"user\" + decimal FNV-1a 64 of the record number (hashed insert order)")
        .put("zipfian_constant", Zipfian.THETA)
        .put("max_scan_length", YcsbWorkload.MAX_SCAN_LENGTH)
        .put("scan_length_distribution", RequestDistribution.UNIFORM.label())
        .put("settle_max_s", settleSeconds)
        .put("workloads", workloads);
  }
}
