package io.cairn.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.bench.workload.ycsb.YcsbWorkload;
import io.cairn.common.InvalidArgumentException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunStepsTest {
  @Test
  void ycsbAndDbBenchWorkloadsMix() {
    assertThat(RunSteps.parse(List.of("fillrandom", "readrandom", "YCSB-A", "ycsb-e", "fillseq", "readseq")))
        .containsExactly(Workload.FILLRANDOM, Workload.READRANDOM, YcsbWorkload.A, YcsbWorkload.E,
            Workload.FILLSEQ, Workload.READSEQ);
    assertThat(RunSteps.parse(List.of("ycsb-c"))).containsExactly(YcsbWorkload.C);
  }

  @Test
  void aDbBenchReadAfterAYcsbWorkloadNeedsAFillFirst() {
    assertThatThrownBy(() -> RunSteps.parse(List.of("fillrandom", "ycsb-a", "readrandom")))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("readrandom needs data");
  }

  @Test
  void unknownNamesListEveryWorkload() {
    assertThatThrownBy(() -> RunSteps.parse(List.of("ycsb-g")))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("unknown workload 'ycsb-g'")
        .hasMessageContaining("fillseq")
        .hasMessageContaining("ycsb-f");
  }

  @Test
  void theDbBenchParserRefusesYcsbWorkloads() {
    assertThatThrownBy(() -> Workload.parse(List.of("ycsb-a")))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("not a db_bench workload");
  }
}
