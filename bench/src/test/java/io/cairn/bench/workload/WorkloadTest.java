package io.cairn.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.InvalidArgumentException;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadTest {
  @Test
  void theIssuesListParsesInOrder() {
    assertThat(Workload.parse(List.of("fillseq", "fillrandom", "overwrite", "readrandom", "readseq", "seekrandom")))
        .containsExactly(Workload.values());
  }

  @Test
  void namesAreCaseInsensitiveAndMayRepeat() {
    assertThat(Workload.parse(List.of("FillRandom", "readrandom", "readrandom")))
        .containsExactly(Workload.FILLRANDOM, Workload.READRANDOM, Workload.READRANDOM);
  }

  @Test
  void unknownWorkloadIsRejectedWithTheKnownOnes() {
    assertThatThrownBy(() -> Workload.parse(List.of("fillrandom", "readreverse")))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("unknown workload 'readreverse'")
        .hasMessageContaining("fillseq,fillrandom,overwrite,readrandom,readseq,seekrandom");
  }

  @Test
  void aWorkloadThatNeedsDataMustFollowAFill() {
    assertThatThrownBy(() -> Workload.parse(List.of("readrandom")))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("needs data");
    assertThatThrownBy(() -> Workload.parse(List.of("overwrite", "fillseq")))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("overwrite needs data");
    assertThatThrownBy(() -> Workload.parse(List.of())).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void seedsAreAPureFunctionOfTheirInputs() {
    assertThat(Seeds.derive(1, "a", 2)).isEqualTo(Seeds.derive(1, "a", 2));
    assertThat(Seeds.derive(1, "a", 2)).isNotEqualTo(Seeds.derive(1, "b", 2));
    assertThat(Seeds.derive(1, "a", 2)).isNotEqualTo(Seeds.derive(1, "a", 3));
    assertThat(Seeds.derive(1, "a", 2)).isNotEqualTo(Seeds.derive(2, "a", 2));
  }
}
