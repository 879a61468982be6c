package io.cairn.chain.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.contract.ExecutorPhases.Phase;
import io.cairn.chain.contract.exec.DeclaredSetExecutor;
import io.cairn.chain.contract.exec.DeclaredSetExecutor.CallerStretch;
import io.cairn.chain.contract.exec.DeclaredSetExecutor.Deciding;
import io.cairn.testing.Property;
import io.cairn.testing.Shrinkers;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A thread done with its stretch takes chunks from the back of another's (session 18): with the
 * pool thread slowed down (every state read it makes waits), the caller finishes its stretch long
 * before and takes the pool thread's chunks. The result stays serial's on blocks whose calls share
 * keys inside a stretch (chunks that must not be taken) and on blocks with hot keys; and on a
 * block of independent calls the caller, not the slow thread, runs most of them.
 */
class TakenChunksTest {
  /** How long each state read of a pool thread waits. */
  private static final long SLOW_READ_NANOS = 20_000;

  @Test
  void takenChunksLeaveTheResultSerials() {
    Property.of("a slowed pool thread's chunks, taken by the caller, give serial's result", random -> {
          SplittableRandom draw = random;
          return switch (draw.nextInt(3)) {
            case 0 -> RandomBlocks.generateOverlapping(draw, 160);
            case 1 -> RandomBlocks.generateRareBarriers(draw, new double[] {0, 0.01, 0.1, 0.5}[draw.nextInt(4)], 160);
            default -> RandomBlocks.generateWide(draw, 80);
          };
        })
        .shrinkWith(failing -> Shrinkers.<ContractCall>list().candidates(failing.calls()).stream()
            .map(calls -> new RandomBlocks.Case(failing.rate(), failing.stateSeed(), calls))
            .toList())
        .trials(40)
        .check(TakenChunksTest::assertSerial);
  }

  private static void assertSerial(RandomBlocks.Case block) {
    List<ContractCall> calls = block.calls();
    StateReader base = RandomBlocks.state(RandomBlocks.baseState(block.stateSeed(), calls.size()));
    BlockResult expected;
    try (BlockExecutor serial = BlockExecutor.serial(RandomBlocks.CODE)) {
      expected = serial.execute(calls, base);
    }
    for (int threads = 2; threads <= 3; threads++) {
      try (DeclaredSetExecutor executor = new DeclaredSetExecutor(RandomBlocks.CODE, threads, 1,
          Deciding.BEFORE_RUNNING, true, CallerStretch.FIRST, true)) {
        StateReader slowed = slowOffThread(base, Thread.currentThread());
        assertThat(executor.execute(calls, slowed)).as("%d threads", threads).isEqualTo(expected);
        assertThat(executor.execute(calls, slowed)).as("%d threads, a second block", threads).isEqualTo(expected);
      }
    }
  }

  @Test
  void theCallerTakesTheSlowThreadsChunks() {
    SplittableRandom random = new SplittableRandom(0x5eed18L);
    RandomBlocks.Case block = RandomBlocks.generateRareBarriers(random, 0, 400);
    List<ContractCall> calls = block.calls().stream() // independent declared calls: no barrier
        .filter(call -> call.kind() == ContractCall.Kind.CALL && call.declaredOrNull() != null)
        .toList();
    StateReader base = RandomBlocks.state(RandomBlocks.baseState(block.stateSeed(), calls.size()));
    BlockResult expected;
    try (BlockExecutor serial = BlockExecutor.serial(RandomBlocks.CODE)) {
      expected = serial.execute(calls, base);
    }
    try (DeclaredSetExecutor executor = new DeclaredSetExecutor(RandomBlocks.CODE, 2, 1,
        Deciding.BEFORE_RUNNING, true, CallerStretch.FIRST, true)) {
      // The first block: the stretches are cut equal, so without taking chunks each thread runs half.
      BlockResult actual = executor.execute(calls, slowOffThread(base, Thread.currentThread()));
      assertThat(actual).isEqualTo(expected);
      ExecutorPhases phases = executor.phases();
      assertThat(phases.ranCalls(0)).as("calls the caller ran of %d (%s)", calls.size(), phases)
          .isGreaterThan(calls.size() * 3L / 4);
      assertThat(phases.wallNanos(0, Phase.STEAL)).as("the caller's time taking chunks").isPositive();
    }
  }

  /**
   * Three threads, chunks of 2 calls, stretches of 8: the caller takes, in turn, stretch 1's last
   * chunk, stretch 2's last (call 22 writes key 7), then stretch 1's chunk before its last (call 12
   * reads key 7, which serially it reads before call 22 writes it). Stretch 1 writes no key 7, so
   * call 22 stays in its stretch: only the thief's buffers keep call 12 from reading it.
   */
  @Test
  void aChunkTakenFromALaterStretchIsNeverReadByOneTakenFromAnEarlierOne() {
    List<ContractCall> calls = new java.util.ArrayList<>();
    for (int i = 0; i < 24; i++) {
      int own = 1000 + i;
      List<ChaosContract.Step> steps = new java.util.ArrayList<>();
      List<byte[]> reads = new java.util.ArrayList<>();
      if (i == 12) {
        steps.add(new ChaosContract.Step(ChaosContract.Op.READ, 7));
        reads.add(ChaosContract.key(7));
      }
      steps.add(new ChaosContract.Step(ChaosContract.Op.READ, own)); // a read of the base: slow off the caller
      steps.add(new ChaosContract.Step(ChaosContract.Op.WRITE, i == 22 ? 7 : own));
      List<byte[]> writes = new java.util.ArrayList<>(List.of(ChaosContract.key(own)));
      if (i == 22) {
        writes.add(ChaosContract.key(7));
      }
      calls.add(ContractCall.call(RandomBlocks.member(i, 3), RandomBlocks.CHAOS, "run", ChaosContract.args(steps),
          1_000_000, AccessSet.of(reads, writes)));
    }
    StateReader base = RandomBlocks.state(RandomBlocks.baseState(7, calls.size()));
    BlockResult expected;
    try (BlockExecutor serial = BlockExecutor.serial(RandomBlocks.CODE)) {
      expected = serial.execute(calls, base);
    }
    try (DeclaredSetExecutor executor = new DeclaredSetExecutor(RandomBlocks.CODE, 3, 1,
        Deciding.BEFORE_RUNNING, true, CallerStretch.FIRST, true)) {
      BlockResult actual = executor.execute(calls, slowOffThread(base, Thread.currentThread(), 2_000_000));
      assertThat(executor.phases().ranCalls(0)).as("calls the caller ran (its own stretch: 8)").isGreaterThan(12);
      assertThat(actual).isEqualTo(expected);
    }
  }

  /** {@code base}, each read by a thread other than {@code caller} waiting {@link #SLOW_READ_NANOS} first. */
  private static StateReader slowOffThread(StateReader base, Thread caller) {
    return slowOffThread(base, caller, SLOW_READ_NANOS);
  }

  /** {@code base}, each read by a thread other than {@code caller} waiting {@code nanos} first. */
  private static StateReader slowOffThread(StateReader base, Thread caller, long nanos) {
    return key -> {
      if (Thread.currentThread() != caller) {
        LockSupport.parkNanos(nanos);
      }
      return base.get(key);
    };
  }
}
