package io.cairn.chain.contract.exec;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A run of calls with declared sets cut into contiguous <em>chunks</em> that the executor's
 * threads claim one at a time, in block order, while they run (session 18; {@link
 * DeclaredSetExecutor.Deciding#PER_CHUNK}): a thread that got through its chunk sooner, or a pool
 * thread that woke late, simply claims more, so the threads end together without a cut decided in
 * advance from the last run's speeds ({@link StretchShares}).
 *
 * <p>The chunks are {@link Stretch}es whose thread is chosen at claim time: the deferral rule is the
 * stretches' rule over the chunks in block order, with one relaxation: a thread's chunks share its
 * buffer, so a call need not be deferred for a key that only the same thread's earlier chunks wrote.
 * A chunk is <em>planned</em> after the chunk before it (the chain below), against the other
 * threads' {@link #written} sets and the run's {@link #deferredKeys}:
 *
 * <ul>
 *   <li>a call of a chunk run by thread {@code t} is deferred iff one of its keys is in {@link
 *       #deferredKeys} or in the {@link #written} set of another thread when it is checked;
 *   <li>{@code written(u)} holds every key written by a call that was not deferred in a chunk of
 *       thread {@code u} planned before; {@link #deferredKeys} every key of every call deferred so
 *       far (added as the call is deferred, so it defers a later call of its own chunk too).
 * </ul>
 *
 * <p>Why every call reads what serial execution gives it. A kept call c of thread t: a call before c
 * in block order that writes one of c's keys k either is deferred (then k is in {@link
 * #deferredKeys} and c is deferred: not the case), or was kept in a chunk of another thread (then k
 * is in that thread's set: not the case), or was kept by t, in an earlier chunk or earlier in c's
 * own: t ran it before c into the same buffer, and no kept call of another thread wrote k in
 * between (it would have been deferred for t's set, and k would then be a deferred key). So c reads
 * the last write before it. The kept writes of one key all come from one thread (a second thread's
 * kept writer would have been deferred), so the buffers are pairwise disjoint; and every deferred
 * call touching k comes after all of them in block order (a kept writer after a deferred call
 * touching k is deferred). So the deferred calls, run in block order after the threads over the
 * union of the buffers, each read what serial execution gives them, as the stretches' do. Equal
 * 64-bit hashes and the bitmaps' rare false "contained" only defer more.
 *
 * <p>With {@code open} (the caller did not look at the calls), the chunk that finds a barrier, and
 * every chunk after it, is cut: it defers and runs nothing, and the run ends at the cut chunk's
 * first call ({@link #end}).
 *
 * <p>Chunks are guided: a quarter of the calls left per thread, within [{@code min}, {@link
 * #MAX_CHUNK}] calls ({@code min} lowered in a run shorter than {@code 2 threads min} calls, so that
 * it still makes two chunks per thread), so that the first ones are long (few plans to wait for) and the last ones
 * short (the threads end within a short chunk of each other).
 *
 * <p>Thread-safety: {@link #begin} by the caller before the threads start; {@link #claim}, {@link
 * #awaitPlanned} and {@link #planned} by the threads; the chain's volatile {@link #plannedTo} orders
 * every access to {@link #later} (a thread reads and writes it only between {@link #awaitPlanned}
 * of its chunk and {@link #planned}); {@link #end} by the caller after the join.
 */
final class Chunks {
  /** The longest chunk. */
  static final int MAX_CHUNK = 1024;
  /** The next unclaimed call of the run. */
  private final AtomicInteger next = new AtomicInteger();
  /** Every chunk ending at or before this call is planned; a chunk starting here may plan. */
  private volatile int plannedTo;
  /** The first call of the first cut chunk, or the run's end. */
  private volatile int cutAt;
  /** Per thread, the keys its kept calls wrote (see the class comment); each written only by its thread. */
  private final KeySet[] written;
  /** Every key of every call deferred so far; written by whichever thread plans. */
  private final KeySet deferredKeys = new KeySet();
  /** How many keys the last run deferred: sizes {@link #deferredKeys}. */
  private int lastDeferredKeys;
  private int deferredKeyCount;
  /** Per thread, the thread while it is parked in {@link #awaitPlanned}. */
  private final AtomicReferenceArray<Thread> waiters;
  private final int threads;
  private final int min;
  /** The shortest chunk of this run: {@link #min}, or less in a short run so that every thread gets some. */
  private int shortest;
  private int from;
  private int to;

  /** Chunks for {@code threads} threads, none shorter than {@code min} calls unless the run is. */
  Chunks(int threads, int min) {
    this.threads = threads;
    this.min = Math.max(1, min);
    this.waiters = new AtomicReferenceArray<>(threads);
    this.written = new KeySet[threads];
    for (int t = 0; t < threads; t++) {
      written[t] = new KeySet();
    }
  }

  /** Starts run {@code from..to-1}: nothing claimed, nothing planned, nothing cut. */
  void begin(int from, int to) {
    this.from = from;
    this.to = to;
    shortest = Math.max(1, Math.min(min, (to - from) / (2 * threads)));
    int share = (to - from) * 6 / (5 * threads); // a thread's expected calls, with a fifth more
    for (KeySet set : written) {
      set.clear(2 * share); // a transfer writes two keys
    }
    lastDeferredKeys = Math.max(lastDeferredKeys, deferredKeyCount);
    deferredKeys.clear(Math.max(1024, 2 * Math.min(lastDeferredKeys, 2 * (to - from))));
    lastDeferredKeys = deferredKeyCount;
    deferredKeyCount = 0;
    cutAt = to;
    plannedTo = from;
    next.set(from); // the volatile write that publishes the fields above to the threads
  }

  /** The run's first call. */
  int from() {
    return from;
  }

  /**
   * Claims the next chunk: its first call in the high 32 bits, its end in the low ones; -1 once
   * every call is claimed or a chunk was cut.
   */
  long claim() {
    while (true) {
      int start = next.get();
      if (start >= to || cutAt < to) {
        return -1;
      }
      int end = start + size(to - start);
      if (next.compareAndSet(start, end)) {
        return (long) start << 32 | end;
      }
    }
  }

  /** The length of the next chunk when {@code left} calls are left. */
  int size(int left) {
    int size = Math.max(shortest, Math.min(MAX_CHUNK, left / (4 * threads)));
    return left - size < shortest ? left : size; // no tail shorter than the shortest chunk
  }

  /**
   * Thread {@code t} waits until every chunk before the one starting at {@code start} is planned:
   * a short spin (the chunk before is being planned, a few percent of a run), then parked until
   * the planning thread wakes it.
   */
  void awaitPlanned(int t, int start) {
    if (!Backoff.spinWhile(() -> plannedTo != start, Workers.SPIN_NANOS)) {
      return;
    }
    waiters.set(t, Thread.currentThread());
    while (plannedTo != start) {
      LockSupport.park(this);
    }
    waiters.set(t, null);
  }

  /** The chunk ending at {@code end} is planned: the next one may plan. Wakes the parked threads. */
  void planned(int end) {
    plannedTo = end;
    for (int t = 0; t < threads; t++) {
      Thread waiting = waiters.get(t);
      if (waiting != null) {
        LockSupport.unpark(waiting);
      }
    }
  }

  /** Cuts the chunk starting at {@code start} and every later one (by the chunk's planning thread). */
  void cut(int start) {
    cutAt = Math.min(cutAt, start);
  }

  /** Whether a chunk before the one being planned was cut (read after {@link #awaitPlanned}). */
  boolean cutBefore(int start) {
    return cutAt < start;
  }

  /** Whether {@code hash} is a key thread {@code t}'s chunk must not touch (while planning it). */
  boolean taken(int t, long hash) {
    if (deferredKeys.contains(hash)) {
      return true;
    }
    for (int u = 0; u < threads; u++) {
      if (u != t && written[u].contains(hash)) {
        return true;
      }
    }
    return false;
  }

  /** A deferred call's key (while planning its chunk). */
  void deferKey(long hash) {
    deferredKeys.add(hash);
    deferredKeyCount++;
  }

  /** A key a kept call of thread {@code t}'s chunk writes (while planning it). */
  void wrote(int t, long hash) {
    written[t].add(hash);
  }

  /** Where the run ended: its end, or the first call of the first cut chunk (after the join). */
  int end() {
    return cutAt;
  }
}
