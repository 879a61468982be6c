package io.cairn.chain.contract;

import io.cairn.chain.contract.exec.BlockStmExecutor;
import io.cairn.chain.contract.exec.DeclaredSetExecutor;
import io.cairn.chain.contract.exec.SerialExecutor;
import java.util.List;

/**
 * Executes the calls of one block against the state the block starts from. Every executor gives
 * the same {@link BlockResult} as {@link #serial} (calls one after the other in block order),
 * whatever its thread count and the timing of its threads:
 *
 * <ul>
 *   <li>{@link #serial}: the reference, one thread;
 *   <li>{@link #declared}: seed 001's task-parallel model: the calls' declared read/write sets
 *       joined into conflict components, each component on one thread in block order, the
 *       components spread over the threads (a call without declared sets, and a deployment,
 *       waits for every earlier call and blocks every later one);
 *   <li>{@link #optimistic}: Block-STM (multi-version memory, ESTIMATE markers, validation,
 *       re-execution) for calls whose sets are not declared; declared sets are still enforced.
 * </ul>
 *
 * <p>Thread-safety: one block at a time per executor. Close it to stop its worker threads.
 */
public interface BlockExecutor extends AutoCloseable {
  /** Executes {@code calls} in block order against {@code base} (which it never writes). */
  BlockResult execute(List<ContractCall> calls, StateReader base);

  /** "serial", "declared" or "block-stm". */
  String name();

  /** Threads that execute calls (the caller's included). */
  int threads();

  /**
   * Where the executor's threads spent their time so far ({@link ExecutorPhases}); {@link
   * ExecutorPhases#NONE} unless it was made to measure ({@link #declaredWithPhases}).
   */
  default ExecutorPhases phases() {
    return ExecutorPhases.NONE;
  }

  /** Stops the worker threads; idempotent. */
  @Override
  void close();

  /** The serial reference executor. */
  static BlockExecutor serial(CodeBook code) {
    return new SerialExecutor(code);
  }

  /** The task-parallel executor over declared read/write sets, on {@code threads} threads. */
  static BlockExecutor declared(CodeBook code, int threads) {
    return new DeclaredSetExecutor(code, threads);
  }

  /**
   * As {@link #declared}, measuring the CPU and wall time of each phase of its blocks on every
   * thread ({@link #phases}; a few clock reads per block and thread): for the bench.
   */
  static BlockExecutor declaredWithPhases(CodeBook code, int threads) {
    return new DeclaredSetExecutor(code, threads, DeclaredSetExecutor.PARALLEL_MIN,
        DeclaredSetExecutor.Deciding.BEFORE_RUNNING, true);
  }

  /**
   * The task-parallel executor that decides which calls to defer after running them while its
   * runs defer few calls (named {@code declared-after}; {@link #declared} always decides before
   * running any): the same results, for benchmarks that compare the two.
   */
  static BlockExecutor declaredDecidingAfter(CodeBook code, int threads) {
    return new DeclaredSetExecutor(code, threads, DeclaredSetExecutor.PARALLEL_MIN,
        DeclaredSetExecutor.Deciding.ADAPTIVE);
  }

  /**
   * As {@link #declared} (measuring its phases when {@code measured}), the caller's thread taking
   * the last stretch of each run instead of the first (named {@code declared-last}; see {@code
   * DeclaredSetExecutor.CallerStretch}): the same results, for benchmarks that compare the two.
   */
  static BlockExecutor declaredCallerLast(CodeBook code, int threads, boolean measured) {
    return new DeclaredSetExecutor(code, threads, DeclaredSetExecutor.PARALLEL_MIN,
        DeclaredSetExecutor.Deciding.BEFORE_RUNNING, measured, DeclaredSetExecutor.CallerStretch.LAST);
  }

  /**
   * As {@link #declared} (measuring its phases when {@code measured}), without a thread that finished
   * its stretch first taking chunks of another's (named {@code declared-fixed}: the cut fixed before
   * the run, as {@link #declared} was until session 18): the same results, for benchmarks.
   */
  static BlockExecutor declaredFixed(CodeBook code, int threads, boolean measured) {
    return new DeclaredSetExecutor(code, threads, DeclaredSetExecutor.PARALLEL_MIN,
        DeclaredSetExecutor.Deciding.BEFORE_RUNNING, measured, DeclaredSetExecutor.CallerStretch.FIRST, false);
  }

  /**
   * As {@link #declared} (measuring its phases when {@code measured}), a thread that finished first
   * taking only chunks none of whose calls shares a key with an earlier call of its stretch (named
   * {@code declared-pinned}: session 18's rule; since session 19 {@link #declared} takes such a chunk
   * and defers those calls): the same results, for benchmarks.
   */
  static BlockExecutor declaredPinned(CodeBook code, int threads, boolean measured) {
    return new DeclaredSetExecutor(code, threads, DeclaredSetExecutor.PARALLEL_MIN,
        DeclaredSetExecutor.Deciding.BEFORE_RUNNING, measured, DeclaredSetExecutor.CallerStretch.FIRST, true, false);
  }

  /** The optimistic Block-STM executor, on {@code threads} threads. */
  static BlockExecutor optimistic(CodeBook code, int threads) {
    return new BlockStmExecutor(code, threads);
  }
}
