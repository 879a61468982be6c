package io.cairn.bench.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.bench.kv.Engine;
import io.cairn.bench.kv.MapEngine;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchPlanTest {
  private static final List<Engine> ENGINES =
      List.of(MapEngine.healthy("a"), MapEngine.healthy("b"), MapEngine.healthy("c"), MapEngine.healthy("d"));

  @Test
  void everyCellRunsExactlyOnce() {
    BenchPlan plan = BenchPlan.rotated(ENGINES, List.of(4096, 8192, 16384), 2);
    assertThat(plan.cells()).hasSize(4 * 3 * 2);
    assertThat(plan.cells().stream().map(c -> c.round() + "/" + c.valueBytes() + "/" + c.engine().name()).distinct())
        .hasSize(24);
  }

  @Test
  void noEngineAlwaysGoesFirst() {
    BenchPlan plan = BenchPlan.rotated(ENGINES, List.of(1, 2, 3, 4), 1);
    Map<String, Integer> firsts = new HashMap<>();
    for (int i = 0; i < plan.cells().size(); i += ENGINES.size()) {
      firsts.merge(plan.cells().get(i).engine().name(), 1, Integer::sum);
    }
    assertThat(firsts).containsOnlyKeys("a", "b", "c", "d").allSatisfy((name, count) -> assertThat(count).isEqualTo(1));
  }

  @Test
  void roundsRotateTooWhenThereIsOneValueSize() {
    BenchPlan plan = BenchPlan.rotated(ENGINES, List.of(100), 3);
    assertThat(plan.cells()).extracting(c -> c.engine().name())
        .containsExactly("a", "b", "c", "d", "b", "c", "d", "a", "c", "d", "a", "b");
  }

  @Test
  void orderIsReportedPerRoundAndSize() {
    String json = BenchPlan.rotated(ENGINES.subList(0, 2), List.of(10, 20), 1).toJson().toString();
    assertThat(json.replaceAll("\\s+", "")).isEqualTo(
        "[{\"round\":1,\"value_size\":10,\"engines\":[\"a\",\"b\"]},{\"round\":1,\"value_size\":20,\"engines\":[\"b\",\"a\"]}]");
  }
}
