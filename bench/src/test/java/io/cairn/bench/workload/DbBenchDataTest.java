package io.cairn.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DbBenchDataTest {
  private static List<String> keys(OpSource source, boolean writes) {
    List<String> keys = new ArrayList<>();
    OpBatch batch = new OpBatch(3, writes);
    for (source.fill(batch); batch.size() > 0; source.fill(batch)) {
      for (int i = 0; i < batch.size(); i++) {
        keys.add(new String(batch.key(i), StandardCharsets.US_ASCII));
      }
    }
    return keys;
  }

  @Test
  void keysAreZeroPaddedDecimalAsDbBenchWritesThem() {
    DbBenchData data = new DbBenchData(1, 1000, 1000, 16, 100);
    assertThat(new String(data.key(42), StandardCharsets.US_ASCII)).isEqualTo("0000000000000042");
    assertThat(data.key(999)).hasSize(16);
  }

  @Test
  void fillseqWritesEveryKeyInOrder() {
    DbBenchData data = new DbBenchData(1, 10, 10, 4, 8);
    assertThat(keys(data.source(Workload.FILLSEQ, 1), true))
        .containsExactly("0000", "0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009");
  }

  @Test
  void randomWorkloadsAreSeededStayInTheKeySpaceAndDifferPerOccurrence() {
    DbBenchData data = new DbBenchData(7, 100, 50, 16, 8);
    List<String> first = keys(data.source(Workload.FILLRANDOM, 1), true);
    assertThat(first).hasSize(100).isEqualTo(keys(new DbBenchData(7, 100, 50, 16, 8).source(Workload.FILLRANDOM, 1), true));
    assertThat(first).allMatch(k -> Long.parseLong(k) < 100);
    assertThat(keys(data.source(Workload.FILLRANDOM, 2), true)).isNotEqualTo(first);
    assertThat(keys(data.source(Workload.READRANDOM, 1), false)).hasSize(50);
  }

  @Test
  void readCheckCountsFoundAndRejectsWrongSizes() {
    DbBenchData data = new DbBenchData(1, 10, 10, 16, 8);
    OpSource reads = data.source(Workload.READRANDOM, 1);
    assertThat(reads.check(data.key(1), new byte[8])).isTrue();
    assertThat(reads.check(data.key(1), null)).isFalse();
    assertThatThrownBy(() -> reads.check(data.key(1), new byte[7])).isInstanceOf(WrongAnswerException.class);
    assertThatThrownBy(() -> data.checkEntry(data.key(1), new byte[9])).isInstanceOf(WrongAnswerException.class);
  }

  @Test
  void keysTooNarrowForTheKeySpaceAreRefused() {
    assertThatThrownBy(() -> new DbBenchData(1, 1001, 1001, 3, 8)).isInstanceOf(IllegalArgumentException.class);
    assertThat(DbBenchData.minimumKeyBytes(1000)).isEqualTo(3);
    assertThat(DbBenchData.minimumKeyBytes(1001)).isEqualTo(4);
  }

  @Test
  void readseqIsAScanNotASource() {
    assertThatThrownBy(() -> new DbBenchData(1, 10, 10, 16, 8).source(Workload.READSEQ, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
