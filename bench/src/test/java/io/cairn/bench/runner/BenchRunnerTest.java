package io.cairn.bench.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.bench.kv.MapEngine;
import io.cairn.bench.kv.StoreSettings;
import io.cairn.bench.report.BenchResults;
import io.cairn.bench.report.EngineOutcome;
import io.cairn.bench.report.PmemPlacement;
import io.cairn.bench.report.RunResult;
import io.cairn.bench.workload.Workload;
import io.cairn.common.NotSupportedException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchRunnerTest {
  @TempDir Path dir;

  private BenchRunner runner(int rounds, Progress progress) {
    return new BenchRunner(new RunConfig(dir, StoreSettings.defaults(), 42, 50, rounds, false,
        PmemPlacement.ENGINE_DEFAULT), progress);
  }

  @Test
  void everyEngineGetsARowPerValueSizeWithEveryReadCheckedAndFound() {
    BenchResults results = runner(1, Progress.silent()).run(new PaperScenario(1, List.of(64, 256), 300, 500),
        List.of(MapEngine.healthy("x"), MapEngine.healthy("y")));
    assertThat(results.runs()).extracting(RunResult::toString)
        .containsExactly("x/paper/64B/300", "y/paper/64B/300", "x/paper/256B/300", "y/paper/256B/300");
    for (RunResult run : results.runs()) {
      assertThat(run.write().ops()).isEqualTo(300);
      assertThat(run.read().ops()).isEqualTo(500);
      assertThat(run.read().found()).isEqualTo(500);
      assertThat(run.write().meanMicros()).isPositive();
    }
    assertThat(results.skipped()).isEmpty();
    assertThat(results.failed()).isEmpty();
  }

  @Test
  void anEngineThatCannotOpenIsSkippedWithItsReasonAndTheOthersRun() {
    StringWriter notes = new StringWriter();
    BenchResults results = runner(1, new LineProgress(new PrintWriter(notes))).run(
        new PaperScenario(1, List.of(64), 100, 100),
        List.of(MapEngine.failingAtOpen("not-built", new NotSupportedException("the engine is being built")),
            MapEngine.healthy("ok")));
    assertThat(results.skipped()).containsExactly(
        new EngineOutcome("not-built", "all runs", "the engine is being built"));
    assertThat(results.runs()).extracting(RunResult::engine).containsExactly("ok");
    assertThat(results.engines()).extracting(e -> e.name()).containsExactly("not-built", "ok");
    assertThat(notes.toString()).contains("skipped not-built: the engine is being built");
  }

  @Test
  void aMissingNativeLibraryIsASkipNotACrash() {
    BenchResults results = runner(1, Progress.silent()).run(new PaperScenario(1, List.of(64), 10, 10),
        List.of(new LinkageFailingEngine()));
    assertThat(results.skipped()).singleElement()
        .satisfies(s -> assertThat(s.reason()).contains("no librocksdbjni for this platform"));
    assertThat(results.runs()).isEmpty();
  }

  @Test
  void anEngineAnsweringWronglyFailsItsRunsAndIsNotMeasured() {
    BenchResults results = runner(1, Progress.silent()).run(new PaperScenario(1, List.of(64), 100, 100),
        List.of(MapEngine.corruptingLargeValues("liar"), MapEngine.healthy("ok")));
    assertThat(results.runs()).extracting(RunResult::engine).containsExactly("ok");
    assertThat(results.failed()).singleElement().satisfies(f -> {
      assertThat(f.engine()).isEqualTo("liar");
      assertThat(f.reason()).contains("does not hash to the key");
    });
  }

  @Test
  void roundsAreMergedIntoOneRow() {
    BenchResults results = runner(3, Progress.silent()).run(new PaperScenario(1, List.of(64), 100, 200),
        List.of(MapEngine.healthy("x")));
    assertThat(results.runs()).singleElement().satisfies(run -> {
      assertThat(run.rounds()).isEqualTo(3);
      assertThat(run.write().ops()).isEqualTo(300);
      assertThat(run.read().ops()).isEqualTo(600);
    });
  }

  @Test
  void warmUpRoundsRunEveryEngineFirstAndAreNotCounted() {
    StringWriter notes = new StringWriter();
    RunConfig config = new RunConfig(dir, StoreSettings.defaults(), 42, 0, 2, false, PmemPlacement.ENGINE_DEFAULT, 1);
    BenchResults results = new BenchRunner(config, new LineProgress(new PrintWriter(notes)))
        .run(new PaperScenario(1, List.of(64, 256), 100, 200), List.of(MapEngine.healthy("x"), MapEngine.healthy("y")));
    // The measured rows hold the two measured rounds only.
    assertThat(results.runs()).extracting(RunResult::toString)
        .containsExactly("x/paper/64B/100", "y/paper/64B/100", "x/paper/256B/100", "y/paper/256B/100");
    assertThat(results.runs()).allSatisfy(run -> {
      assertThat(run.rounds()).isEqualTo(2);
      assertThat(run.write().ops()).isEqualTo(200);
    });
    // Every engine ran once before any measured cell, with the first value size only.
    String text = notes.toString();
    assertThat(text).contains("[1/2] warm-up round 1: x 64 B (not counted)", "[2/2] warm-up round 1: y 64 B (not counted)");
    assertThat(text).doesNotContain("warm-up round 1: x 256 B");
    assertThat(text.indexOf("warm-up round 1: y 64 B")).isLessThan(text.indexOf("[1/8] round 1: x 64 B"));
    assertThat(results.toJson().toString()).contains("\"warmup_rounds\": 1");
  }

  @Test
  void dbBenchWorkloadsGiveOneRowEachAndNothingIsLeftOnDisk() throws Exception {
    DbBenchScenario scenario = new DbBenchScenario(3, Workload.parse(List.of("fillseq", "readseq", "fillrandom",
        "overwrite", "readrandom", "seekrandom", "readrandom")), 1000, 400, 16, 100);
    BenchResults results = runner(1, Progress.silent()).run(scenario, List.of(MapEngine.healthy("x")));
    assertThat(results.runs()).extracting(RunResult::workload).containsExactly("fillseq", "readseq",
        "fillrandom", "overwrite", "readrandom", "seekrandom", "readrandom-2");
    RunResult readseq = results.runs().get(1);
    assertThat(readseq.write()).isNull();
    assertThat(readseq.read().ops()).isEqualTo(400);
    RunResult readrandom = results.runs().get(4);
    // fillrandom + overwrite draw 2,000 keys with repeats from 1,000: about 1 - e^-2 = 86% are
    // present, so about 346 of 400 reads find their key.
    assertThat(readrandom.read().found()).isBetween(300L, 390L);
    try (var left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void diskBudgetCountsTheLargestCellOrEveryCellWhenKept() {
    PaperScenario scenario = new PaperScenario(1, List.of(1000, 2000), 100, 100);
    RunConfig removing = new RunConfig(dir, StoreSettings.defaults(), 1, 0, 2, false, PmemPlacement.ENGINE_DEFAULT);
    RunConfig keeping = new RunConfig(dir, StoreSettings.defaults(), 1, 0, 2, true, PmemPlacement.ENGINE_DEFAULT);
    assertThat(DiskBudget.requiredBytes(scenario, 4, removing)).isEqualTo(100L * (32 + 2000) * 3);
    assertThat(DiskBudget.requiredBytes(scenario, 4, keeping))
        .isEqualTo(100L * 3 * ((32 + 1000) + (32 + 2000)) * 4 * 2);
  }

  @Test
  void tooLittleDiskIsRefusedWithBothFigures() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DiskBudget.check(dir, Long.MAX_VALUE / 2))
        .hasMessageContaining("not enough free disk in " + dir)
        .hasMessageContaining("needs about")
        .hasMessageContaining("is free");
  }

  /** An engine whose native library does not load, as rocksdbjni on an unsupported platform. */
  private static final class LinkageFailingEngine implements io.cairn.bench.kv.Engine {
    @Override public String name() { return "native"; }
    @Override public String description() { return "native"; }
    @Override public List<String> deviations(StoreSettings settings) { return List.of(); }

    @Override
    public io.cairn.bench.kv.KvStore open(Path directory, StoreSettings settings) {
      throw new UnsatisfiedLinkError("no librocksdbjni for this platform");
    }
  }
}
