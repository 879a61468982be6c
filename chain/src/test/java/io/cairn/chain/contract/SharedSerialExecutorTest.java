package io.cairn.chain.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.contract.builtin.TokenContract;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * One serial executor runs blocks on several threads at once (the bench's ceiling does: its copies
 * share one executor). Session 21's read-ahead first kept its namespace cache in the executor, so
 * two blocks starting together could read each other's half-written cache (a fork of the bench
 * failed that way); the executor now keeps no state of a block. Two threads start each pair of
 * blocks at a barrier on a fresh executor, 300 times: every block's result is the one it gives
 * alone.
 */
class SharedSerialExecutorTest {
  @Test
  void blocksRunAtOnceOnOneSerialExecutorEachGiveTheirOwnResult() throws Exception {
    int calls = 40;
    StateReader base = RandomBlocks.state(RandomBlocks.baseState(7, calls));
    List<List<ContractCall>> blocks = List.of(block(1, calls), block(2, calls));
    List<BlockResult> alone = new ArrayList<>();
    try (BlockExecutor serial = BlockExecutor.serial(RandomBlocks.CODE)) {
      for (List<ContractCall> block : blocks) {
        alone.add(serial.execute(block, base));
      }
    }
    for (int round = 0; round < 300; round++) {
      try (BlockExecutor shared = BlockExecutor.serial(RandomBlocks.CODE)) {
        CyclicBarrier start = new CyclicBarrier(2);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        BlockResult[] results = new BlockResult[2];
        Thread[] threads = new Thread[2];
        for (int t = 0; t < 2; t++) {
          int which = t;
          threads[t] = Thread.ofPlatform().start(() -> {
            try {
              start.await();
              results[which] = shared.execute(blocks.get(which), base);
            } catch (Throwable e) {
              failure.compareAndSet(null, e);
            }
          });
        }
        for (Thread thread : threads) {
          thread.join();
        }
        assertThat(failure.get()).as("round %d", round).isNull();
        assertThat(results[0]).as("round %d, block 0", round).isEqualTo(alone.get(0));
        assertThat(results[1]).as("round %d, block 1", round).isEqualTo(alone.get(1));
      }
    }
  }

  /** Declared transfers between the funded accounts, seeded. */
  private static List<ContractCall> block(long seed, int calls) {
    SplittableRandom random = new SplittableRandom(seed);
    List<ContractCall> block = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      block.add(TokenContract.transfer(RandomBlocks.TOKEN, RandomBlocks.member(random.nextInt(2 * calls + 2), 1),
          RandomBlocks.member(random.nextInt(2 * calls + 2), 1), 1 + random.nextInt(9), 1_000_000, true));
    }
    return block;
  }
}
