package io.cairn.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.testing.Property;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PaperDatasetTest {
  private static List<byte[][]> drain(OpSource source, boolean writes) {
    List<byte[][]> ops = new ArrayList<>();
    OpBatch batch = new OpBatch(7, writes);
    for (source.fill(batch); batch.size() > 0; source.fill(batch)) {
      for (int i = 0; i < batch.size(); i++) {
        ops.add(new byte[][] {batch.key(i), writes ? batch.value(i) : null});
      }
    }
    return ops;
  }

  private static boolean sameOps(List<byte[][]> a, List<byte[][]> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!Arrays.equals(a.get(i)[0], b.get(i)[0]) || !Arrays.equals(a.get(i)[1], b.get(i)[1])) {
        return false;
      }
    }
    return true;
  }

  @Test
  void everyEngineGetsTheSameValuesKeysAndReadsForASeed() {
    Property.of("same seed, same operations", random -> random.nextLong())
        .trials(20)
        .check(seed -> {
          PaperDataset one = new PaperDataset(seed, 100, 50, 80);
          PaperDataset two = new PaperDataset(seed, 100, 50, 80);
          assertThat(sameOps(drain(one.writeSource(), true), drain(two.writeSource(), true))).isTrue();
          assertThat(sameOps(drain(one.readSource(), false), drain(two.readSource(), false))).isTrue();
          // A second engine on the same dataset object sees the very same stream again.
          assertThat(sameOps(drain(one.writeSource(), true), drain(two.writeSource(), true))).isTrue();
        });
  }

  @Test
  void differentSeedsOrValueSizesGiveDifferentData() {
    List<byte[][]> base = drain(new PaperDataset(1, 64, 10, 0).writeSource(), true);
    assertThat(sameOps(base, drain(new PaperDataset(2, 64, 10, 0).writeSource(), true))).isFalse();
    assertThat(sameOps(base, drain(new PaperDataset(1, 65, 10, 0).writeSource(), true))).isFalse();
  }

  @Test
  void keyIsTheSha256OfItsValueAndValuesHaveTheSize() throws Exception {
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    for (byte[][] op : drain(new PaperDataset(9, 4096, 20, 0).writeSource(), true)) {
      assertThat(op[0]).hasSize(PaperDataset.KEY_BYTES).isEqualTo(sha256.digest(op[1]));
      assertThat(op[1]).hasSize(4096);
    }
  }

  @Test
  void readsAreUniformOverTheKeysWrittenAndOnlyThose() {
    PaperDataset dataset = new PaperDataset(3, 16, 10, 10_000);
    Set<String> written = new HashSet<>();
    drain(dataset.writeSource(), true).forEach(op -> written.add(Arrays.toString(op[0])));
    int[] hits = new int[10];
    List<String> order = new ArrayList<>(written);
    for (byte[][] op : drain(dataset.readSource(), false)) {
      String key = Arrays.toString(op[0]);
      assertThat(written).contains(key);
      hits[order.indexOf(key)]++;
    }
    // 10,000 uniform draws over 10 keys: each about 1,000; 800..1,200 is > 10 standard deviations.
    assertThat(java.util.Arrays.stream(hits).boxed().toList()).allMatch(count -> count > 800 && count < 1200);
  }

  @Test
  void readsNeedTheWritesFirst() {
    assertThatThrownBy(() -> new PaperDataset(1, 10, 10, 10).readSource())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void checkAcceptsTheRightValueAndRejectsAbsentOrWrongOnes() {
    PaperDataset dataset = new PaperDataset(5, 32, 3, 3);
    List<byte[][]> writes = drain(dataset.writeSource(), true);
    OpSource reads = dataset.readSource();
    byte[] key = writes.getFirst()[0];
    byte[] value = writes.getFirst()[1];
    assertThat(reads.check(key, value)).isTrue();
    assertThatThrownBy(() -> reads.check(key, null)).isInstanceOf(WrongAnswerException.class)
        .hasMessageContaining("absent");
    byte[] flipped = value.clone();
    flipped[3] ^= 0x10;
    assertThatThrownBy(() -> reads.check(key, flipped)).isInstanceOf(WrongAnswerException.class)
        .hasMessageContaining("does not hash");
  }

  @Test
  void batchesHoldFreshArraysTheRunnerMayHandOver() {
    OpBatch batch = new OpBatch(4, true);
    OpSource source = new PaperDataset(1, 8, 8, 0).writeSource();
    source.fill(batch);
    byte[] first = batch.value(0);
    source.fill(batch);
    assertThat(batch.value(0)).isNotSameAs(first);
  }
}
