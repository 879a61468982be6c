package io.cairn.chain.contract.exec;

import io.cairn.chain.contract.BlockExecutor;
import io.cairn.chain.contract.CodeBook;

/** What both parallel executors hold: the one call runner and their worker threads. */
abstract class ParallelExecutor implements BlockExecutor {
  final CallRunner runner;
  final Workers workers;
  private final String name;

  ParallelExecutor(String name, CodeBook code, int threads) {
    this.name = name;
    this.runner = new CallRunner(code);
    this.workers = new Workers(name, threads);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final int threads() {
    return workers.threads();
  }

  @Override
  public final void close() {
    workers.close();
  }
}
