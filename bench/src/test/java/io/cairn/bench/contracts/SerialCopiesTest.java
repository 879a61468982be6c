package io.cairn.bench.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.cairn.chain.contract.BlockExecutor;
import io.cairn.chain.contract.BlockResult;
import io.cairn.chain.contract.ContractCall;
import io.cairn.chain.contract.ContractStore;
import io.cairn.chain.contract.StateReader;
import io.cairn.chain.contract.builtin.BuiltIns;
import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.api.WriteOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Session 17: the ceiling measured in the executors' rounds. Copies of the serial loop run each
 * block on the thread that built it, the measuring thread's result is serial's, a failing copy
 * fails the measurement; and each configuration is held against the ceiling of its own thread
 * count and kind of block.
 */
class SerialCopiesTest {
  @TempDir Path tmp;

  @Test
  void eachCopyRunsTheBlockItsOwnThreadBuiltAndTheCallersResultIsSerials() throws Exception {
    int calls = 200;
    try (Db db = Cairn.open(tmp.resolve("state"), Options.defaults());
        BlockExecutor serial = BlockExecutor.serial(BuiltIns.codeBook());
        SerialCopies copies = new SerialCopies(3)) {
      ContractStore store = new ContractStore(db, WriteOptions.DEFAULT, 4 * calls + 16);
      TransferWorkload workload = new TransferWorkload(2 * calls + 1);
      workload.setUp(store, calls);
      for (int round = 0; round < 3; round++) {
        java.util.Map<Integer, Thread> builtBy = new ConcurrentHashMap<>();
        AtomicInteger built = new AtomicInteger();
        long seed = round;
        boolean declare = round % 2 == 0;
        copies.prepare(k -> {
          builtBy.put(k, Thread.currentThread());
          built.incrementAndGet();
          return workload.block(new SplittableRandom(seed ^ k), calls, 0.01, declare);
        }, store);
        assertThat(built.get()).as("copies 1 and 2 built their blocks, the caller builds its own").isEqualTo(2);
        assertThat(builtBy.keySet()).containsExactlyInAnyOrder(1, 2);
        assertThat(builtBy.values()).doesNotContain(Thread.currentThread()).doesNotHaveDuplicates();
        List<ContractCall> mine = workload.block(new SplittableRandom(seed), calls, 0.01, declare);
        BlockResult result = copies.execute(mine, store);
        assertThat(result).isEqualTo(serial.execute(workload.block(new SplittableRandom(seed), calls, 0.01, false), store));
      }
    }
  }

  @Test
  void aCopyWhoseTransferFailsFailsTheMeasurement() throws Exception {
    int calls = 100;
    try (Db db = Cairn.open(tmp.resolve("state"), Options.defaults());
        SerialCopies copies = new SerialCopies(2)) {
      ContractStore store = new ContractStore(db, WriteOptions.DEFAULT, 4 * calls + 16);
      TransferWorkload workload = new TransferWorkload(2 * calls + 1);
      workload.setUp(store, calls);
      // the token is deployed, but nobody is funded under another contract name: every transfer there fails
      List<ContractCall> unknown = new ArrayList<>();
      for (ContractCall call : workload.block(new SplittableRandom(1), calls, 0, false)) {
        unknown.add(ContractCall.call(call.caller(), "no-such-token", call.method(), call.args(), call.gasLimit(), null));
      }
      copies.prepare(k -> unknown, store);
      assertThatThrownBy(() -> copies.execute(workload.block(new SplittableRandom(2), calls, 0, false), store))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("serial copy 1 failed");
      // and the copies go on measuring afterwards
      copies.prepare(k -> workload.block(new SplittableRandom(3), calls, 0, false), store);
      assertThat(copies.execute(workload.block(new SplittableRandom(4), calls, 0, false), store).receipts())
          .hasSize(calls);
    }
  }

  /**
   * The measuring thread fails while another copy still runs its block, and the copies are closed
   * (as a fork's bench closes them on its way out): the copy ends. Until session 21 the copy, done
   * with its block, wrote DONE over the CLOSED that {@code close} had written, parked for good, and
   * {@code close} joined it forever (a fork of `bench contracts` hung so, hiding its failure).
   */
  @Test
  void closingWhileACopyRunsItsBlockEndsTheCopy() throws Exception {
    int calls = 100;
    try (Db db = Cairn.open(tmp.resolve("state"), Options.defaults())) {
      ContractStore store = new ContractStore(db, WriteOptions.DEFAULT, 4 * calls + 16);
      TransferWorkload workload = new TransferWorkload(2 * calls + 1);
      workload.setUp(store, calls);
      Thread measuring = Thread.currentThread();
      StateReader slowForCopies = key -> {
        LockSupport.parkNanos(1_000_000); // the copy's block takes a fifth of a second or more
        return store.get(key);
      };
      StateReader failing = key -> { // an Error: no call turns it into a receipt
        throw new java.io.IOError(new java.io.IOException("the measuring thread's read fails on " + measuring.getName()));
      };
      SerialCopies copies = new SerialCopies(2);
      copies.prepare(k -> workload.block(new SplittableRandom(5), calls, 0, false), slowForCopies);
      assertThatThrownBy(() -> copies.execute(workload.block(new SplittableRandom(6), calls, 0, false), failing))
          .hasMessageContaining("measuring thread's read fails");
      assertTimeoutPreemptively(Duration.ofSeconds(30), copies::close, "close returns once the running copy ends");
    }
  }

  @Test
  void eachConfigurationIsHeldAgainstTheCeilingOfItsThreadsAndKindOfBlock() {
    try (BlockExecutor serial = BlockExecutor.serial(BuiltIns.codeBook());
        BlockExecutor declaredOne = BlockExecutor.declared(BuiltIns.codeBook(), 1);
        BlockExecutor declaredTwo = BlockExecutor.declared(BuiltIns.codeBook(), 2);
        BlockExecutor stmTwo = BlockExecutor.optimistic(BuiltIns.codeBook(), 2);
        BlockExecutor declaredFour = BlockExecutor.declared(BuiltIns.codeBook(), 4);
        SerialCopies two = new SerialCopies(2)) {
      List<ContractsBench.Configuration> configurations = ContractsBench.configurations(serial, List.of(two),
          List.of(declaredOne, declaredTwo, stmTwo, declaredFour));
      assertThat(configurations).extracting(ContractsBench.Configuration::name).containsExactly("serial",
          "serial-declared", "serial-x2", "serial-declared-x2", "declared", "declared", "block-stm", "declared");
      assertThat(configurations).extracting(ContractsBench.Configuration::declared).containsExactly(false, true, false,
          true, true, true, false, true);
      int[] ceilings = new int[configurations.size()];
      for (int c = 0; c < ceilings.length; c++) {
        ceilings[c] = ContractsBench.ceilingOf(configurations, c);
      }
      // serial, serial-declared, the copies themselves, declared 1 -> serial-declared, declared 2 ->
      // serial-declared-x2, block-stm 2 -> serial-x2, declared 4 -> none measured
      assertThat(ceilings).containsExactly(0, 1, 2, 3, 1, 3, 2, -1);
    }
  }
}
