package io.cairn.chain.contract.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.api.MemberKey;
import io.cairn.chain.contract.AccessSet;
import io.cairn.chain.contract.ContractCall;
import io.cairn.testing.Property;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The thread plan's contract: every owner is one of the planned threads, two calls that share a
 * key one of them writes have the same owner, a key that is only read joins nothing, and
 * independent calls are spread evenly in contiguous stretches.
 */
class ComponentPlanTest {
  private static final MemberKey CALLER = MemberKey.of(new byte[32]);

  private record Case(List<ContractCall> calls, int threads) {}

  @Test
  void callsSharingAWrittenKeyShareAThread() {
    ComponentPlan plan = new ComponentPlan(); // reused across cases, as the executor does
    Property.of("calls sharing a written key share a thread", ComponentPlanTest::randomCase)
        .trials(300)
        .check(block -> {
          plan.plan(block.calls, 0, block.calls.size(), block.threads);
          assertThat(plan.threads()).isBetween(1, block.threads);
          int[] perThread = new int[plan.threads()];
          Map<String, Integer> writerOwner = new HashMap<>();
          for (int i = 0; i < block.calls.size(); i++) {
            assertThat(plan.owner(i)).isBetween(0, plan.threads() - 1);
            perThread[plan.owner(i)]++;
            ContractCall call = block.calls.get(i);
            for (byte[] key : call.declared().orElseThrow().writes()) {
              Integer earlier = writerOwner.putIfAbsent(name(call, key), plan.owner(i));
              assertThat(earlier == null ? plan.owner(i) : earlier).as("owner of a writer of %s", name(call, key))
                  .isEqualTo(plan.owner(i));
            }
          }
          for (int t = 0; t < plan.threads(); t++) {
            assertThat(plan.calls(t)).as("calls of thread %d", t).isEqualTo(perThread[t]).isPositive();
          }
          for (int i = 0; i < block.calls.size(); i++) {
            ContractCall call = block.calls.get(i);
            for (byte[] key : call.declared().orElseThrow().reads()) {
              Integer writer = writerOwner.get(name(call, key));
              if (writer != null) {
                assertThat(plan.owner(i)).as("owner of a reader of %s", name(call, key)).isEqualTo(writer);
              }
            }
          }
        });
  }

  @Test
  void thePlanOnThreadsEqualsThePlanOnOneThreadForAnyRunOfABlock() {
    ComponentPlan serial = new ComponentPlan();
    ComponentPlan parallel = new ComponentPlan();
    Map<Integer, Workers> pools = new HashMap<>();
    try {
      Property.of("the plan on threads equals the plan on one thread", ComponentPlanTest::randomCase)
          .trials(200)
          .check(block -> {
            int n = block.calls.size();
            int from = n / 3; // a run in the middle of the block: call indexes are relative to it
            Workers workers = pools.computeIfAbsent(block.threads, count -> new Workers("plan-test", count));
            serial.plan(block.calls, from, n, block.threads);
            parallel.plan(block.calls, from, n, block.threads, workers);
            assertThat(parallel.threads()).isEqualTo(serial.threads());
            for (int i = 0; i < n - from; i++) {
              assertThat(parallel.owner(i)).as("owner of call %d", from + i).isEqualTo(serial.owner(i));
            }
          });
    } finally {
      pools.values().forEach(Workers::close);
    }
  }

  @Test
  void aKeyReadInEarlyStretchesAndWrittenInTheLastJoinsAllItsCalls() {
    List<ContractCall> calls = new ArrayList<>();
    for (int i = 0; i < 999; i++) { // the first 100 read key 0; nobody else touches it until the last call
      calls.add(call("c", i < 100 ? List.of(key(0)) : List.of(), List.of(key(1 + i))));
    }
    calls.add(call("c", List.of(), List.of(key(0))));
    ComponentPlan plan = new ComponentPlan();
    try (Workers workers = new Workers("plan-test", 4)) {
      plan.plan(calls, 0, calls.size(), 4, workers);
    }
    for (int i = 1; i < 100; i++) {
      assertThat(plan.owner(i)).as("owner of reader %d", i).isEqualTo(plan.owner(0));
    }
    assertThat(plan.owner(999)).isEqualTo(plan.owner(0));
    assertThat(plan.threads()).isEqualTo(4);
  }

  @Test
  void independentCallsAreSpreadEvenlyInStretches() {
    List<ContractCall> calls = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) { // every call reads key 0 (never written) and writes its own
      calls.add(call("c", List.of(key(0)), List.of(key(1 + i))));
    }
    ComponentPlan plan = new ComponentPlan();
    plan.plan(calls, 0, calls.size(), 4);
    assertThat(plan.threads()).isEqualTo(4);
    int switches = 0;
    int[] perThread = new int[4];
    for (int i = 0; i < calls.size(); i++) {
      perThread[plan.owner(i)]++;
      switches += i > 0 && plan.owner(i) != plan.owner(i - 1) ? 1 : 0;
    }
    assertThat(perThread).containsOnly(250);
    assertThat(switches).isEqualTo(3);
  }

  @Test
  void oneHotKeyPutsItsCallsOnOneThreadAndTheRestBeside() {
    List<ContractCall> calls = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) { // every other call writes the hot key 0
      calls.add(call("c", List.of(), i % 2 == 0 ? List.of(key(0), key(1 + i)) : List.of(key(1 + i))));
    }
    ComponentPlan plan = new ComponentPlan();
    plan.plan(calls, 0, calls.size(), 2);
    assertThat(plan.threads()).isEqualTo(2);
    for (int i = 2; i < calls.size(); i += 2) {
      assertThat(plan.owner(i)).isEqualTo(plan.owner(0));
    }
    for (int i = 1; i < calls.size(); i += 2) {
      assertThat(plan.owner(i)).isNotEqualTo(plan.owner(0));
    }
  }

  @Test
  void sameKeyInAnotherContractIsAnotherKey() {
    List<ContractCall> calls = List.of(call("a", List.of(), List.of(key(7))), call("b", List.of(), List.of(key(7))));
    ComponentPlan plan = new ComponentPlan();
    plan.plan(calls, 0, 2, 2);
    assertThat(plan.threads()).isEqualTo(2);
    assertThat(plan.owner(0)).isNotEqualTo(plan.owner(1));
  }

  private static Case randomCase(SplittableRandom random) {
    int n = 1 + random.nextInt(300);
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

  private static ContractCall call(String contract, List<byte[]> reads, List<byte[]> writes) {
    return ContractCall.call(CALLER, contract, "run", new byte[0], 1_000_000, AccessSet.of(reads, writes));
  }

  private static byte[] key(int id) {
    return new byte[] {'k', (byte) (id >>> 8), (byte) id};
  }

  private static String name(ContractCall call, byte[] key) {
    return call.contract() + "/" + java.util.HexFormat.of().formatHex(key);
  }
}
