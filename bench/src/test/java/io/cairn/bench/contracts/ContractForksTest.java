package io.cairn.bench.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Session 15: merging the reports of {@code bench contracts --forks N}. Each configuration's
 * figures are the medians over the forks (its speedup the median of the forks' per-round medians),
 * the forks' speedups and range are kept in the order they ran, the spread's quantiles are taken
 * over every fork's rounds, and the forks' own file options are not passed on.
 */
class ContractForksTest {
  /**
   * A fork's report: serial and declared on 2 threads at 0 %, declared's ratio of medians ({@code
   * speedup}), its per-round median and per-round ratios given.
   */
  private static JsonObject fork(double serialPerS, double speedup, double pairedMedian, double cpuVsSerial,
      int mismatches, double... rounds) {
    StringBuilder perRound = new StringBuilder();
    for (double ratio : rounds) {
      perRound.append(perRound.isEmpty() ? "" : ", ").append(ratio);
    }
    String text = """
        {"benchmark": "contracts", "rounds": %d, "runs": [
          {"executor": "serial", "threads": 1, "conflict_rate": 0.0, "tx_per_s": %d, "speedup_vs_serial": 1.0,
           "cpu_us_per_tx": 1.0, "cpu_vs_serial": 1.0, "alloc_bytes_per_tx": 680, "gc_us_per_tx": 0.0,
           "gc_cpu_us_per_tx": 0.0, "gc_blocks": 0,
           "speedup_spread": {"p10": 1.0, "median": 1.0, "p90": 1.0, "repeats": [1.0]}},
          {"executor": "declared", "threads": 2, "conflict_rate": 0.0, "tx_per_s": %d, "speedup_vs_serial": %s,
           "cpu_us_per_tx": 1.2, "cpu_vs_serial": %s, "alloc_bytes_per_tx": 726, "gc_us_per_tx": 0.0,
           "gc_cpu_us_per_tx": 0.0, "gc_blocks": 1,
           "speedup_spread": {"p10": 0.5, "median": %s, "p90": 3.0, "repeats": [%s], "rounds": [%s]}}],
         "mismatches": %d,
         "ceiling": [{"kernel": "transfers", "threads": 2, "ops_per_s": 100, "speedup_vs_1_thread": %s}],
         "phases": [], "machine": {"processors": 2}}
        """.formatted(rounds.length, Math.round(serialPerS), Math.round(serialPerS * speedup), speedup, cpuVsSerial,
        pairedMedian, speedup, perRound, mismatches, speedup);
    try (var reader = jakarta.json.Json.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }

  @Test
  void eachFigureIsTheMedianOverTheForksWithTheirRangeInTheOrderTheyRan() {
    ContractForks.Merged merged = ContractForks.merge(List.of(
        fork(1_000_000, 1.35, 1.30, 1.30, 0, 1.0, 1.3, 1.4),
        fork(1_200_000, 2.22, 1.25, 1.10, 0, 1.1, 1.25, 2.3),
        fork(900_000, 1.81, 1.21, 1.15, 0, 1.0, 1.21, 1.9)), 0);
    assertThat(merged.runs()).hasSize(2);
    ContractRun declared = merged.runs().get(1);
    assertThat(declared.executor()).isEqualTo("declared");
    // the median of the forks' per-round medians, not of their ratios of medians (1.81), nor a mean
    assertThat(declared.speedupVsSerial()).isEqualTo(1.25);
    assertThat(declared.cpuVsSerial()).isEqualTo(1.15);
    assertThat(merged.runs().get(0).txPerSecond()).isEqualTo(1_000_000);
    assertThat(merged.forkSpeedups().get(1)).containsExactly(1.30, 1.25, 1.21);
    // the per-round quantiles over all nine rounds of the three forks
    assertThat(declared.spread().pairedMedian()).isEqualTo(1.25);
    assertThat(declared.spread().pairedP10()).isEqualTo(1.0);
    assertThat(declared.spread().repeats()).containsExactly(1.35, 2.22, 1.81);
    assertThat(declared.gcBlocks()).isEqualTo(3);
    String report = merged.report().toString();
    assertThat(report).contains("\"forks\": 3", "\"failed_forks\": 0", "\"mismatches\": 0",
        "\"speedup_vs_1_thread_forks\"");
    assertThat(report.replaceAll("\\s+", "")).contains(
        "\"speedup_ratio_of_medians\":1.81",
        "\"forks\":{\"speedup\":[1.3,1.25,1.21],\"median\":1.25,\"min\":1.21,\"max\":1.3,"
            + "\"ratio_of_medians\":[1.35,2.22,1.81]",
        "\"speedup_vs_1_thread\":1.81", "\"repeats_by_fork\":[[1.35],[2.22],[1.81]]");
  }

  @Test
  void mismatchesAndFailedForksAddUp() {
    ContractForks.Merged merged = ContractForks.merge(List.of(fork(1_000_000, 1.5, 1.5, 1.1, 2, 1.5),
        fork(1_000_000, 1.6, 1.6, 1.1, 1, 1.6)), 1);
    assertThat(merged.mismatches()).isEqualTo(3);
    assertThat(merged.failedForks()).isEqualTo(1);
    assertThat(merged.runs().get(1).speedupVsSerial()).isEqualTo(1.55, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void theForksGetTheArgumentsWithoutTheFileOptionsOrForks() {
    assertThat(ContractForks.withoutFileOptions(List.of("--rates", "0,0.01", "--json", "a.json", "--forks=3",
        "--charts", "dir", "--threads", "2", "--json=b.json", "--forks", "5", "--phases")))
        .containsExactly("--rates", "0,0.01", "--threads", "2", "--phases");
  }
}
