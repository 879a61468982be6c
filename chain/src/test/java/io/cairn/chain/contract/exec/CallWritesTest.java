package io.cairn.chain.contract.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.contract.StateKey;
import io.cairn.testing.Property;
import io.cairn.testing.Shrinkers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A call's writes against a {@link LinkedHashMap} (the map it replaced): the same keys in the
 * order first written, the last value of each, deletions kept as {@link CallView#DELETED}, below
 * and past the size at which it starts indexing its keys, in a fresh buffer or one reused after
 * {@link CallWrites#clear()}.
 */
class CallWritesTest {
  /** Write {@code value} (null: delete) to key number {@code key}. */
  record Write(int key, byte[] value) {
    @Override
    public String toString() {
      return value == null ? "delete k" + key : "put k" + key + "=" + value[0];
    }
  }

  private static StateKey key(int number) {
    return StateKey.of("c", new byte[] {'k', (byte) (number >>> 8), (byte) number});
  }

  @Test
  void behavesAsAnInsertionOrderedMap() {
    Property.of("call writes equal a linked map", (SplittableRandom random) -> {
      int pool = 1 + random.nextInt(random.nextBoolean() ? 6 : 60); // below and past the scan limit
      List<Write> writes = new ArrayList<>();
      for (int i = random.nextInt(120); i > 0; i--) {
        writes.add(new Write(random.nextInt(pool), random.nextInt(5) == 0 ? null : new byte[] {(byte) i}));
      }
      return writes;
    }).shrinkWith(Shrinkers.list()).check(writes -> {
      CallWrites actual = new CallWrites(writes.isEmpty() ? 0 : writes.size() % 3);
      for (int k = 0; k < writes.size() % 40; k++) { // an earlier call's writes, then cleared: a reused buffer
        actual.put(key(k), new byte[] {-1});
      }
      actual.clear();
      assertThat(actual.isEmpty()).isTrue();
      Map<StateKey, byte[]> expected = new LinkedHashMap<>();
      for (Write write : writes) {
        byte[] value = write.value() == null ? CallView.DELETED : write.value();
        actual.put(key(write.key()), value);
        expected.put(key(write.key()), value);
      }
      assertThat(actual.size()).isEqualTo(expected.size());
      int i = 0;
      for (Map.Entry<StateKey, byte[]> entry : expected.entrySet()) {
        assertThat(actual.key(i)).as("key %d in first-written order", i).isEqualTo(entry.getKey());
        assertThat(actual.value(i)).as("value of key %d", i).isSameAs(entry.getValue());
        assertThat(actual.get(entry.getKey())).isSameAs(entry.getValue());
        i++;
      }
      for (int k = 0; k < 64; k++) {
        assertThat(actual.containsKey(key(k))).as("contains k%d", k).isEqualTo(expected.containsKey(key(k)));
      }
      StateTable into = new StateTable(4, CallView.DELETED);
      actual.putInto(into);
      assertThat(into.size()).isEqualTo(expected.size());
      for (Map.Entry<StateKey, byte[]> entry : expected.entrySet()) {
        byte[] put = into.get(entry.getKey());
        assertThat(put == CallView.DELETED).isEqualTo(entry.getValue() == CallView.DELETED);
        assertThat(put).isEqualTo(entry.getValue());
      }
    });
  }

  @Test
  void noneIsEmpty() {
    assertThat(CallWrites.NONE.isEmpty()).isTrue();
    assertThat(CallWrites.NONE.get(key(1))).isNull();
  }
}
