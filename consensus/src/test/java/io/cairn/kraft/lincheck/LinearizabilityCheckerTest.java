package io.cairn.kraft.lincheck;

import static io.cairn.kraft.lincheck.Operation.ABSENT;
import static io.cairn.kraft.lincheck.Operation.UNKNOWN_RETURN;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.kraft.lincheck.Operation.Kind;
import io.cairn.testing.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinearizabilityCheckerTest {
  private static Operation put(int client, long value, long call, long ret) {
    return new Operation(client, 0, Kind.PUT, value, 0, 0, call, ret);
  }

  private static Operation get(int client, long result, long call, long ret) {
    return new Operation(client, 0, Kind.GET, 0, 0, result, call, ret);
  }

  private static Operation cas(int client, long expected, long value, boolean swapped, long call, long ret) {
    return new Operation(client, 0, Kind.CAS, value, expected, swapped ? 1 : 0, call, ret);
  }

  private static boolean ok(Operation... ops) {
    return LinearizabilityChecker.check(List.of(ops)).linearizable();
  }

  @Test
  void staleReadAfterACompletedWriteIsNotLinearizable() {
    assertThat(ok(put(1, 5, 0, 10), get(2, ABSENT, 20, 30))).isFalse();
    assertThat(ok(put(1, 5, 0, 10), get(2, 5, 20, 30))).isTrue();
  }

  @Test
  void concurrentReadMaySeeEitherValue() {
    assertThat(ok(put(1, 5, 0, 10), get(2, ABSENT, 5, 30))).isTrue();
    assertThat(ok(put(1, 5, 0, 10), get(2, 5, 5, 30))).isTrue();
  }

  @Test
  void readsMustNotGoBackInTime() {
    // Once a reader saw 6, a later reader cannot see the older 5.
    assertThat(ok(put(1, 5, 0, 10), put(1, 6, 11, 100), get(2, 6, 20, 30), get(3, 5, 40, 50))).isFalse();
  }

  @Test
  void compareAndSetOutcomeMustMatchTheState() {
    assertThat(ok(put(1, 5, 0, 10), cas(2, 5, 7, true, 20, 30), get(3, 7, 40, 50))).isTrue();
    assertThat(ok(put(1, 5, 0, 10), cas(2, 4, 7, true, 20, 30))).isFalse();
    assertThat(ok(put(1, 5, 0, 10), cas(2, 5, 7, false, 20, 30))).isFalse();
  }

  @Test
  void anUnansweredWriteMayOrMayNotHaveHappened() {
    assertThat(ok(put(1, 5, 0, UNKNOWN_RETURN), get(2, 5, 20, 30))).isTrue();
    assertThat(ok(put(1, 5, 0, UNKNOWN_RETURN), get(2, ABSENT, 20, 30))).isTrue();
    // But it cannot take effect before it was called.
    assertThat(ok(get(2, 5, 0, 10), put(1, 5, 20, UNKNOWN_RETURN))).isFalse();
  }

  @Test
  void keysAreCheckedIndependently() {
    Operation otherKey = new Operation(3, 1, Kind.GET, 0, 0, 99, 0, 5);
    LinearizabilityChecker.Result result = LinearizabilityChecker.check(List.of(put(1, 5, 0, 10), otherKey));
    assertThat(result.linearizable()).isFalse();
    assertThat(result.key()).isEqualTo(1);
  }

  /** Histories recorded from a real sequential execution with widened intervals are linearizable. */
  @Test
  void historiesOfAnAtomicRegisterAreAccepted() {
    Property.of("atomic register histories pass", LinearizabilityCheckerTest::atomicHistory)
        .trials(300)
        .check(history -> assertThat(LinearizabilityChecker.check(history).linearizable()).isTrue());
  }

  /** The checker agrees with an exhaustive search over all orders on small random histories. */
  @Test
  void agreesWithBruteForceOnSmallHistories() {
    Property.of("WGL == brute force", LinearizabilityCheckerTest::arbitraryHistory)
        .trials(500)
        .check(history -> assertThat(LinearizabilityChecker.checkOneKey(history)).isEqualTo(bruteForce(history)));
  }

  private static List<Operation> atomicHistory(SplittableRandom random) {
    List<Operation> history = new ArrayList<>();
    long state = ABSENT;
    long time = 0;
    for (int i = 0; i < 40; i++) {
      time += 1 + random.nextInt(5);
      long point = time;
      long call = point - random.nextInt(20);
      long ret = point + random.nextInt(20);
      int kind = random.nextInt(3);
      if (kind == 0) {
        state = i;
        history.add(new Operation(i % 4, 0, Kind.PUT, i, 0, 0, Math.max(0, call), ret));
      } else if (kind == 1) {
        history.add(new Operation(i % 4, 0, Kind.GET, 0, 0, state, Math.max(0, call), ret));
      } else {
        long expected = random.nextBoolean() ? state : ABSENT - 1;
        boolean swap = expected == state;
        if (swap) {
          state = i;
        }
        history.add(new Operation(i % 4, 0, Kind.CAS, i, expected, swap ? 1 : 0, Math.max(0, call), ret));
      }
    }
    return history;
  }

  private static List<Operation> arbitraryHistory(SplittableRandom random) {
    List<Operation> history = new ArrayList<>();
    int count = 1 + random.nextInt(6);
    for (int i = 0; i < count; i++) {
      long call = random.nextInt(20);
      long ret = random.nextInt(8) == 0 ? UNKNOWN_RETURN : call + random.nextInt(10);
      long value = random.nextInt(3);
      history.add(switch (random.nextInt(3)) {
        case 0 -> new Operation(i, 0, Kind.PUT, value, 0, 0, call, ret);
        case 1 -> new Operation(i, 0, Kind.GET, 0, 0, random.nextInt(4) - 1, call, ret);
        default -> new Operation(i, 0, Kind.CAS, value, random.nextInt(4) - 1, random.nextInt(2), call, ret);
      });
    }
    return history;
  }

  private static boolean bruteForce(List<Operation> ops) {
    return search(ops, new boolean[ops.size()], ABSENT, Long.MIN_VALUE);
  }

  /** Tries every order consistent with real time (calls before returns at equal times). */
  private static boolean search(List<Operation> ops, boolean[] used, long state, long lastPoint) {
    boolean allUsed = true;
    for (int i = 0; i < ops.size(); i++) {
      if (used[i]) {
        continue;
      }
      allUsed = false;
      Operation op = ops.get(i);
      // op can be next only if no unused op returned strictly before op was called.
      boolean minimal = true;
      for (int j = 0; j < ops.size(); j++) {
        if (!used[j] && j != i && ops.get(j).returnMicros() < op.callMicros()) {
          minimal = false;
        }
      }
      if (!minimal) {
        continue;
      }
      long next = RegisterModel.step(state, op);
      if (next != RegisterModel.IMPOSSIBLE) {
        used[i] = true;
        boolean found = search(ops, used, next, lastPoint);
        used[i] = false;
        if (found) {
          return true;
        }
      }
    }
    return allUsed || allRemainingUnknown(ops, used);
  }

  /** Unanswered operations may never take effect: leaving them out also completes the history. */
  private static boolean allRemainingUnknown(List<Operation> ops, boolean[] used) {
    for (int i = 0; i < ops.size(); i++) {
      if (!used[i] && !(ops.get(i).outcomeUnknown() && ops.get(i).kind() != Kind.GET)) {
        return false;
      }
    }
    return true;
  }
}
