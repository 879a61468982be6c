package io.cairn.chain.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.contract.exec.DeclaredSetExecutor;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a block through the serial executor and through both parallel ones at 1, 2 and 3 threads,
 * asserts they all agree, and returns the serial result: the tests' way to say "every executor
 * gives this receipt".
 */
final class EveryExecutor {
  private EveryExecutor() {}

  static BlockResult execute(CodeBook code, List<ContractCall> calls, StateReader base) {
    BlockResult expected;
    try (BlockExecutor serial = BlockExecutor.serial(code)) {
      expected = serial.execute(calls, base);
    }
    List<BlockExecutor> parallel = new ArrayList<>();
    try {
      for (int threads = 1; threads <= 3; threads++) {
        parallel.add(BlockExecutor.declared(code, threads));
        parallel.add(BlockExecutor.optimistic(code, threads));
        parallel.add(new DeclaredSetExecutor(code, threads, 1));
      }
      for (BlockExecutor executor : parallel) {
        BlockResult actual = executor.execute(calls, base);
        assertThat(actual).as("%s on %d threads", executor.name(), executor.threads()).isEqualTo(expected);
      }
    } finally {
      parallel.forEach(BlockExecutor::close);
    }
    return expected;
  }
}
