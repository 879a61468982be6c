package io.cairn.chain.contract.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.contract.StateKey;
import io.cairn.testing.Property;
import io.cairn.testing.Shrinkers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The compact state table against a {@code HashMap} model: random puts (new keys, updates, values
 * of every length class: empty, short, 8 bytes inline, long, the marker), removals and look-ups, on a
 * table sized for few keys so that it grows, with key hashes that are either the real ones or
 * weak ones (a few bits, or one constant for every key) so that long probe runs, collisions of
 * equal hashes, and removals inside runs are exercised; with and without a key arena. Seeded,
 * shrinking.
 */
class StateTableTest {
  private static final byte[] MARKER = new byte[0];

  /** One operation: put (value length -1 = the marker), remove, or get, of key number {@code key}. */
  record Op(char kind, int key, int valueLength, int fill) {
    @Override
    public String toString() {
      return kind + "" + key + (kind == 'p' ? "=" + valueLength : "");
    }
  }

  /** A case: how hashes are weakened (0 real, else the number of bits kept; 64 = one constant), and the operations. */
  record Case(int weakBits, int expected, boolean keyArena, List<Op> ops) {}

  private static StateTable table(int expected, boolean keyArena) {
    return keyArena ? StateTable.withKeyArena(expected, MARKER) : new StateTable(expected, MARKER);
  }

  private static StateKey key(int number) {
    return StateKey.of("c", new byte[] {'k', (byte) (number >>> 8), (byte) number});
  }

  private static long hash(StateKey key, int weakBits) {
    if (weakBits == 0) {
      return key.hash64();
    }
    if (weakBits == 64) {
      return 42;
    }
    return key.hash64() & ((1L << weakBits) - 1);
  }

  private static byte[] value(Op op) {
    if (op.valueLength() < 0) {
      return MARKER;
    }
    byte[] value = new byte[op.valueLength()];
    Arrays.fill(value, (byte) op.fill());
    if (value.length > 0) {
      value[0] = (byte) (op.fill() * 7 + 1);
    }
    return value;
  }

  @Test
  void behavesAsAHashMap() {
    Property.of("state table equals a HashMap model", (SplittableRandom random) -> {
      int[] weak = {0, 0, 2, 5, 64};
      int pool = 1 + random.nextInt(random.nextBoolean() ? 8 : 300);
      List<Op> ops = new ArrayList<>();
      for (int i = random.nextInt(400); i > 0; i--) {
        int roll = random.nextInt(10);
        char kind = roll < 5 ? 'p' : roll < 6 ? 'x' : roll < 8 ? 'r' : 'g';
        int length = random.nextInt(6) == 0 ? -1 : random.nextInt(random.nextBoolean() ? 9 : 40);
        ops.add(new Op(kind, random.nextInt(pool), length, random.nextInt(256)));
      }
      return new Case(weak[random.nextInt(weak.length)], random.nextInt(20), random.nextBoolean(), ops);
    }).shrinkWith(c -> Shrinkers.<Op>list().candidates(c.ops()).stream()
        .map(ops -> new Case(c.weakBits(), c.expected(), c.keyArena(), ops)).toList())
        .check(c -> {
          StateTable table = table(c.expected(), c.keyArena());
          Map<StateKey, byte[]> model = new HashMap<>();
          for (Op op : c.ops()) {
            StateKey key = key(op.key());
            long hash = hash(key, c.weakBits());
            switch (op.kind()) {
              case 'p' -> {
                byte[] value = value(op);
                table.put(key, hash, value);
                model.put(key, value);
              }
              case 'x' -> { // replace: only a key the table holds
                byte[] value = value(op);
                boolean held = model.containsKey(key);
                assertThat(table.replace(key, hash, value)).isEqualTo(held);
                if (held) {
                  model.put(key, value);
                }
              }
              case 'r' -> assertThat(table.remove(key, hash)).isEqualTo(model.remove(key) != null);
              default -> assertSame(table.get(key, hash), model.get(key));
            }
            table.checkInvariants();
            assertThat(table.size()).isEqualTo(model.size());
          }
          for (Map.Entry<StateKey, byte[]> entry : model.entrySet()) {
            assertSame(table.get(entry.getKey(), hash(entry.getKey(), c.weakBits())), entry.getValue());
          }
          Map<StateKey, byte[]> visited = new HashMap<>();
          table.forEach((key, value) -> assertThat(visited.put(key, value)).isNull());
          assertThat(visited.keySet()).isEqualTo(model.keySet());
          visited.forEach((key, value) -> assertSame(value, model.get(key)));
        });
  }

  /** Equal bytes, and the marker exactly where the model holds the marker (an empty value is not it). */
  private static void assertSame(byte[] actual, byte[] expected) {
    if (expected == null) {
      assertThat(actual).isNull();
      return;
    }
    assertThat(actual == MARKER).as("marker").isEqualTo(expected == MARKER);
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void anEmptyValueIsNotTheMarker() {
    StateTable table = new StateTable(4, MARKER);
    table.put(key(1), new byte[0]);
    table.put(key(2), MARKER);
    assertThat(table.get(key(1))).isNotSameAs(MARKER).isEmpty();
    assertThat(table.get(key(2))).isSameAs(MARKER);
    assertThat(table.get(key(3))).isNull();
  }

  @Test
  void inlineValuesComeOutAsFreshArraysAndLongOnesAsStored() {
    StateTable table = new StateTable(4, MARKER);
    byte[] balance = {1, 2, 3, 4, 5, 6, 7, 8};
    byte[] profile = new byte[100];
    table.put(key(1), balance);
    table.put(key(2), profile);
    balance[0] = 9; // an inline value was copied into the slot
    assertThat(table.get(key(1))).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    assertThat(table.get(key(1))).isNotSameAs(table.get(key(1)));
    assertThat(table.get(key(2))).isSameAs(profile);
    assertThat(table.copy(key(2))).isNotSameAs(profile).isEqualTo(profile);
    assertThat(table.copy(key(1))).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    assertThat(table.copy(key(3))).isNull();
  }

  @Test
  void growsFromTheSmallestSizeAndKeepsEveryKey() {
    StateTable table = StateTable.withKeyArena(0, MARKER);
    for (int i = 0; i < 5_000; i++) {
      table.put(key(i), new byte[] {(byte) i, (byte) (i >>> 8)});
    }
    table.checkInvariants();
    for (int i = 0; i < 5_000; i += 2) {
      assertThat(table.remove(key(i))).isTrue();
    }
    for (int i = 0; i < 5_000; i++) {
      assertThat(table.get(key(i))).isEqualTo(i % 2 == 0 ? null : new byte[] {(byte) i, (byte) (i >>> 8)});
    }
    assertThat(table.size()).isEqualTo(2_500);
  }
}
