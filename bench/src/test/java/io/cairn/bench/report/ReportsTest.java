package io.cairn.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.node.api.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three outputs of a run: the terminal table, the JSON file and the Markdown report. */
class ReportsTest {
  @TempDir Path dir;

  @Test
  void jsonFollowsTheIssuesSchema() {
    Json.Obj json = Fixtures.paperResults().toJson();
    assertThat(json.toString()).containsSubsequence("\"machine\"", "\"settings\"", "\"engines\"", "\"runs\"",
        "\"skipped\"", "\"failed\"");
    Json.Obj machine = (Json.Obj) json.get("machine");
    for (String field : List.of("cpu_model", "cores", "memory_bytes", "os", "jvm", "storage", "pmem")) {
      assertThat(machine.get(field)).as(field).isNotNull();
    }
    Json.Arr runs = (Json.Arr) json.get("runs");
    assertThat(runs.size()).isEqualTo(4);
    Json.Obj run = Fixtures.paperRow("cairn-ssd", 4096, 20_000, 10_000).toJson();
    // The issue's members, in its order, first.
    assertThat(run.toString()).containsSubsequence("\"engine\": \"cairn-ssd\"", "\"workload\": \"paper\"",
        "\"value_size\": 4096", "\"records\": 100", "\"write\"", "\"read\"");
    for (String phase : List.of("write", "read")) {
      Json.Obj figures = (Json.Obj) run.get(phase);
      for (String field : List.of("mean_us", "p50_us", "p99_us", "p999_us", "ops_per_s")) {
        assertThat(figures.get(field)).as(phase + "." + field).isInstanceOf(Double.class);
      }
    }
    // HdrHistogram keeps 3 significant digits: 20 µs comes back within 0.1%.
    assertThat((Double) ((Json.Obj) run.get("write")).get("mean_us")).isCloseTo(20.0, org.assertj.core.api.Assertions.within(0.02));
    assertThat(((Json.Obj) run.get("read")).get("found")).isEqualTo(100L);
    assertThat(((Json.Obj) run.get("stats")).get("write_amplification")).isEqualTo(2.25);
  }

  @Test
  void aPhaseTheRunLacksIsNull() {
    RunResult writeOnly = new RunResult("rocksdb", "fillseq", 16, 100, 10,
        Fixtures.phase(false, 1000, 10), null, io.cairn.bench.kv.StoreStats.NONE, 0);
    Json.Obj json = writeOnly.toJson();
    assertThat(json.get("read")).isNull();
    assertThat(json.toString()).contains("\"read\": null");
    assertThat(((Json.Obj) json.get("write")).get("mb_per_s")).isEqualTo(Math.round(1e6 * 116 / (1 << 20) * 1000) / 1000.0);
  }

  @Test
  void tableShowsEveryPhaseTheRatioToTheBaselineAndWhatDidNotRun() {
    StringWriter out = new StringWriter();
    ResultTable.print(Fixtures.paperResults(), "cairn-ssd", new PrintWriter(out));
    List<String> lines = out.toString().lines().toList();
    assertThat(lines.getFirst()).contains("engine", "mean µs", "p99.9 µs", "max µs", "ops/s", "vs cairn-ssd");
    List<String> latencyLines = lines.subList(0, lines.indexOf(""));
    List<String> rocksRows = new ArrayList<>(latencyLines.stream().filter(l -> l.startsWith("rocksdb")).toList());
    assertThat(rocksRows).hasSize(4);
    assertThat(rocksRows.get(0)).containsPattern("4 KiB +write +10\\.0\\d ").endsWith("0.50");
    assertThat(rocksRows.get(3)).containsPattern("8 KiB +read +30\\.0\\d ").endsWith("1.50");
    assertThat(out.toString()).containsPattern("(?m)^cairn-ssd +paper +4 KiB +3 +1\\.5 +2\\.25 +12\\.1 KiB +- +- +- +-$");
    assertThat(out.toString()).contains("durability: WAL on, no fsync per write")
        .contains("note: rocksdb: a setting it cannot take")
        .contains("SKIPPED cairn-pmem: not built yet")
        .contains("FAILED rocksdb (paper 16384 B round 1): disk full");
  }

  @Test
  void withoutTheBaselinesRowTheRatioIsADash() {
    List<List<String>> rows = ResultRows.rows(Fixtures.paperResults(), "cairn-pmem");
    assertThat(rows).allMatch(row -> row.getLast().equals("-"));
  }

  @Test
  void reportIsMarkdownWithPngChartsBesideIt() throws Exception {
    Path file = MarkdownReport.write(Fixtures.paperResults(), "./cairn bench paper --quick", "cairn-ssd",
        dir.resolve("report"));
    String markdown = Files.readString(file);
    assertThat(markdown).contains("# Cairn benchmark report", "`./cairn bench paper --quick`", "## Machine",
        "Test CPU", "## Results", "| cairn-ssd | paper | 4 KiB | write | 20.0", "## Charts",
        "**cairn-pmem** skipped: not built yet", "**rocksdb** failed");
    for (LatencyCharts.Chart chart : LatencyCharts.CHARTS) {
      assertThat(markdown).contains("](" + chart.fileName() + ")");
      byte[] png = Files.readAllBytes(dir.resolve("report").resolve(chart.fileName()));
      assertThat(png).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
      assertThat(png.length).isGreaterThan(2000);
    }
  }

  @Test
  void aRunWithoutReadsHasNoReadCharts() {
    BenchResults full = Fixtures.paperResults();
    RunResult writeOnly = new RunResult("rocksdb", "fillseq", 16, 100, 10,
        Fixtures.phase(false, 1000, 10), null, io.cairn.bench.kv.StoreStats.NONE, 0);
    BenchResults writes = new BenchResults(full.machine(), full.settings(), full.durability(),
        full.storeSettings(), full.engines(), List.of(writeOnly), List.of(), List.of());
    assertThat(LatencyCharts.write(writes, dir)).extracting(LatencyCharts.Chart::phase).containsOnly("write");
    assertThat(dir.resolve("read-latency-mean.png")).doesNotExist();
  }
}
