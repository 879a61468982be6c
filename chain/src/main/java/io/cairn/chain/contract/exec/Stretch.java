package io.cairn.chain.contract.exec;

import io.cairn.chain.contract.AccessSet;
import io.cairn.chain.contract.ContractCall;
import io.cairn.chain.contract.Receipt;
import io.cairn.chain.contract.StateKey;
import io.cairn.chain.contract.StateReader;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * One thread's share of a run of calls with declared sets in the {@link DeclaredSetExecutor}: a
 * contiguous stretch of the run, which that thread runs in block order into its own write buffer,
 * exactly as the serial executor would run that slice of the block alone. What it cannot run
 * there is a call that may see a write of an earlier stretch: such a call is <em>deferred</em>,
 * and the executor runs the deferred calls of all stretches after the threads, in block order.
 *
 * <p>The contract, for stretches 0..T-1 of one run in block order ("keys" are declared keys,
 * compared by {@link KeyTable#hash}):
 *
 * <ul>
 *   <li>a call of stretch {@code t} is deferred iff one of its keys is in the {@link #later} table
 *       of an earlier stretch, or is a key of an earlier deferred call of stretch {@code t}.
 *       Stretch 0 defers nothing;
 *   <li>the {@code later} table of a stretch holds every key written by any of its calls and
 *       every key of its deferred calls.
 * </ul>
 *
 * <p>Hence a call that is not deferred reads exactly what serial execution gives it: no call of an
 * earlier stretch writes its keys, and every earlier call of its own stretch that does ran before
 * it into the same buffer. The writes that are not deferred of any one key come from one stretch
 * only, and every deferred call touching that key comes after them in block order (see {@code
 * docs/contracts.md}), so the deferred calls, run in block order over the union of the buffers,
 * read what serial execution gives them too. Equal 64-bit hashes of different keys only defer more.
 *
 * <p>Thread-safety: {@link #cover} by the caller before the threads start; {@link #plan} and
 * {@link #execute} by the stretch's own thread; {@link #later} read by later stretches' threads
 * after {@link #awaitPlanned}; the rest by the caller after the threads were joined.
 */
final class Stretch {
  /** Keys later stretches check their calls against (see the class comment). */
  private final KeySet later = new KeySet();
  /** The keys of this stretch's deferred calls so far. */
  private final KeyTable deferredKeys = new KeyTable();
  /** The declared keys of this stretch's calls (stretches after the first). */
  private final CallKeys keys = new CallKeys();
  private int[] deferred = new int[16];
  private int deferredCount;
  private int from;
  private int to;
  private Map<StateKey, byte[]> writes = Map.of();
  /** The run whose {@link #later} table is complete. */
  private volatile long planned = -1;
  /** The thread of the next stretch while it is parked in {@link #awaitPlanned}. */
  private volatile Thread waiter;
  /** Spins of {@link #awaitPlanned} before it parks (a few tens of microseconds). */
  private static final int SPINS = 2_048;

  /** This stretch takes calls {@code from..to-1} of the block in the next run. */
  void cover(int from, int to) {
    this.from = from;
    this.to = to;
  }

  /**
   * Decides which of this stretch's calls to defer and fills the {@link #later} table (when
   * {@code hasLater}), after the stretch before it did ({@code index} is this stretch's position);
   * then marks run {@code run} planned, even when failing, so that no later stretch waits forever.
   */
  void plan(List<ContractCall> calls, Stretch[] stretches, int index, boolean hasLater, long run) {
    try {
      later.clear(2 * (to - from)); // a transfer writes two keys
      deferredKeys.clear();
      deferredCount = 0;
      if (index == 0) {
        if (hasLater) {
          for (int i = from; i < to; i++) {
            ContractCall call = calls.get(i);
            AccessSet declared = call.declared().orElseThrow();
            long contract = KeyTable.contractHash(call.contract());
            for (int w = 0; w < declared.writeCount(); w++) {
              later.add(KeyTable.hash(contract, declared.writeHash(w)));
            }
          }
        }
        return;
      }
      keys.collect(calls, from, to); // while the stretch before is planned; brings the calls into this core's cache
      stretches[index - 1].awaitPlanned(run);
      for (int c = 0; c < to - from; c++) {
        if (dependsOnEarlier(c, stretches, index)) {
          defer(c, hasLater);
        } else if (hasLater) {
          for (int k = keys.start(c); k < keys.start(c) + keys.writes(c); k++) {
            later.add(keys.hash(k));
          }
        }
      }
    } finally {
      markPlanned(run);
    }
  }

  /**
   * Runs this stretch's calls that are not deferred in block order, each reading this stretch's
   * buffer, then {@code earlier}, then {@code base}; puts their receipts into {@code receipts}.
   */
  void execute(List<ContractCall> calls, CallRunner runner, Receipt[] receipts, Map<StateKey, byte[]> earlier,
      StateReader base) {
    Map<StateKey, byte[]> own = HashMap.newHashMap(2 * (to - from) + 16);
    ReadSource source = key -> DeclaredSetExecutor.read(own, earlier, base, key);
    CallWrites buffer = new CallWrites(4); // each call's writes move into the stretch's map at once
    int next = 0; // the next deferred call
    for (int i = from; i < to; i++) {
      if (next < deferredCount && deferred[next] == i) {
        next++;
        continue;
      }
      Outcome outcome = runner.run(calls.get(i), source, buffer);
      assert !outcome.blocked() : "a stretch's source never blocks";
      receipts[i] = outcome.receipt();
      outcome.writes().putInto(own);
    }
    writes = own;
  }

  /** This stretch's buffer after {@link #execute}: the net writes of its calls that were not deferred. */
  Map<StateKey, byte[]> writes() {
    return writes;
  }

  /** How many calls the stretch covers, deferred ones included. */
  int size() {
    return to - from;
  }

  /** How many calls were deferred. */
  int deferredCount() {
    return deferredCount;
  }

  /** The block index of deferred call {@code i} (increasing with {@code i}). */
  int deferred(int i) {
    return deferred[i];
  }

  private boolean dependsOnEarlier(int call, Stretch[] stretches, int index) {
    for (int k = keys.start(call); k < keys.start(call + 1); k++) {
      long hash = keys.hash(k);
      if (deferredCount > 0 && deferredKeys.contains(hash)) {
        return true;
      }
      for (int s = 0; s < index; s++) {
        if (stretches[s].later.contains(hash)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Defers call {@code call} of this stretch (counted from its first). */
  private void defer(int call, boolean hasLater) {
    if (deferredCount == deferred.length) {
      deferred = Arrays.copyOf(deferred, 2 * deferredCount);
    }
    deferred[deferredCount++] = from + call;
    for (int k = keys.start(call); k < keys.start(call + 1); k++) {
      deferredKeys.intern(keys.hash(k));
      if (hasLater) {
        later.add(keys.hash(k));
      }
    }
  }

  /**
   * Waits until run {@code run} is {@link #plan planned} here: a short spin (planning is one pass
   * over a stretch's keys, and the waiting thread collects its own keys first), then parked until
   * the planning thread wakes it, so that a loaded machine does not spend a core on the wait.
   */
  private void awaitPlanned(long run) {
    for (int spins = 0; spins < SPINS && planned != run; spins++) {
      Thread.onSpinWait();
    }
    if (planned == run) {
      return;
    }
    waiter = Thread.currentThread();
    while (planned != run) {
      LockSupport.park(this);
    }
    waiter = null;
  }

  /** Marks run {@code run} planned and wakes the thread waiting for it, if any. */
  private void markPlanned(long run) {
    planned = run;
    Thread waiting = waiter;
    if (waiting != null) {
      LockSupport.unpark(waiting);
    }
  }
}
