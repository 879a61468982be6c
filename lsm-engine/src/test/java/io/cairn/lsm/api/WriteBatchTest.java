package io.cairn.lsm.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.CorruptionException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteBatchTest {
  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> operations(WriteBatch batch) {
    List<String> seen = new ArrayList<>();
    batch.forEach(new WriteBatch.Handler() {
      @Override
      public void put(byte[] key, byte[] value) {
        seen.add("put " + new String(key, StandardCharsets.UTF_8) + "=" + new String(value, StandardCharsets.UTF_8));
      }

      @Override
      public void delete(byte[] key) {
        seen.add("delete " + new String(key, StandardCharsets.UTF_8));
      }
    });
    return seen;
  }

  @Test
  void forEachOnAFreshBatchVisitsOperationsInOrder() {
    WriteBatch batch = new WriteBatch().put(bytes("a"), bytes("1")).delete(bytes("b")).put(bytes("c"), bytes(""));
    assertThat(operations(batch)).containsExactly("put a=1", "delete b", "put c=");
  }

  @Test
  void presizedBatchEncodesLikeAGrownOne() {
    WriteBatch grown = new WriteBatch();
    WriteBatch presized = new WriteBatch(3 * 1030);
    WriteBatch undersized = new WriteBatch(0);
    for (int i = 0; i < 3; i++) {
      byte[] value = new byte[1024];
      value[i] = (byte) (i + 1);
      for (WriteBatch batch : List.of(grown, presized, undersized)) {
        batch.put(bytes("k" + i), value);
      }
    }
    assertThat(presized.encode(7)).isEqualTo(grown.encode(7));
    assertThat(undersized.encode(7)).isEqualTo(grown.encode(7));
    assertThatThrownBy(() -> new WriteBatch(-1)).isInstanceOf(io.cairn.common.InvalidArgumentException.class);
  }

  @Test
  void putOfASliceEncodesLikeAPutOfItsCopy() {
    byte[] buffer = bytes("xxhelloyy");
    WriteBatch sliced = new WriteBatch().put(bytes("a"), buffer, 2, 5).put(bytes("b"), buffer, 0, 0);
    WriteBatch copied = new WriteBatch().put(bytes("a"), bytes("hello")).put(bytes("b"), bytes(""));
    assertThat(sliced.encode(3)).isEqualTo(copied.encode(3));
    assertThat(operations(sliced)).containsExactly("put a=hello", "put b=");
    assertThatThrownBy(() -> new WriteBatch().put(bytes("a"), buffer, 5, 5))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void clearedBatchIsEmptyAndReusable() {
    WriteBatch batch = new WriteBatch().put(bytes("a"), bytes("1"));
    batch.clear();
    assertThat(operations(batch)).isEmpty();
    batch.delete(bytes("z"));
    assertThat(operations(batch)).containsExactly("delete z");
  }

  @Test
  void encodedBatchCarriesSequenceAndCount() {
    WriteBatch batch = new WriteBatch().put(bytes("k"), bytes("v")).delete(bytes("k"));
    byte[] encoded = batch.encode(42);
    assertThat(WriteBatch.sequenceOf(encoded, 0)).isEqualTo(42);
    assertThat(WriteBatch.forEach(encoded, 0, encoded.length, new WriteBatch.Handler() {
      @Override
      public void put(byte[] key, byte[] value) {}

      @Override
      public void delete(byte[] key) {}
    })).isEqualTo(2);
  }

  @Test
  void truncatedEncodingIsCorruption() {
    byte[] encoded = new WriteBatch().put(bytes("key"), bytes("value")).encode(1);
    assertThatThrownBy(() -> WriteBatch.forEach(encoded, 0, encoded.length - 2, new WriteBatch.Handler() {
      @Override
      public void put(byte[] key, byte[] value) {}

      @Override
      public void delete(byte[] key) {}
    })).isInstanceOf(CorruptionException.class);
  }
}
