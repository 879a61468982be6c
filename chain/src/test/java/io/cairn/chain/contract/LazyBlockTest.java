package io.cairn.chain.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.chain.contract.exec.DeclaredSetExecutor;
import io.cairn.chain.contract.exec.DeclaredSetExecutor.CallerStretch;
import io.cairn.chain.contract.exec.DeclaredSetExecutor.Deciding;
import io.cairn.common.InvalidArgumentException;
import io.cairn.testing.Property;
import io.cairn.testing.Shrinkers;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Blocks whose calls are made on first use (session 13): every executor gives serial's result on
 * them, and the task-parallel executor makes each call of a block without barriers exactly once,
 * on the thread that runs its stretch: each thread's calls are one contiguous stretch, the
 * caller's first (or last, with {@link CallerStretch#LAST}), and every thread makes some.
 */
class LazyBlockTest {
  private static final List<DeclaredSetExecutor> DECLARED = new ArrayList<>();
  private static BlockExecutor serial;

  @BeforeAll
  static void startExecutors() {
    serial = BlockExecutor.serial(RandomBlocks.CODE);
    for (int threads = 2; threads <= 3; threads++) {
      DECLARED.add(new DeclaredSetExecutor(RandomBlocks.CODE, threads)); // the default: runs of 64 calls and more
      DECLARED.add(new DeclaredSetExecutor(RandomBlocks.CODE, threads, 1));
      DECLARED.add(new DeclaredSetExecutor(RandomBlocks.CODE, threads, 1, Deciding.BEFORE_RUNNING, true,
          CallerStretch.LAST));
    }
  }

  @AfterAll
  static void stopExecutors() {
    DECLARED.forEach(BlockExecutor::close);
    DECLARED.clear();
    serial.close();
  }

  @Test
  void eachCallIsMadeOnceByTheThreadThatRunsItsStretch() {
    Property.of("the declared executor makes each call of a lazy block once, on its stretch's thread",
            random -> {
              double rate = new double[] {0, 0.01, 0.5}[random.nextInt(3)];
              RandomBlocks.Case block = RandomBlocks.generateRareBarriers(random, rate, 300);
              List<ContractCall> runs = block.calls().stream() // no barrier: one run of declared calls
                  .filter(call -> call.kind() == ContractCall.Kind.CALL && call.declaredOrNull() != null)
                  .toList();
              return new RandomBlocks.Case(rate, block.stateSeed(), runs);
            })
        .shrinkWith(failing -> Shrinkers.<ContractCall>list().candidates(failing.calls()).stream()
            .map(calls -> new RandomBlocks.Case(failing.rate(), failing.stateSeed(), calls))
            .toList())
        .trials(30)
        .check(LazyBlockTest::assertMadeWhereRun);
  }

  private static void assertMadeWhereRun(RandomBlocks.Case block) {
    List<ContractCall> calls = block.calls();
    StateReader base = RandomBlocks.state(RandomBlocks.baseState(block.stateSeed(), calls.size()));
    BlockResult expected = serial.execute(calls, base);
    for (DeclaredSetExecutor executor : DECLARED) {
      int size = calls.size();
      AtomicIntegerArray made = new AtomicIntegerArray(size);
      Thread[] maker = new Thread[size];
      LazyBlock lazy = new LazyBlock(size, i -> {
        made.incrementAndGet(i);
        maker[i] = Thread.currentThread();
        return calls.get(i);
      });
      Thread caller = Thread.currentThread();
      BlockResult actual = executor.execute(lazy, base);
      String what = executor.name() + " on " + executor.threads() + " threads, " + size + " calls";
      assertThat(actual).as("result of %s", what).isEqualTo(expected);
      for (int i = 0; i < size; i++) {
        assertThat(made.get(i)).as("times call %d was made, %s", i, what).isEqualTo(1);
      }
      // Each thread's calls are one contiguous stretch: the maker changes at most threads - 1 times
      // along the block and never comes back to a thread it left.
      LinkedHashSet<Thread> order = new LinkedHashSet<>();
      for (int i = 0; i < size; i++) {
        if (i > 0 && maker[i] != maker[i - 1]) {
          assertThat(order).as("call %d's maker already made an earlier stretch, %s", i, what)
              .doesNotContain(maker[i]);
        }
        order.add(maker[i]);
      }
      if (size >= 64) { // stretches of runs this long are never empty (each thread's share is clamped)
        assertThat(order).as("threads that made calls, %s", what).hasSize(executor.threads());
        boolean callerLast = executor.name().equals("declared-last");
        assertThat(callerLast ? maker[size - 1] : maker[0]).as("the caller's stretch, %s", what).isSameAs(caller);
      }
    }
  }

  @Test
  void aCallIsMadeOnceAndKept() {
    int[] makes = new int[1];
    ContractCall call = ContractCall.call(RandomBlocks.OWNER, "coin", "balance", new byte[0], 10_000, null);
    LazyBlock block = new LazyBlock(3, i -> {
      makes[0]++;
      return call;
    });
    assertThat(block).hasSize(3);
    assertThat(block.isMade(1)).isFalse();
    assertThat(block.get(1)).isSameAs(call);
    assertThat(block.get(1)).isSameAs(call);
    assertThat(makes[0]).isEqualTo(1);
    assertThat(block.isMade(1)).isTrue();
    assertThat(block.isMade(0)).isFalse();
  }

  @Test
  void aMakerThatMakesNothingIsRefused() {
    LazyBlock block = new LazyBlock(1, i -> null);
    assertThatThrownBy(() -> block.get(0)).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("index 0");
    assertThatThrownBy(() -> new LazyBlock(-1, i -> null)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> block.get(1)).isInstanceOf(IndexOutOfBoundsException.class);
  }
}
