package io.cairn.chain.contract.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.api.MemberKey;
import io.cairn.chain.contract.AccessSet;
import io.cairn.chain.contract.ContractCall;
import io.cairn.testing.Property;
import io.cairn.testing.Shrinkers;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The deferral rule of {@link Stretch}, by what the executor's correctness rests on (seeded
 * property over random runs, shrinking by deleting calls): the first stretch defers nothing; a
 * call that runs in its stretch declares no key that an earlier stretch writes or that a deferred
 * call before it in its own stretch declares; no call that runs in its stretch writes a key that
 * an earlier deferred call declares; and the calls that run in their stretches and write one key
 * all lie in one stretch. Then transcripts of the cases by hand.
 */
class StretchTest {
  private static final MemberKey CALLER = MemberKey.of(new byte[32]);

  private record Case(List<ContractCall> calls, int threads) {}

  /** Which calls of a planned run were deferred, and each call's stretch. */
  private record Plan(boolean[] deferred, int[] stretch) {}

  @Test
  void deferralKeepsEveryRunningCallOnSerialValues() {
    Property.of("stretches defer what may see an earlier stretch", StretchTest::randomCase)
        .shrinkWith(failing -> Shrinkers.<ContractCall>list().candidates(failing.calls()).stream()
            .map(calls -> new Case(calls, failing.threads()))
            .toList())
        .trials(300)
        .check(StretchTest::assertSafe);
  }

