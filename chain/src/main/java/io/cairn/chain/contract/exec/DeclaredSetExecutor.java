package io.cairn.chain.contract.exec;

import io.cairn.chain.contract.BlockResult;
import io.cairn.chain.contract.CodeBook;
import io.cairn.chain.contract.ContractCall;
import io.cairn.chain.contract.Receipt;
import io.cairn.chain.contract.StateKey;
import io.cairn.chain.contract.StateReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Seed 001's task-parallel execution over declared read/write sets, with no synchronisation per
 * call. The block is cut into runs of calls that declare their sets; a call without declared sets,
 * and a deployment (it writes the binding every call of its contract reads), is a barrier run
 * alone between them. For each run a {@link ComponentPlan} gives every call a thread such that
 * calls sharing a written key share a thread; every thread then runs its calls in block order into
 * its own write buffer, reading its buffer, then what earlier runs wrote, then the base state. Calls
 * of different threads touch disjoint written keys, so each call reads what serial execution gives
 * it (a call cannot touch a key it did not declare: it fails first). The buffers are joined once at
 * the end of the run; at the end of the block they are the result's writes without a copy.
 *
 * <p>A run shorter than {@link #PARALLEL_MIN} calls (by default) runs on the caller's thread alone.
 * Thread-safety: one block at a time.
 */
public final class DeclaredSetExecutor extends ParallelExecutor {
  /** Runs shorter than this are not worth waking the pool for. */
  public static final int PARALLEL_MIN = 64;

  private final ComponentPlan plan = new ComponentPlan();
  private final int parallelMin;

  public DeclaredSetExecutor(CodeBook code, int threads) {
    this(code, threads, PARALLEL_MIN);
  }

  /** An executor that runs a run of at least {@code parallelMin} (&gt;= 1) calls on its threads (tests use 1). */
  public DeclaredSetExecutor(CodeBook code, int threads, int parallelMin) {
    super("declared", code, threads);
    if (parallelMin < 1) {
      throw new io.cairn.common.InvalidArgumentException("parallelMin must be at least 1, was " + parallelMin);
    }
    this.parallelMin = parallelMin;
  }

  @Override
  public BlockResult execute(List<ContractCall> calls, StateReader base) {
    Receipt[] receipts = new Receipt[calls.size()];
    List<Map<StateKey, byte[]>> parts = new ArrayList<>();
    Map<StateKey, byte[]> earlier = new HashMap<>(); // what finished runs wrote
    int from = 0;
    while (from < calls.size()) {
      int to = from;
      while (to < calls.size() && declaredCall(calls.get(to))) {
        to++;
      }
      boolean last = to == calls.size();
      if (to - from >= parallelMin && threads() > 1) {
        List<Map<StateKey, byte[]>> buffers = runParallel(calls, from, to, receipts, earlier, base);
        if (last && earlier.isEmpty()) {
          parts.addAll(buffers); // the whole block was one run: its buffers are the result
        } else {
          buffers.forEach(earlier::putAll);
        }
      } else {
        runSerial(calls, from, to, receipts, earlier, base);
      }
      if (!last) {
        runSerial(calls, to, to + 1, receipts, earlier, base); // the barrier
        to++;
      }
      from = to;
    }
    if (parts.isEmpty()) {
      parts.add(earlier);
    }
    return new BlockResult(Arrays.asList(receipts), Writes.union(parts));
  }

  /** Whether {@code call} may run in a run: it declares its sets and is not a deployment. */
  private static boolean declaredCall(ContractCall call) {
    return call.kind() == ContractCall.Kind.CALL && call.declared().isPresent();
  }

  /** Runs calls {@code from..to-1} in order on this thread, into {@code earlier}. */
  private void runSerial(List<ContractCall> calls, int from, int to, Receipt[] receipts,
      Map<StateKey, byte[]> earlier, StateReader base) {
    ReadSource source = key -> read(earlier, Map.of(), base, key);
    for (int i = from; i < to; i++) {
      Outcome outcome = runner.run(calls.get(i), source);
      receipts[i] = outcome.receipt();
      earlier.putAll(outcome.writes());
    }
  }

  /**
   * Runs calls {@code from..to-1} on the planned threads; returns their write buffers. Each thread
   * puts its receipts straight into {@code receipts}: the plan gives each thread mostly one
   * contiguous stretch of the block, so two threads share a cache line of the array only at the
   * edges of their stretches (and around the few calls of a large component), and nothing is
   * spread serially after the join.
   */
  private List<Map<StateKey, byte[]>> runParallel(List<ContractCall> calls, int from, int to, Receipt[] receipts,
      Map<StateKey, byte[]> earlier, StateReader base) {
    plan.plan(calls, from, to, threads(), workers);
    int used = plan.threads();
    @SuppressWarnings("unchecked")
    Map<StateKey, byte[]>[] buffers = new Map[used];
    workers.runOnAll(used, thread -> {
      Map<StateKey, byte[]> own = HashMap.newHashMap(2 * plan.calls(thread) + 16);
      ReadSource source = key -> read(own, earlier, base, key);
      for (int i = from; i < to; i++) {
        if (plan.owner(i - from) == thread) {
          Outcome outcome = runner.run(calls.get(i), source);
          receipts[i] = outcome.receipt();
          own.putAll(outcome.writes());
        }
      }
      buffers[thread] = own;
    });
    return Arrays.asList(buffers);
  }

  /** The value of {@code key} under {@code newer}, then {@code older}, then the base state. */
  private static byte[] read(Map<StateKey, byte[]> newer, Map<StateKey, byte[]> older, StateReader base,
      StateKey key) {
    byte[] written = newer.get(key);
    if (written == null && !older.isEmpty()) {
      written = older.get(key);
    }
    if (written != null) {
      return written == CallView.DELETED ? null : written;
    }
    return base.get(key);
  }
}
