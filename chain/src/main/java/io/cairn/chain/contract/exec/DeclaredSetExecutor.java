package io.cairn.chain.contract.exec;

import io.cairn.chain.contract.BlockResult;
import io.cairn.chain.contract.CodeBook;
import io.cairn.chain.contract.ContractCall;
import io.cairn.chain.contract.Receipt;
import io.cairn.chain.contract.StateKey;
import io.cairn.chain.contract.StateReader;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Seed 001's task-parallel execution: the {@link ConflictGraph} of the block's declared sets,
 * then every call runs as soon as all its predecessors have finished, on any free thread. A
 * finished call publishes its writes before it releases its successors, so a call reads exactly
 * what its last predecessor writer left, as in serial execution; a call cannot read a key it did
 * not declare (it fails first), so it never sees a value racing in. No validation is needed.
 */
public final class DeclaredSetExecutor extends ParallelExecutor {
  /** Roots a worker claims at a time. */
  private static final int ROOT_CHUNK = 16;

  public DeclaredSetExecutor(CodeBook code, int threads) {
    super("declared", code, threads);
  }

  @Override
  public BlockResult execute(List<ContractCall> calls, StateReader base) {
    Run run = new Run(calls, base, ConflictGraph.of(calls));
    workers.runOnAll(run::work);
    assert run.finished.get() == calls.size();
    return new BlockResult(Arrays.asList(run.receipts), Writes.of(run.overlay));
  }

  /** One block's shared execution state. */
  private final class Run {
    final List<ContractCall> calls;
    final StateReader base;
    final ConflictGraph graph;
    final AtomicIntegerArray waiting;
    final int[] roots;
    final AtomicInteger nextRoot = new AtomicInteger();
    final ConcurrentLinkedQueue<Integer> released = new ConcurrentLinkedQueue<>();
    final AtomicInteger finished = new AtomicInteger();
    final Map<StateKey, byte[]> overlay = new ConcurrentHashMap<>();
    final Receipt[] receipts;
    volatile boolean failed;

    Run(List<ContractCall> calls, StateReader base, ConflictGraph graph) {
      this.calls = calls;
      this.base = base;
      this.graph = graph;
      this.waiting = new AtomicIntegerArray(graph.predecessors);
      this.roots = java.util.stream.IntStream.range(0, calls.size()).filter(i -> graph.predecessors[i] == 0).toArray();
      this.receipts = new Receipt[calls.size()];
    }

    byte[] read(StateKey key) {
      byte[] written = overlay.get(key);
      if (written != null) {
        return written == CallView.DELETED ? null : written;
      }
      return base.get(key);
    }

    /**
     * A worker: runs a released successor first, else the next root of its own chunk, else claims
     * the next chunk of roots. Roots are claimed and finished calls counted in batches, so the
     * shared counters are not touched once per call.
     */
    void work() {
      try {
        int next = -1;
        int idle = 0;
        int from = 0;
        int to = 0;
        int done = 0;
        while (!failed) {
          int call = next;
          next = -1;
          if (call < 0) {
            Integer successor = released.poll();
            call = successor != null ? successor : -1;
          }
          if (call < 0 && from >= to && nextRoot.get() < roots.length) {
            from = nextRoot.getAndAdd(ROOT_CHUNK);
            to = Math.min(roots.length, from + ROOT_CHUNK);
          }
          if (call < 0 && from < to) {
            call = roots[from++];
          }
          if (call < 0) {
            if (done > 0) {
              finished.addAndGet(done);
              done = 0;
            }
            if (finished.get() == receipts.length) {
              return;
            }
            idle = Backoff.pause(idle);
            continue;
          }
          idle = 0;
          next = execute(call);
          done++;
        }
      } catch (RuntimeException | Error e) {
        failed = true;
        throw e;
      }
    }

    /** Runs {@code call}, publishes it, releases its successors; returns one to run next, or -1. */
    private int execute(int call) {
      Outcome outcome = runner.run(calls.get(call), this::read);
      assert !outcome.blocked();
      receipts[call] = outcome.receipt();
      overlay.putAll(outcome.writes());
      int next = -1;
      for (int successor : graph.successors[call]) {
        if (waiting.decrementAndGet(successor) == 0) {
          if (next < 0) {
            next = successor;
          } else {
            released.add(successor);
          }
        }
      }
      return next;
    }
  }
}
