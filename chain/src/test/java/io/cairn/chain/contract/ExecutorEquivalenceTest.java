package io.cairn.chain.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.contract.codec.ContractTransactionFormat;
import io.cairn.chain.contract.exec.DeclaredSetExecutor;
import io.cairn.testing.Generator;
import io.cairn.testing.Property;
import io.cairn.testing.Shrinkers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The differential test: over random blocks at each conflict rate, every parallel executor, at
 * 1, 2 and 4 threads, gives the serial executor's receipts and writes, also on a {@link LazyBlock} (calls
 * made by the executor's threads as they first read them). A failure names its seed
 * and the smallest block (fewest calls) that still differs.
 */
class ExecutorEquivalenceTest {
  private static final int[] THREADS = {1, 2, 4};
  private static final List<BlockExecutor> PARALLEL = new ArrayList<>();
  private static BlockExecutor serial;

  @BeforeAll
  static void startExecutors() {
    serial = BlockExecutor.serial(RandomBlocks.CODE);
    for (int threads : THREADS) {
      PARALLEL.add(BlockExecutor.declared(RandomBlocks.CODE, threads));
      PARALLEL.add(BlockExecutor.optimistic(RandomBlocks.CODE, threads));
      if (threads > 1) { // every run of declared calls through the stretches, however short, deciding both ways
        PARALLEL.add(new DeclaredSetExecutor(RandomBlocks.CODE, threads, 1, DeclaredSetExecutor.Deciding.AFTER_RUNNING));
        PARALLEL.add(new DeclaredSetExecutor(RandomBlocks.CODE, threads, 1, DeclaredSetExecutor.Deciding.BEFORE_RUNNING));
        PARALLEL.add(new DeclaredSetExecutor(RandomBlocks.CODE, threads, 1, DeclaredSetExecutor.Deciding.ADAPTIVE));
        // the caller's thread running the last stretch instead of the first (session 11)
        PARALLEL.add(new DeclaredSetExecutor(RandomBlocks.CODE, threads, 1, DeclaredSetExecutor.Deciding.BEFORE_RUNNING,
            false, DeclaredSetExecutor.CallerStretch.LAST));
        PARALLEL.add(BlockExecutor.declaredCallerLast(RandomBlocks.CODE, threads, true));
        // session 18's rule: a chunk holding a call that shares a key with an earlier one is never taken
        PARALLEL.add(BlockExecutor.declaredPinned(RandomBlocks.CODE, threads, true));
      }
    }
  }

  @AfterAll
  static void stopExecutors() {
    PARALLEL.forEach(BlockExecutor::close);
    PARALLEL.clear();
  }

  @ParameterizedTest(name = "conflict rate {0}")
  @ValueSource(doubles = {0.0, 0.01, 0.10, 0.50, 1.0})
  void everyExecutorEqualsSerialExecution(double rate) {
    checkAgainstSerial("parallel executors equal serial execution at conflict rate " + rate,
        random -> RandomBlocks.generate(random, rate, 80), 40);
  }

  @ParameterizedTest(name = "conflict rate {0}")
  @ValueSource(doubles = {0.01, 0.10})
  void bigBlocksEqualSerialExecution(double rate) {
    checkAgainstSerial("big blocks equal serial execution at conflict rate " + rate,
        random -> RandomBlocks.generate(random, rate, 1_000), 2);
  }

  @ParameterizedTest(name = "conflict rate {0}")
  @ValueSource(doubles = {0.0, 0.01, 0.50})
  void runsCutAtRareBarriersEqualSerialExecution(double rate) {
    checkAgainstSerial("blocks of declared calls with rare barriers equal serial execution at conflict rate " + rate,
        random -> RandomBlocks.generateRareBarriers(random, rate, 300), 30);
  }

  @Test
  void overlappingKeysEqualSerialExecution() {
    checkAgainstSerial("blocks over a small pool of keys equal serial execution",
        random -> RandomBlocks.generateOverlapping(random, 120), 40);
  }

  @Test
  void wideCallsEqualSerialExecution() {
    checkAgainstSerial("blocks with calls writing more than 16 keys equal serial execution",
        random -> RandomBlocks.generateWide(random, 40), 12);
  }

  /** Property {@code name} over {@code trials} blocks from {@code blocks}, shrunk by deleting calls. */
  private static void checkAgainstSerial(String name, Generator<RandomBlocks.Case> blocks, int trials) {
    Property.of(name, blocks)
        .shrinkWith(failing -> Shrinkers.<ContractCall>list().candidates(failing.calls()).stream()
            .map(calls -> new RandomBlocks.Case(failing.rate(), failing.stateSeed(), calls))
            .toList())
        .trials(trials)
        .check(ExecutorEquivalenceTest::assertAllEqualSerial);
  }

  private static void assertAllEqualSerial(RandomBlocks.Case block) {
    StateReader base = RandomBlocks.state(RandomBlocks.baseState(block.stateSeed(), block.calls().size()));
    BlockResult expected = serial.execute(block.calls(), base);
    byte[][] encoded = encode(block.calls());
    for (BlockExecutor executor : PARALLEL) {
      for (int repeat = 0; repeat < 4; repeat++) {
        // the third time on a block whose calls are made by the threads that first read them (session 13);
        // the fourth on the calls of decoded transactions, each made from its encoding where it runs, as the
        // ledger hands them over (session 15)
        List<ContractCall> calls = switch (repeat) {
          case 0, 1 -> block.calls();
          case 2 -> new LazyBlock(block.calls().size(), i -> block.calls().get(i));
          default -> decodedLazily(encoded);
        };
        BlockResult actual = executor.execute(calls, base);
        assertThat(actual.receipts()).as("receipts of %s on %d threads", executor.name(), executor.threads())
            .containsExactlyElementsOf(expected.receipts());
        assertThat(actual).as("writes of %s on %d threads", executor.name(), executor.threads()).isEqualTo(expected);
        assertThat(actual.digest()).isEqualTo(expected.digest());
      }
    }
  }

  /** Each call as a contract transaction's encoding (a signature of zeros: decoding does not verify it). */
  static byte[][] encode(List<ContractCall> calls) {
    byte[][] encoded = new byte[calls.size()][];
    for (int i = 0; i < encoded.length; i++) {
      encoded[i] = ContractTransactionFormat.finish(ContractTransactionFormat.startSigned(calls.get(i), i),
          new byte[ContractTransactionFormat.SIGNATURE_BYTES]);
    }
    return encoded;
  }

  /** The calls of {@code encoded}'s transactions, decoded now and each made on first use, as a ledger hands them on. */
  static List<ContractCall> decodedLazily(byte[][] encoded) {
    ContractTransaction[] transactions = new ContractTransaction[encoded.length];
    for (int i = 0; i < encoded.length; i++) {
      transactions[i] = ContractTransaction.decode(encoded[i]);
    }
    return new LazyBlock(transactions.length, i -> transactions[i].call());
  }
}
