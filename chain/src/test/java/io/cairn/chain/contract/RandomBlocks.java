package io.cairn.chain.contract;

import io.cairn.chain.api.MemberKey;
import io.cairn.chain.contract.ChaosContract.Op;
import io.cairn.chain.contract.ChaosContract.Step;
import io.cairn.chain.contract.builtin.BuiltIns;
import io.cairn.chain.contract.builtin.TokenContract;
import io.cairn.common.ByteWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Random blocks with a controlled conflict rate, for the differential tests: a share {@code rate}
 * of the calls touches one of two hot keys (or the hot token account); the others touch keys no
 * other call touches. Calls are chaos calls (mostly), token transfers, deployments (some of a
 * name already deployed, some calls before their contract's deployment); a quarter do not
 * declare their sets; a tenth get a gas limit small enough to run out.
 */
final class RandomBlocks {
  static final CodeBook CODE = BuiltIns.codeBook().with(Map.of(ChaosContract.CODE, new ChaosContract()));
  static final String CHAOS = "chaos";
  static final String TOKEN = "token";
  static final MemberKey OWNER = member(0xff, 0);

  private RandomBlocks() {}

  /** A block and the state it starts from. */
  record Case(double rate, long stateSeed, List<ContractCall> calls) {
    @Override
    public String toString() {
      StringBuilder text = new StringBuilder("rate " + rate + ", state seed " + stateSeed + ", " + calls.size()
          + " calls:");
      for (int i = 0; i < calls.size(); i++) {
        text.append("\n  ").append(i).append(": ").append(calls.get(i));
      }
      return text.toString();
    }
  }

  /** A state reader over a map, safe for concurrent reads. */
  static StateReader state(Map<StateKey, byte[]> values) {
    Map<StateKey, byte[]> copy = new ConcurrentHashMap<>(values);
    return copy::get;
  }

  /** The base state of a case: chaos and token deployed, random chaos keys, funded accounts. */
  static Map<StateKey, byte[]> baseState(long seed, int calls) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<StateKey, byte[]> state = new HashMap<>();
    state.put(StateKey.binding(CHAOS), CHAOS.getBytes(StandardCharsets.US_ASCII));
    state.put(StateKey.binding(TOKEN), TOKEN.getBytes(StandardCharsets.US_ASCII));
    state.put(StateKey.of(TOKEN, new byte[] {'a'}), OWNER.bytes());
    for (int key = 0; key < 4 * calls + 8; key++) {
      if (random.nextInt(5) > 0) {
        byte[] value = new byte[3 + random.nextInt(6)];
        random.nextBytes(value);
        state.put(StateKey.of(CHAOS, ChaosContract.key(key)), value);
      }
    }
    for (int account = 0; account < 2 * calls + 2; account++) {
      long balance = random.nextInt(4) == 0 ? random.nextInt(10) : 1_000_000;
      state.put(StateKey.of(TOKEN, TokenContract.balanceKey(member(account, 1))),
          new ByteWriter(8).u64(balance).toByteArray());
    }
    return state;
  }

  static Case generate(SplittableRandom random, double rate, int maxCalls) {
    int n = 1 + random.nextInt(maxCalls);
    List<ContractCall> calls = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      boolean hot = random.nextDouble() < rate;
      boolean declare = random.nextInt(4) > 0;
      long gas = random.nextInt(10) == 0 ? 1_000 + random.nextInt(2_500) : 1_000_000;
      int kind = random.nextInt(20);
      if (kind < 3) {
        MemberKey to = hot ? member(0, 1) : member(2 * i + 1, 1);
        calls.add(TokenContract.transfer(TOKEN, member(2 * i + 2, 1), to, random.nextInt(20), gas, declare));
      } else if (kind == 3) {
        String name = "chaos-" + random.nextInt(2);
        AccessSet sets = declare ? AccessSet.of(List.of(), List.of()) : null;
        calls.add(ContractCall.deploy(member(i, 2), name, random.nextInt(8) == 0 ? "no-such-code" : CHAOS,
            new byte[0], gas, sets));
      } else {
        String contract = kind == 4 ? "chaos-" + random.nextInt(2) : CHAOS;
        calls.add(chaosCall(random, i, hot, declare, gas, contract, 0));
      }
    }
    return new Case(rate, random.nextLong(), calls);
  }

  /**
   * A block of calls that declare their sets (chaos calls and token transfers, a share {@code rate}
   * touching the hot keys) with at most two barriers (a call that declares nothing, a deployment)
   * at random places, often none: the task-parallel executor takes such a block as one run before
   * it looks at it, and its stretches must cut the run at the first barrier.
   */
  static Case generateRareBarriers(SplittableRandom random, double rate, int maxCalls) {
    int n = 1 + random.nextInt(maxCalls);
    List<ContractCall> calls = new ArrayList<>(n + 2);
    for (int i = 0; i < n; i++) {
      boolean hot = random.nextDouble() < rate;
      if (random.nextInt(3) == 0) {
        MemberKey to = hot ? member(0, 1) : member(2 * i + 1, 1);
        calls.add(TokenContract.transfer(TOKEN, member(2 * i + 2, 1), to, random.nextInt(20), 1_000_000, true));
      } else {
        calls.add(chaosCall(random, i, hot, true, 1_000_000, CHAOS, 0));
      }
    }
    int barriers = random.nextInt(4) - 1; // none half the time
    for (int b = 0; b < barriers; b++) {
      int at = random.nextInt(calls.size() + 1);
      calls.add(at, random.nextBoolean()
          ? chaosCall(random, n + b, random.nextDouble() < rate, false, 1_000_000, CHAOS, 0)
          : ContractCall.deploy(member(n + b, 2), "chaos-" + random.nextInt(2), CHAOS, new byte[0], 1_000_000, null));
    }
    return new Case(rate, random.nextLong(), calls);
  }

  /**
   * A block of declared chaos calls whose keys come from one small pool, so that calls read and
   * write each other's keys in every order (a read long before another call's write, a write
   * between two reads), not only through the hot keys: what the task-parallel executor's
   * stretches must defer. {@code rate} in the case is the pool's share of the keys, for the name.
   */
  static Case generateOverlapping(SplittableRandom random, int maxCalls) {
    int n = 1 + random.nextInt(maxCalls);
    int pool = 1 + random.nextInt(2 * n);
    List<ContractCall> calls = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long gas = random.nextInt(10) == 0 ? 1_000 + random.nextInt(2_500) : 1_000_000;
      calls.add(chaosCall(random, i, false, true, gas, CHAOS, pool));
    }
    return new Case((double) pool / n, random.nextLong(), calls);
  }

  /**
   * A block of chaos calls (three in four declaring their sets) over one pool of keys where a
   * third of the calls are wide: up to 120 steps, a quarter of them writes or deletes, so that a
   * call writes more than the 16 keys past which its write buffer indexes them, reads its own
   * writes through that index, and a thread's reused buffer goes from a wide call to a narrow one
   * and back. {@code rate} in the case is the pool's share of the keys.
   */
  static Case generateWide(SplittableRandom random, int maxCalls) {
    int n = 1 + random.nextInt(maxCalls);
    int pool = 20 + random.nextInt(4 * n);
    List<ContractCall> calls = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int steps = random.nextInt(3) == 0 ? 120 : 6;
      calls.add(chaosCall(random, i, false, random.nextInt(4) > 0, 1_000_000, CHAOS, pool, steps));
    }
    return new Case((double) pool / n, random.nextLong(), calls);
  }

  /** A chaos call; its keys are its own ({@code pool} 0) or drawn from keys 8..8+pool-1. */
  private static ContractCall chaosCall(SplittableRandom random, int i, boolean hot, boolean declare, long gas,
      String contract, int pool) {
    return chaosCall(random, i, hot, declare, gas, contract, pool, 6);
  }

  /** A chaos call of 1..{@code stepsMax} steps; its keys are its own ({@code pool} 0) or drawn from keys 8..8+pool-1. */
  private static ContractCall chaosCall(SplittableRandom random, int i, boolean hot, boolean declare, long gas,
      String contract, int pool, int stepsMax) {
    List<Step> steps = new ArrayList<>();
    List<byte[]> reads = new ArrayList<>();
    List<byte[]> writes = new ArrayList<>();
    int stepCount = 1 + random.nextInt(stepsMax);
    for (int s = 0; s < stepCount; s++) {
      Op op = Op.values()[random.nextInt(Op.values().length)];
      int key = op == Op.SPIN ? random.nextInt(200) : pool > 0 ? 8 + random.nextInt(pool) : 4 * i + 8 + random.nextInt(4);
      steps.add(new Step(op, key));
      declare(op, key, reads, writes);
    }
    if (hot) {
      int key = random.nextInt(2);
      Op op = random.nextBoolean() ? Op.WRITE : Op.THROW_IF;
      steps.add(random.nextInt(steps.size() + 1), new Step(op, key));
      declare(op, key, reads, writes);
      steps.add(new Step(Op.WRITE, key));
      declare(Op.WRITE, key, reads, writes);
    }
    AccessSet sets = declare ? AccessSet.of(reads, writes) : null;
    return ContractCall.call(member(i, 3), contract, "run", ChaosContract.args(steps), gas, sets);
  }

  private static void declare(Op op, int key, List<byte[]> reads, List<byte[]> writes) {
    switch (op) {
      case WRITE, DELETE -> writes.add(ChaosContract.key(key));
      case SPIN, CATCH_UNDECLARED -> { }
      default -> reads.add(ChaosContract.key(key)); // INDIRECT declares only its first key
    }
  }

  /** A member key that is not a real public key (executors never verify): {@code a, b} in its bytes. */
  static MemberKey member(int a, int b) {
    byte[] key = new byte[32];
    key[0] = (byte) b;
    key[1] = (byte) (a >>> 16);
    key[2] = (byte) (a >>> 8);
    key[3] = (byte) a;
    return MemberKey.of(key);
  }
}