  @Test
  void independentCallsAreNeverDeferred() {
    List<ContractCall> calls = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      calls.add(call("c", List.of(key(1000 + i)), List.of(key(2 * i), key(2 * i + 1))));
    }
    Plan plan = plan(calls, 4);
    for (int i = 0; i < calls.size(); i++) {
      assertThat(plan.deferred[i]).as("call %d", i).isFalse();
      assertThat(plan.stretch[i]).as("call %d's stretch", i).isEqualTo(i / 10); // contiguous quarters
    }
  }

  @Test
  void aCallOfALaterStretchTouchingAnEarlierWriteIsDeferredWithWhatFollowsIt() {
    List<ContractCall> calls = List.of(
        call("c", List.of(), List.of(key(1))), // stretch 0 writes 1
        call("c", List.of(), List.of(key(2))),
        call("c", List.of(key(1)), List.of(key(3))), // stretch 1 reads 1: deferred
        call("c", List.of(key(3)), List.of()), // touches 3, a key of the deferred call: deferred
        call("c", List.of(key(4)), List.of(key(5)))); // independent: runs
    Plan plan = plan(calls, 2);
    assertThat(plan.stretch).containsExactly(0, 0, 1, 1, 1);
    assertThat(plan.deferred).containsExactly(false, false, true, true, false);
  }

  @Test
  void aKeyOnlyReadByAnEarlierStretchDefersNothing() {
    List<ContractCall> calls = List.of(call("c", List.of(key(1)), List.of()), call("c", List.of(), List.of(key(1))));
    assertThat(plan(calls, 2).deferred).containsExactly(false, false);
  }

  @Test
  void aWriteAfterADeferredReadInALaterStretchIsDeferred() {
    List<ContractCall> calls = List.of(
        call("c", List.of(), List.of(key(1))), // stretch 0 writes 1
        call("c", List.of(key(1), key(2)), List.of()), // stretch 1: deferred, and it reads 2
        call("c", List.of(), List.of(key(2)))); // stretch 2 writes 2: would change what the rerun reads
    Plan plan = plan(calls, 3);
    assertThat(plan.stretch).containsExactly(0, 1, 2);
    assertThat(plan.deferred).containsExactly(false, true, true);
  }

  @Test
  void theSameKeyInAnotherContractIsAnotherKey() {
    List<ContractCall> calls = List.of(call("a", List.of(), List.of(key(7))), call("b", List.of(), List.of(key(7))));
    assertThat(plan(calls, 2).deferred).containsExactly(false, false);
  }

  @Test
  void anOpenRunIsCutAtTheStretchOfItsFirstBarrier() {
    List<ContractCall> calls = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      calls.add(call("c", List.of(), List.of(key(i))));
    }
    calls.set(7, ContractCall.call(CALLER, "c", "run", new byte[0], 1_000_000, null)); // in stretch 1 of 3: no sets
    assertThat(cutOpen(calls, 3)).containsExactly(false, true, true); // stretch 2 has none: cut after a cut one
    assertThat(cutOpen(calls.subList(0, 7), 3)).containsExactly(false, false, false);
    calls.set(2, ContractCall.deploy(CALLER, "d", "code", new byte[0], 1_000_000, AccessSet.of(List.of(), List.of())));
    assertThat(cutOpen(calls, 3)).as("a deployment, even with sets").containsExactly(true, true, true);
  }

  /** Plans {@code calls} as an open run on {@code threads} equal stretches; which stretches were cut (and deferred nothing). */
  private static boolean[] cutOpen(List<ContractCall> calls, int threads) {
    Stretch[] stretches = new Stretch[threads];
    boolean[] cut = new boolean[threads];
    for (int t = 0; t < threads; t++) {
      stretches[t] = new Stretch();
      stretches[t].cover(calls.size() * t / threads, calls.size() * (t + 1) / threads);
      stretches[t].plan(calls, stretches, t, t < threads - 1, 1, true);
      cut[t] = stretches[t].cut();
      assertThat(cut[t] && stretches[t].deferredCount() > 0).as("stretch %d cut but deferring", t).isFalse();
    }
    return cut;
  }

  /** Plans {@code calls} as one run on {@code threads} stretches, one after the other on this thread. */
  private static Plan plan(List<ContractCall> calls, int threads) {
    Stretch[] stretches = new Stretch[threads];
    int[] stretchOf = new int[calls.size()];
    for (int t = 0; t < threads; t++) {
      int from = calls.size() * t / threads;
      int to = calls.size() * (t + 1) / threads;
      stretches[t] = new Stretch();
      stretches[t].cover(from, to);
      for (int i = from; i < to; i++) {
        stretchOf[i] = t;
      }
    }
    boolean[] deferred = new boolean[calls.size()];
    for (int t = 0; t < threads; t++) {
      stretches[t].plan(calls, stretches, t, t < threads - 1, 1, false);
      int previous = -1;
      for (int d = 0; d < stretches[t].deferredCount(); d++) {
        int i = stretches[t].deferred(d);
        assertThat(i).as("deferred calls in block order").isGreaterThan(previous);
        assertThat(stretchOf[i]).as("a deferred call's stretch").isEqualTo(t);
        deferred[i] = true;
        previous = i;
      }
    }
    return new Plan(deferred, stretchOf);
  }

  private static void assertSafe(Case block) {
    List<ContractCall> calls = block.calls;
    Plan plan = plan(calls, block.threads);
    for (int j = 0; j < calls.size(); j++) {
      if (plan.stretch[j] == 0) {
        assertThat(plan.deferred[j]).as("call %d of stretch 0 deferred", j).isFalse();
      }
      for (int i = 0; i < j; i++) {
        Set<String> shared = keysOf(calls.get(i));
        shared.retainAll(keysOf(calls.get(j)));
        if (shared.isEmpty()) {
          continue;
        }
        boolean iWrites = !disjoint(writesOf(calls.get(i)), shared);
        boolean jWrites = !disjoint(writesOf(calls.get(j)), shared);
        if (!plan.deferred[j]) {
          assertThat(iWrites && plan.stretch[i] < plan.stretch[j])
              .as("call %d runs in its stretch though earlier stretch's call %d writes its key", j, i).isFalse();
          assertThat(plan.deferred[i] && plan.stretch[i] == plan.stretch[j])
              .as("call %d runs though the deferred call %d of its stretch shares a key", j, i).isFalse();
          assertThat(plan.deferred[i] && jWrites)
              .as("call %d writes a key of the earlier deferred call %d", j, i).isFalse();
          assertThat(!plan.deferred[i] && iWrites && jWrites && plan.stretch[i] != plan.stretch[j])
              .as("calls %d and %d write one key from two stretches", i, j).isFalse();
        }
      }
    }
  }

  private static Case randomCase(SplittableRandom random) {
    int n = 1 + random.nextInt(120);
    int keySpace = 1 + random.nextInt(3 * n);
    List<ContractCall> calls = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      List<byte[]> reads = new ArrayList<>();
      List<byte[]> writes = new ArrayList<>();
      for (int k = random.nextInt(4); k > 0; k--) {
        reads.add(key(random.nextInt(keySpace)));
      }
      for (int k = random.nextInt(3); k > 0; k--) {
        writes.add(key(random.nextInt(keySpace)));
      }
      calls.add(call(random.nextInt(5) == 0 ? "other" : "c", reads, writes));
    }
    return new Case(calls, 1 + random.nextInt(6));
  }

  private static Set<String> keysOf(ContractCall call) {
    Set<String> keys = writesOf(call);
    call.declared().orElseThrow().reads().forEach(key -> keys.add(name(call, key)));
    return keys;
  }

  private static Set<String> writesOf(ContractCall call) {
    Set<String> keys = new HashSet<>();
    call.declared().orElseThrow().writes().forEach(key -> keys.add(name(call, key)));
    return keys;
  }

  private static boolean disjoint(Set<String> a, Set<String> b) {
    return a.stream().noneMatch(b::contains);
  }

  private static ContractCall call(String contract, List<byte[]> reads, List<byte[]> writes) {
    return ContractCall.call(CALLER, contract, "run", new byte[0], 1_000_000, AccessSet.of(reads, writes));
  }

  private static byte[] key(int id) {
    return new byte[] {'k', (byte) (id >>> 8), (byte) id};
  }

  private static String name(ContractCall call, byte[] key) {
    return call.contract() + "/" + HexFormat.of().formatHex(key);
  }
}
