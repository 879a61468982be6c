package io.cairn.chain.contract.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.contract.StateKey;
import io.cairn.testing.Property;
import io.cairn.testing.Shrinkers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Taking deferred calls back out of a stretch's buffer: a buffer that ran every call and then
 * reverted some equals a buffer that ran only the others, whenever the reverted calls are closed
 * as the deferral rule closes them (a call that writes a key a reverted call before it wrote is
 * reverted too). Seeded property over random calls on small key pools, shrinking; plus what the
 * precondition is for.
 */
class UndoLogTest {
  /** One call: the keys it writes (a value of null deletes), and whether it is chosen to be reverted. */
  record Call(List<Integer> keys, List<Boolean> deletes, boolean chosen) {
    @Override
    public String toString() {
      return (chosen ? "revert " : "") + keys + deletes;
    }
  }

  private static StateKey key(int number) {
    return StateKey.of("c", new byte[] {'k', (byte) number});
  }

  @Test
  void revertingClosedCallsLeavesTheKeptCallsWrites() {
    Property.of("undo log reverts closed sets of calls exactly", (SplittableRandom random) -> {
      int pool = 1 + random.nextInt(random.nextBoolean() ? 4 : 40);
      List<Call> calls = new ArrayList<>();
      for (int i = random.nextInt(60); i > 0; i--) {
        List<Integer> keys = new ArrayList<>();
        List<Boolean> deletes = new ArrayList<>();
        for (int k = random.nextInt(4); k > 0; k--) {
          keys.add(random.nextInt(pool));
          deletes.add(random.nextInt(6) == 0);
        }
        calls.add(new Call(keys, deletes, random.nextInt(5) == 0));
      }
      return calls;
    }).shrinkWith(Shrinkers.list()).check(calls -> {
      boolean[] reverted = closedReverts(calls);
      StateTable all = buffer();
      StateTable kept = buffer();
      all.put(key(0), new byte[] {-1}); // the buffer may hold writes before the first call
      kept.put(key(0), new byte[] {-1});
      UndoLog log = new UndoLog();
      log.putInto(buffer(), 100, writes(key(0), new byte[] {9})); // an earlier run's entry, cleared
      log.clear();
      int[] revertedIndexes = new int[calls.size()];
      int count = 0;
      for (int i = 0; i < calls.size(); i++) {
        CallWrites writes = writesOf(calls.get(i), i);
        log.putInto(all, 100 + i, writes);
        if (reverted[i]) {
          revertedIndexes[count++] = 100 + i;
        } else {
          writes.putInto(kept);
        }
      }
      log.revert(all, revertedIndexes, count);
      assertThat(contents(all)).isEqualTo(contents(kept));
    });
  }

  @Test
  void aCallThatWritesAfterARevertedOneMustBeRevertedToo() {
    // The precondition matters: keeping call 2, which wrote k1 after reverted call 1, loses its write.
    UndoLog log = new UndoLog();
    StateTable buffer = buffer();
    log.putInto(buffer, 1, writes(key(1), new byte[] {1}));
    log.putInto(buffer, 2, writes(key(1), new byte[] {2}));
    log.revert(buffer, new int[] {1}, 1);
    assertThat(buffer.containsKey(key(1))).isFalse();
  }

  @Test
  void revertingRestoresDeletionsAndEarlierValues() {
    UndoLog log = new UndoLog();
    StateTable buffer = buffer();
    log.putInto(buffer, 1, writes(key(1), CallView.DELETED));
    log.putInto(buffer, 2, writes(key(1), new byte[] {2}));
    log.putInto(buffer, 3, writes(key(2), new byte[] {3}));
    log.revert(buffer, new int[] {2, 3}, 2);
    assertThat(contents(buffer)).containsOnlyKeys(key(1));
    assertThat(buffer.get(key(1))).isSameAs(CallView.DELETED);
    assertThat(log.size()).isEqualTo(3);
  }

  /** Which calls are reverted: the chosen ones, and every call writing a key a reverted call before it wrote. */
  private static boolean[] closedReverts(List<Call> calls) {
    boolean[] reverted = new boolean[calls.size()];
    Set<Integer> tainted = new HashSet<>();
    for (int i = 0; i < calls.size(); i++) {
      Call call = calls.get(i);
      reverted[i] = call.chosen() || call.keys().stream().anyMatch(tainted::contains);
      if (reverted[i]) {
        tainted.addAll(call.keys());
      }
    }
    return reverted;
  }

  private static CallWrites writesOf(Call call, int index) {
    CallWrites writes = new CallWrites(4);
    for (int k = 0; k < call.keys().size(); k++) {
      writes.put(key(call.keys().get(k)), call.deletes().get(k) ? CallView.DELETED : new byte[] {(byte) index});
    }
    return writes;
  }

  /** A stretch's write buffer. */
  private static StateTable buffer() {
    return new StateTable(4, CallView.DELETED);
  }

  /** What {@code table} holds, values as hex ("deleted" for the marker), comparable by value. */
  private static Map<StateKey, String> contents(StateTable table) {
    Map<StateKey, String> contents = new HashMap<>();
    table.forEach((key, value) -> contents.put(key, value == CallView.DELETED ? "deleted" : HexFormat.of().formatHex(value)));
    return contents;
  }

  private static CallWrites writes(StateKey key, byte[] value) {
    CallWrites writes = new CallWrites(1);
    writes.put(key, value);
    return writes;
  }
}
