package io.cairn.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaperTargetsTest {
  private static BenchResults withRows(List<RunResult> runs) {
    BenchResults base = Fixtures.paperResults();
    return new BenchResults(base.machine(), base.settings(), base.durability(), base.storeSettings(),
        base.engines(), runs, List.of(), List.of());
  }

  @Test
  void everyTargetIsCheckedPerValueSizeAndMissesAreSaid() {
    BenchResults results = withRows(List.of(
        Fixtures.paperRow("cairn-pmem", 4096, 12_000, 4_000),  // write 0.6x ssd, read 0.4x ssd
        Fixtures.paperRow("cairn-ssd", 4096, 20_000, 10_000),
        Fixtures.paperRow("rocksdb", 4096, 10_000, 5_000),     // pmem reads 0.8x rocksdb: level
        Fixtures.paperRow("leveldb-java", 4096, 10_000, 8_000))); // pmem writes 1.2x: behind
    List<PaperTargets.Check> checks = PaperTargets.evaluate(results);
    assertThat(checks).hasSize(6);
    assertThat(checks.get(0).target()).startsWith("read mean <= 0.5");
    assertThat(checks.get(0).ratio()).isCloseTo(0.4, within(0.01));
    assertThat(checks.get(0).met()).isTrue();
    assertThat(checks.get(1).ratio()).isCloseTo(0.6, within(0.01));
    assertThat(checks.get(2).target()).isEqualTo("ahead of leveldb-java (write)");
    assertThat(checks.get(2).met()).isFalse();
    StringWriter out = new StringWriter();
    PaperTargets.print(results, new PrintWriter(out));
    assertThat(out.toString()).containsPattern("4 KiB +ahead of leveldb-java \\(write\\) +1\\.20 +limit 1\\.00 +MISSED")
        .containsPattern("4 KiB +read mean <= 0.5 x cairn-ssd +0\\.40 +limit 0\\.50 +met")
        .containsPattern("4 KiB +writes at least level with rocksdb +1\\.20 +limit 1\\.00 +MISSED");
  }

  @Test
  void withoutCairnPmemNothingIsEvaluatedAndTheTableSaysWhy() {
    BenchResults results = Fixtures.paperResults();
    assertThat(PaperTargets.evaluate(results)).isEmpty();
    StringWriter out = new StringWriter();
    PaperTargets.print(results, new PrintWriter(out));
    assertThat(out.toString()).contains("not evaluated");
  }
}
