package io.cairn.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.node.api.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepeatsTest {
  private static Json.Obj run(String system, int nodes, int repeat, double perSecond) {
    return Json.object().put("system", system).put("mode", system.equals("cairn") ? "kraft" : null)
        .put("nodes", nodes).put("committed_per_s", perSecond)
        .put("state_machine", system.equals("ratis") ? "count" : null).put("repeat", repeat);
  }

  @Test
  void theMedianIsTheMiddleValueOrTheMeanOfTheMiddleTwo() {
    assertThat(io.cairn.bench.report.Median.median(new double[] {5, 1, 3})).isEqualTo(3.0);
    assertThat(io.cairn.bench.report.Median.median(new double[] {4, 1, 3, 10})).isEqualTo(3.5);
    assertThat(io.cairn.bench.report.Median.median(new double[] {7})).isEqualTo(7.0);
    assertThat(io.cairn.bench.report.Median.median(new double[0])).isNaN();
  }

  @Test
  void eachCairnRunIsComparedWithTheRatisRunOfItsOwnRepeat() {
    List<Json.Obj> runs = List.of(run("cairn", 3, 1, 60_000.0), run("ratis", 3, 1, 50_000.0),
        run("ratis", 3, 2, 20_000.0), run("cairn", 3, 2, 30_000.0),
        run("cairn", 3, 3, 40_000.0), run("ratis", 3, 3, 80_000.0));

    Repeats.pairWithRatis(runs);

    assertThat(runs.get(0).get("vs_ratis")).isEqualTo(1.2);
    assertThat(runs.get(3).get("vs_ratis")).isEqualTo(1.5); // repeat 2's pair, not repeat 1's Ratis run
    assertThat(runs.get(4).get("vs_ratis")).isEqualTo(0.5);
    assertThat(runs.get(1).get("vs_ratis")).isNull();
  }

  @Test
  void aRowHoldsTheMediansOfItsRepeatsAndTheirRange() {
    Json.Obj first = run("cairn", 3, 1, 60_000.0).put("failed", 0L).put("vs_ratis", 1.2).put("aot_cache", "used")
        .put("cpu_us_per_record_leader_threads", Json.object().put("driver", 2.0).put("http", null))
        .put("leader_alloc_bytes_per_record", null).put("sequence", 1);
    Json.Obj second = run("cairn", 3, 2, 30_000.0).put("failed", 4L).put("vs_ratis", 1.5).put("aot_cache", "none")
        .put("cpu_us_per_record_leader_threads", Json.object().put("driver", 6.0).put("http", 1.0))
        .put("leader_alloc_bytes_per_record", null).put("sequence", 4);
    Json.Obj third = run("cairn", 3, 3, 40_000.0).put("failed", 2L).put("vs_ratis", 0.5).put("aot_cache", "used")
        .put("cpu_us_per_record_leader_threads", Json.object().put("driver", 3.0).put("http", 3.0))
        .put("leader_alloc_bytes_per_record", null).put("sequence", 5);
    Json.Obj ratis = run("ratis", 3, 1, 50_000.0);
    Json.Obj fiveNodes = run("cairn", 5, 1, 10_000.0).put("vs_ratis", null);

    List<Json.Obj> rows = Repeats.medians(List.of(first, ratis, second, third, fiveNodes));

    assertThat(rows).hasSize(3);
    Json.Obj row = rows.getFirst();
    assertThat(row.get("committed_per_s")).isEqualTo(40_000.0);
    assertThat(row.get("committed_per_s_min")).isEqualTo(30_000.0);
    assertThat(row.get("committed_per_s_max")).isEqualTo(60_000.0);
    assertThat(row.get("repeats")).isEqualTo(3);
    assertThat(row.get("failed")).isEqualTo(2L); // a whole number stays one of the runs' values
    assertThat(row.get("nodes")).isEqualTo(3);
    assertThat(row.get("vs_ratis")).isEqualTo(1.2); // the median of the pairs
    assertThat(row.get("vs_ratis_min")).isEqualTo(0.5);
    assertThat(row.get("vs_ratis_max")).isEqualTo(1.5);
    assertThat(row.get("vs_ratis_pairs").toString()).isEqualTo(Json.array().add(1.2).add(1.5).add(0.5).toString());
    assertThat(row.get("aot_cache")).isNull(); // the runs disagree
    assertThat(row.get("mode")).isEqualTo("kraft");
    assertThat(row.get("leader_alloc_bytes_per_record")).isNull();
    assertThat(row.get("repeat")).isNull();
    assertThat(row.get("sequence")).isNull();
    Json.Obj threads = (Json.Obj) row.get("cpu_us_per_record_leader_threads");
    assertThat(threads.get("driver")).isEqualTo(3.0);
    assertThat(threads.get("http")).isEqualTo(2.0); // the median of the runs that have it
    assertThat(rows.get(1).get("system")).isEqualTo("ratis");
    assertThat(rows.get(1).get("vs_ratis_min")).isNull();
    assertThat(rows.get(2).get("nodes")).isEqualTo(5);
    assertThat(rows.get(2).get("vs_ratis_pairs")).isNull();
  }

  @Test
  void namesComeInTheirOrder() {
    assertThat(Repeats.names(Json.object().put("b", 1).put("a", null).put("c", Json.object())))
        .containsExactly("b", "a", "c");
  }
}
