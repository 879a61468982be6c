package io.cairn.chain.contract.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.contract.StateKey;
import io.cairn.testing.Property;
import io.cairn.testing.Shrinkers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
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
  /**
   * Write {@code value} (null: delete) to key number {@code key}; {@code copied}: through {@link
   * CallWrites#putCopy} (a contract's put: 8 bytes kept as a long, since session 16), which must
   * not see the caller change its array afterwards.
   */
  record Write(int key, byte[] value, boolean copied) {
    @Override
    public String toString() {
      return value == null ? "delete k" + key
          : (copied ? "putCopy k" : "put k") + key + "=" + HexFormat.of().formatHex(value);
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
        byte[] value = null;
        if (random.nextInt(5) != 0) { // 8 bytes (kept inline when copied) half the time, else 0-10
          value = new byte[random.nextBoolean() ? 8 : random.nextInt(11)];
          random.nextBytes(value);
          if (value.length > 0) {
            value[0] = (byte) i;
          }
        }
        writes.add(new Write(random.nextInt(pool), value, value != null && random.nextBoolean()));
      }
      return writes;
    }).shrinkWith(Shrinkers.list()).check(writes -> {
      CallWrites actual = new CallWrites(writes.isEmpty() ? 0 : writes.size() % 3);
      for (int k = 0; k < writes.size() % 40; k++) { // an earlier call's writes, then cleared: a reused buffer
        if (k % 2 == 0) {
          actual.put(key(k), new byte[] {-1});
        } else {
          actual.putCopy(key(k), new byte[] {-1, -2, -3, -4, -5, -6, -7, -8});
        }
      }
      actual.clear();
      assertThat(actual.isEmpty()).isTrue();
      Map<StateKey, byte[]> expected = new LinkedHashMap<>();
      Map<StateKey, Boolean> copied = new LinkedHashMap<>();
      for (Write write : writes) {
        byte[] value = write.value() == null ? CallView.DELETED : write.value();
        if (write.copied()) {
          byte[] given = value.clone();
          actual.putCopy(key(write.key()), given);
          Arrays.fill(given, (byte) 0x55); // the caller's array changes after the put
        } else {
          actual.put(key(write.key()), value);
        }
        expected.put(key(write.key()), value);
        copied.put(key(write.key()), write.copied());
      }
      assertThat(actual.size()).isEqualTo(expected.size());
      int i = 0;
      for (Map.Entry<StateKey, byte[]> entry : expected.entrySet()) {
        assertThat(actual.key(i)).as("key %d in first-written order", i).isEqualTo(entry.getKey());
        assertThat(actual.value(i)).as("value of key %d", i).isEqualTo(entry.getValue());
        assertThat(actual.get(entry.getKey())).isEqualTo(entry.getValue());
        byte[] owned = actual.copy(entry.getKey());
        assertThat(owned).isEqualTo(entry.getValue());
        if (entry.getValue() == CallView.DELETED) {
          assertThat(owned).isSameAs(CallView.DELETED);
          assertThat(actual.value(i)).isSameAs(CallView.DELETED);
        } else {
          assertThat(owned).as("a copy the caller owns").isNotSameAs(actual.value(i)).isNotSameAs(entry.getValue());
          if (!copied.get(entry.getKey())) {
            assertThat(actual.value(i)).as("a put array is kept as given").isSameAs(entry.getValue());
          }
        }
        i++;
      }
      for (int k = 0; k < 64; k++) {
        assertThat(actual.containsKey(key(k))).as("contains k%d", k).isEqualTo(expected.containsKey(key(k)));
      }
      StateTable into = new StateTable(4, CallView.DELETED);
      into.put(key(0), new byte[] {9, 9, 9}); // a long value there before: replaced by whatever the call wrote
      actual.putInto(into);
      assertThat(into.size()).isEqualTo(expected.size() + (expected.containsKey(key(0)) ? 0 : 1));
      for (Map.Entry<StateKey, byte[]> entry : expected.entrySet()) {
        byte[] put = into.get(entry.getKey());
        assertThat(put == CallView.DELETED).isEqualTo(entry.getValue() == CallView.DELETED);
        assertThat(put).isEqualTo(entry.getValue());
      }
      into.checkInvariants();
    });
  }

  @Test
  void noneIsEmpty() {
    assertThat(CallWrites.NONE.isEmpty()).isTrue();
    assertThat(CallWrites.NONE.get(key(1))).isNull();
  }
}
