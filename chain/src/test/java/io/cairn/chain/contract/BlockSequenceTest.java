package io.cairn.chain.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.chain.contract.exec.DeclaredSetExecutor;
import io.cairn.testing.Property;
import io.cairn.testing.Shrinkers;
import java.io.IOError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Property: executors that live across blocks (their threads, stretches, shares and tables
 * carried from one block to the next) give serial execution's result for every block of a random
 * sequence, whatever came before it: an empty block, a block the reader failed under (the
 * executor threw), a block whose one run was cut at a barrier, a block of many barriers. The
 * seed is printed; a failing sequence is shrunk by deleting blocks.
 */
class BlockSequenceTest {
  /** One block of a sequence: its case, and whether the state reader fails under it. */
  record Step(RandomBlocks.Case block, boolean failing) {
    @Override
    public String toString() {
      return (failing ? "FAILING " : "") + block;
    }
  }

  /** What a failing reader throws: an error, which no contract call turns into a receipt. */
  static final class Poisoned extends IOError {
    Poisoned() {
      super(null);
    }
  }

  @Test
  void everyBlockOfASequenceEqualsSerialExecution() {
    Property.of("every block of a sequence equals serial execution, whatever the block before",
            BlockSequenceTest::sequence)
        .shrinkWith(failing -> Shrinkers.<Step>list().candidates(failing))
        .trials(12)
        .check(BlockSequenceTest::runSequence);
  }

  private static List<Step> sequence(SplittableRandom random) {
    int length = 2 + random.nextInt(5);
    List<Step> steps = new ArrayList<>(length);
    for (int s = 0; s < length; s++) {
      double rate = new double[] {0, 0.01, 0.5}[random.nextInt(3)];
      steps.add(switch (random.nextInt(4)) {
        case 0 -> new Step(new RandomBlocks.Case(rate, random.nextLong(), List.of()), false);
        case 1 -> new Step(RandomBlocks.generate(random, rate, 80), false);
        case 2 -> new Step(RandomBlocks.generateRareBarriers(random, rate, 300), false);
        default -> new Step(RandomBlocks.generateRareBarriers(random, rate, 300), true);
      });
    }
    return steps;
  }

  private static void runSequence(List<Step> steps) {
    List<BlockExecutor> executors = new ArrayList<>();
    try (BlockExecutor serial = BlockExecutor.serial(RandomBlocks.CODE)) {
      for (int threads = 2; threads <= 3; threads++) {
        executors.add(BlockExecutor.declared(RandomBlocks.CODE, threads));
        executors.add(BlockExecutor.declaredWithPhases(RandomBlocks.CODE, threads));
        executors.add(BlockExecutor.optimistic(RandomBlocks.CODE, threads));
        for (DeclaredSetExecutor.Deciding deciding : DeclaredSetExecutor.Deciding.values()) {
          executors.add(new DeclaredSetExecutor(RandomBlocks.CODE, threads, 1, deciding));
        }
        executors.add(new DeclaredSetExecutor(RandomBlocks.CODE, threads, 1, DeclaredSetExecutor.Deciding.BEFORE_RUNNING,
            true, DeclaredSetExecutor.CallerStretch.LAST));
      }
      for (Step step : steps) {
        Map<StateKey, byte[]> state = RandomBlocks.baseState(step.block().stateSeed(), step.block().calls().size());
        if (step.failing()) {
          StateReader failing = failingReader(serial, step.block(), state);
          if (failing == null) {
            continue; // the block reads nothing
          }
          assertThatThrownBy(() -> serial.execute(step.block().calls(), failing)).isInstanceOf(Poisoned.class);
          for (BlockExecutor executor : executors) {
            assertThatThrownBy(() -> executor.execute(step.block().calls(), failing))
                .as("%s on %d threads", executor.name(), executor.threads()).isInstanceOf(Poisoned.class);
          }
          continue;
        }
        StateReader base = RandomBlocks.state(state);
        BlockResult expected = serial.execute(step.block().calls(), base);
        for (BlockExecutor executor : executors) {
          BlockResult actual = executor.execute(step.block().calls(), base);
          assertThat(actual.receipts()).as("receipts of %s on %d threads", executor.name(), executor.threads())
              .containsExactlyElementsOf(expected.receipts());
          assertThat(actual).as("writes of %s on %d threads", executor.name(), executor.threads()).isEqualTo(expected);
        }
      }
    } finally {
      executors.forEach(BlockExecutor::close);
    }
  }

  /**
   * A reader of {@code state} that throws {@link Poisoned} when asked for the middle one of the
   * keys serial execution of {@code block} reads, so that every executor asks for it (each call's
   * last execution reads what serial execution reads); null when serial execution reads nothing.
   */
  private static StateReader failingReader(BlockExecutor serial, RandomBlocks.Case block,
      Map<StateKey, byte[]> state) {
    List<StateKey> read = new ArrayList<>();
    Map<StateKey, byte[]> values = new ConcurrentHashMap<>(state);
    serial.execute(block.calls(), key -> {
      read.add(key);
      return values.get(key);
    });
    if (read.isEmpty()) {
      return null;
    }
    StateKey poisoned = read.get(read.size() / 2);
    return key -> {
      if (key.equals(poisoned)) {
        throw new Poisoned();
      }
      return values.get(key);
    };
  }
}
