package io.cairn.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.bench.kv.StoreStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mixed (YCSB) rows in the table, the ratios and the charts. */
class YcsbReportTest {
  @TempDir Path dir;

  /** A ycsb-a row: {@code reads} reads of {@code readNanos}, as many updates of twice that. */
  private static RunResult ycsbA(String engine, long readNanos, int reads) {
    OperationMix mix = new OperationMix();
    for (int i = 0; i < reads; i++) {
      mix.record("read", readNanos);
      mix.found("read");
      mix.record("update", 2 * readNanos);
      mix.found("update");
    }
    mix.addElapsed(3 * readNanos * reads);
    return RunResult.ofMix(engine, "ycsb-a", 23, 1092, 1000, mix, StoreStats.NONE, 0);
  }

  private static BenchResults results() {
    BenchResults base = Fixtures.paperResults();
    return new BenchResults(base.machine(), base.settings(), base.durability(), base.storeSettings(),
        base.engines(), List.of(ycsbA("cairn-ssd", 10_000, 100), ycsbA("rocksdb", 20_000, 100)), List.of(), List.of());
  }

  @Test
  void aMixedRowHasAWholeRunLineThenOneLinePerOperation() {
    List<List<String>> rows = ResultRows.rows(results(), "rocksdb");
    assertThat(rows).extracting(row -> row.get(0) + " " + row.get(3))
        .containsExactly("cairn-ssd all", "cairn-ssd read", "cairn-ssd update", "rocksdb all", "rocksdb read",
            "rocksdb update");
    List<String> all = rows.getFirst();
    // 200 operations in 3 ms of timed bursts: 66,667 ops/s; mean of 10 and 20 µs: 15 µs.
    assertThat(all.get(9)).isEqualTo("66667");
    assertThat(Double.parseDouble(all.get(4))).isCloseTo(15.0, org.assertj.core.api.Assertions.within(0.02));
    assertThat(all.getLast()).isEqualTo("0.50");
    assertThat(rows.get(1).get(9)).isEqualTo("-");
    assertThat(rows.get(1).get(11)).isEqualTo("100/100");
    assertThat(rows.get(2).getLast()).isEqualTo("0.50");
  }

  @Test
  void theReportDrawsThroughputAndPerOperationLatency() throws Exception {
    Path file = MarkdownReport.write(results(), "./cairn bench run --workload ycsb-a", "rocksdb", dir);
    String markdown = Files.readString(file);
    assertThat(markdown).contains("| cairn-ssd | ycsb-a |", "ycsb-throughput.png", "ycsb-latency-mean.png",
        "ycsb-latency-p99.png");
    for (String png : List.of("ycsb-throughput.png", "ycsb-latency-mean.png", "ycsb-latency-p99.png")) {
      assertThat(Files.size(dir.resolve(png))).as(png).isPositive();
    }
    assertThat(dir.resolve("read-latency-mean.png")).doesNotExist();
  }

  @Test
  void roundsOfAMixedRowMerge() {
    RunResult first = ycsbA("x", 10_000, 10);
    first.absorb(ycsbA("x", 30_000, 10));
    assertThat(first.phase("read").ops()).isEqualTo(20);
    assertThat(first.phase("read").meanMicros()).isBetween(19.9, 20.1);
    assertThat(first.rounds()).isEqualTo(2);
  }

  @Test
  void aMergedRowKeepsEachRoundsOwnThroughputAndCpu() {
    RunResult merged = ycsbA("x", 10_000, 10);
    merged.mix().addCost(6_000_000, 0);
    merged.mix().addCpuByThread(java.util.Map.of("client", 4_000_000L));
    RunResult second = ycsbA("x", 30_000, 10);
    second.mix().addCost(12_000_000, 0);
    second.mix().addCpuByThread(java.util.Map.of("client", 9_000_000L));
    merged.absorb(second);
    merged.absorb(ycsbA("x", 20_000, 5));
    // 20 operations in 0.3 ms of bursts: 66,667 ops/s; then 20 in 0.9 ms: 22,222; 10 in 0.3 ms: 33,333.
    assertThat(merged.mix().perRound()).extracting(r -> Math.round(r.opsPerSecond()))
        .containsExactly(66_667L, 22_222L, 33_333L);
    assertThat(merged.mix().perRound()).extracting(RoundFigures::cpuMicrosPerOperation)
        .containsExactly(300.0, 600.0, null);
    String json = merged.toJson().toString().replaceAll("\\s+", "");
    assertThat(json).contains("\"per_round\":[{\"ops_per_s\":66666.667,\"cpu_us_per_op\":300.0,\"client_us_per_op\":200.0},"
        + "{\"ops_per_s\":22222.222,\"cpu_us_per_op\":600.0,\"client_us_per_op\":450.0},"
        + "{\"ops_per_s\":33333.333,\"cpu_us_per_op\":null,\"client_us_per_op\":null}]");
    // The merged figures are those of every round together: 18 ms of CPU over 50 operations.
    assertThat(merged.mix().cpuMicrosPerOperation()).isEqualTo(360.0);
  }
}
