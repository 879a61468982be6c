package io.cairn.chain.contract.exec;

import io.cairn.chain.contract.ContractCall;
import io.cairn.chain.contract.ExecutorPhases.Phase;
import io.cairn.chain.contract.Receipt;
import io.cairn.chain.contract.StateReader;
import java.util.Arrays;
import java.util.List;

/**
 * One thread's side of a run cut into {@link Chunks} (session 18): it claims chunks until none is
 * left, plans each one after the chunk before it (the deferral rule, see {@link Chunks}) and runs
 * its calls that are not deferred, in block order, into the thread's one write buffer, putting
 * their receipts straight into the block's receipt array. What it keeps for the caller: the buffer
 * ({@link #writes}, the net writes of every call it ran) and the block indexes of the calls it
 * deferred ({@link #deferred}, increasing).
 *
 * <p>Thread-safety: {@link #begin} by the caller before the threads start, {@link #run} by the
 * lane's thread, the rest by the caller after the join.
 */
final class ChunkLane {
  private final CallKeys keys = new CallKeys();
  private final PhaseClock clock;
  private final int thread;
  private int[] deferred = new int[16];
  private int deferredCount;
  private int ran;
  private int presize;
  private StateTable writes;

  ChunkLane(PhaseClock clock, int thread) {
    this.clock = clock;
    this.thread = thread;
  }

  /** Before the run: forgets the last one; the buffer is sized for {@code expectedCalls} calls. */
  void begin(int expectedCalls) {
    deferredCount = 0;
    ran = 0;
    presize = 2 * expectedCalls + 16;
    writes = null;
  }

  /** Claims, plans and runs chunks of {@code chunks}' run until none is left (see the class comment). */
  void run(Chunks chunks, List<ContractCall> calls, boolean open, CallRunner runner, Receipt[] receipts,
      StateTable earlier, StateReader base) {
    StateTable own = null;
    ReadSource source = null;
    CallView view = null;
    for (long chunk = chunks.claim(); chunk >= 0; chunk = chunks.claim()) {
      int start = (int) (chunk >>> 32);
      int end = (int) chunk;
      int first = deferredCount;
      if (!plan(chunks, calls, start, end, open)) {
        continue; // cut: every later chunk is cut too, and claim says so
      }
      if (own == null) {
        own = new StateTable(presize, CallView.DELETED);
        source = new Overlay(own, earlier, base);
        view = new CallView(); // each call's writes move into the buffer at once
      }
      int next = first; // the next deferred call of this chunk
      for (int i = start; i < end; i++) {
        if (next < deferredCount && deferred[next] == i) {
          next++;
          continue;
        }
        receipts[i] = runner.run(calls.get(i), source, view);
        assert receipts[i] != null : "a chunk's source never blocks";
        view.kept().putInto(own);
      }
      ran += end - start - (deferredCount - first);
      clock.ran(thread, end - start - (deferredCount - first));
      clock.mark(thread, Phase.RUN);
    }
    writes = own;
  }

  /**
   * Plans chunk {@code start..end-1}: collects its calls' keys, waits for the chunk before it, then
   * defers calls and records the kept calls' written keys as the rule of {@link Chunks} says. Returns false when the chunk is cut
   * (it found a barrier of an open run, or a chunk before it was cut).
   */
  private boolean plan(Chunks chunks, List<ContractCall> calls, int start, int end, boolean open) {
    boolean waited = false;
    boolean planned = false;
    try {
      boolean barrier = false;
      keys.begin(end - start);
      for (int i = start; i < end; i++) {
        ContractCall call = calls.get(i);
        if (open && !DeclaredSetExecutor.declaredCall(call)) {
          barrier = true;
          break;
        }
        keys.add(call);
      }
      clock.mark(thread, Phase.PLAN);
      chunks.awaitPlanned(thread, start);
      waited = true;
      clock.mark(thread, Phase.WAIT_PLAN);
      if (barrier || chunks.cutBefore(start)) {
        return false; // cut, below
      }
      if (start != chunks.from()) { // the run's first chunk defers nothing
        for (int c = 0; c < keys.calls(); c++) {
          if (taken(chunks, c)) {
            defer(chunks, start, c);
          } else {
            for (int k = keys.start(c); k < keys.start(c) + keys.writes(c); k++) {
              chunks.wrote(thread, keys.hash(k));
            }
          }
        }
      } else {
        for (int c = 0; c < keys.calls(); c++) {
          for (int k = keys.start(c); k < keys.start(c) + keys.writes(c); k++) {
            chunks.wrote(thread, keys.hash(k));
          }
        }
      }
      planned = true;
      return true;
    } finally {
      // Even when failing: the chain goes on in order (the next chunk waits for this one), and a
      // chunk that did not plan cuts the run there (the executor rethrows the failure after the join).
      if (!waited) {
        chunks.awaitPlanned(thread, start);
      }
      if (!planned) {
        chunks.cut(start);
      }
      chunks.planned(end);
      clock.mark(thread, Phase.PLAN);
    }
  }

  /** Whether one of call {@code c}'s keys is one this lane's chunk must not touch. */
  private boolean taken(Chunks chunks, int c) {
    for (int k = keys.start(c); k < keys.start(c + 1); k++) {
      if (chunks.taken(thread, keys.hash(k))) {
        return true;
      }
    }
    return false;
  }

  /** Defers call {@code c} of the chunk starting at {@code start}: every key of it becomes a deferred key. */
  private void defer(Chunks chunks, int start, int c) {
    if (deferredCount == deferred.length) {
      deferred = Arrays.copyOf(deferred, 2 * deferredCount);
    }
    deferred[deferredCount++] = start + c;
    for (int k = keys.start(c); k < keys.start(c + 1); k++) {
      chunks.deferKey(keys.hash(k));
    }
  }

  /** The buffer of the calls this lane ran in the last run; null when it ran none. */
  StateTable writes() {
    return writes;
  }

  /** How many calls this lane ran in the last run (deferred ones not counted). */
  int ran() {
    return ran;
  }

  /** How many calls this lane deferred in the last run. */
  int deferredCount() {
    return deferredCount;
  }

  /** The block index of deferred call {@code i} of this lane (increasing with {@code i}). */
  int deferred(int i) {
    return deferred[i];
  }
}
