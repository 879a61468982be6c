package io.cairn.bench.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.bench.kv.Engines;
import io.cairn.bench.kv.MapEngine;
import io.cairn.bench.kv.StoreSettings;
import io.cairn.bench.report.BenchResults;
import io.cairn.bench.report.LatencySummary;
import io.cairn.bench.report.PmemPlacement;
import io.cairn.bench.report.RunResult;
import io.cairn.bench.workload.RunSteps;
import io.cairn.bench.workload.WrongAnswerException;
import io.cairn.bench.workload.ycsb.YcsbKeys;
import io.cairn.bench.workload.ycsb.YcsbRecord;
import io.cairn.node.api.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** YCSB workloads through the bench runner, end to end. */
class YcsbRunTest {
  private static final List<String> ALL = List.of("ycsb-a", "ycsb-b", "ycsb-c", "ycsb-d", "ycsb-e", "ycsb-f");

  @TempDir Path dir;

  private BenchResults run(List<String> workloads, long records, long operations, io.cairn.bench.kv.Engine engine) {
    BenchRunner runner = new BenchRunner(new RunConfig(dir, StoreSettings.defaults(), 42, 50, 1, false,
        PmemPlacement.ENGINE_DEFAULT), Progress.silent());
    return runner.run(new DbBenchScenario(42, RunSteps.parse(workloads), 1000, 1000, 16, 100, records, operations),
        List.of(engine));
  }

  @Test
  void everyWorkloadRunsOnCairnSsdWithEveryAnswerChecked() throws Exception {
    BenchResults results = run(ALL, 400, 400, Engines.parse(List.of("cairn-ssd")).getFirst());
    assertThat(results.failed()).isEmpty();
    assertThat(results.runs()).extracting(RunResult::workload)
        .containsExactly("ycsb-load", "ycsb-a", "ycsb-b", "ycsb-c", "ycsb-d", "ycsb-e", "ycsb-f");
    RunResult load = results.runs().getFirst();
    assertThat(load.mix().kinds()).containsExactly("insert");
    assertThat(load.phase("all").ops()).isEqualTo(400);
    for (RunResult row : results.runs().subList(1, 7)) {
      LatencySummary all = row.phase("all");
      assertThat(all.ops()).as(row.workload()).isEqualTo(400);
      assertThat(all.opsPerSecond()).isPositive();
      for (String kind : row.mix().kinds()) {
        LatencySummary op = row.phase(kind);
        if (!kind.equals("insert")) {
          assertThat(op.found()).as(row.workload() + " " + kind).isEqualTo(op.ops());
        }
      }
    }
    assertThat(results.runs().get(1).mix().kinds()).containsExactly("read", "update");
    assertThat(results.runs().get(4).mix().kinds()).containsExactly("read", "insert");
    assertThat(results.runs().get(5).mix().kinds()).containsExactly("insert", "scan");
    assertThat(results.runs().get(6).mix().kinds()).containsExactly("read", "rmw");
    // Inserts of D grow the database that E starts from.
    assertThat(results.runs().get(5).records()).isGreaterThan(400);
    try (var left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aRowReportsTheWholeRunsThroughputAndEachOperationsLatency() {
    BenchResults results = run(List.of("ycsb-a"), 200, 300, MapEngine.healthy("x"));
    Json.Obj row = results.runs().get(1).toJson();
    assertThat(row.get("workload")).isEqualTo("ycsb-a");
    assertThat((Double) row.get("ops_per_s")).isPositive();
    Json.Obj operations = (Json.Obj) row.get("operations");
    Json.Obj read = (Json.Obj) operations.get("read");
    Json.Obj update = (Json.Obj) operations.get("update");
    assertThat(((Number) read.get("ops")).longValue() + ((Number) update.get("ops")).longValue()).isEqualTo(300);
    assertThat(read.get("found")).isEqualTo(read.get("ops"));
    assertThat((Double) update.get("p999_us")).isPositive();
    assertThat(operations.get("scan")).isNull();
    assertThat((Double) row.get("cpu_us_per_op")).as("process CPU per operation").isPositive();
    assertThat(((Json.Obj) row.get("cpu_us_per_op_by_thread")).toString())
        .contains("\"client\"", "\"flush\"", "\"compaction\"", "\"gc\"", "\"jit\"", "\"other\"");
    assertThat((Double) row.get("settle_ms")).as("an engine that cannot tell is not waited for").isLessThan(1000.0);
    assertThat(row.get("l0_tables_after")).as("an engine without levels").isNull();
  }

  @Test
  void mixedWithDbBenchWorkloadsEachGetsItsOwnDatabase() {
    BenchResults results = run(List.of("fillrandom", "readrandom", "ycsb-c", "ycsb-b", "fillseq", "ycsb-c"),
        200, 200, MapEngine.healthy("x"));
    assertThat(results.failed()).isEmpty();
    assertThat(results.runs()).extracting(RunResult::workload).containsExactly("fillrandom", "readrandom",
        "ycsb-load", "ycsb-c", "ycsb-b", "fillseq", "ycsb-load-2", "ycsb-c-2");
    assertThat(results.runs().get(7).records()).isEqualTo(200);
  }

  @Test
  void anEngineReturningDamagedRecordsFailsAndIsNotMeasured() {
    BenchResults results = run(List.of("ycsb-c"), 100, 100, MapEngine.corruptingLargeValues("liar"));
    assertThat(results.runs()).isEmpty();
    assertThat(results.failed()).singleElement().satisfies(f -> assertThat(f.reason()).contains("not a YCSB record"));
  }

  @Test
  void aScanMustStartAtItsKeyAndAscend() {
    SplittableRandom random = new SplittableRandom(1);
    byte[] low = "user1".getBytes();
    byte[] high = "user2".getBytes();
    byte[] lowRecord = YcsbRecord.newRecord(low, random);
    byte[] highRecord = YcsbRecord.newRecord(high, random);
    YcsbPhaseRunner.checkScan(low, new byte[][] {low, lowRecord, high, highRecord});
    assertThatThrownBy(() -> YcsbPhaseRunner.checkScan(high, new byte[][] {high, highRecord, low, lowRecord}))
        .isInstanceOf(WrongAnswerException.class).hasMessageContaining("out of order");
    assertThatThrownBy(() -> YcsbPhaseRunner.checkScan(low, new byte[][] {high, highRecord}))
        .isInstanceOf(WrongAnswerException.class).hasMessageContaining("first entry");
    assertThatThrownBy(() -> YcsbPhaseRunner.checkScan(YcsbKeys.key(3), new byte[0][]))
        .isInstanceOf(WrongAnswerException.class);
  }
}
