package io.cairn.chain.contract.exec;

import io.cairn.chain.contract.BlockResult;
import io.cairn.chain.contract.CodeBook;
import io.cairn.chain.contract.ContractCall;
import io.cairn.chain.contract.ExecutorPhases;
import io.cairn.chain.contract.ExecutorPhases.Count;
import io.cairn.chain.contract.ExecutorPhases.Phase;
import io.cairn.chain.contract.Receipt;
import io.cairn.chain.contract.StateKey;
import io.cairn.chain.contract.StateReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 001's task-parallel execution over declared read/write sets, with no synchronisation per
 * call. The block is cut into runs of calls that declare their sets; a call without declared sets,
 * and a deployment (it writes the binding every call of its contract reads), is a barrier run
 * alone between them. Each run is cut into one contiguous {@link Stretch} per thread (sized by
 * {@link StretchShares} so that the threads finish together); each thread
 * runs its stretch in block order into its own write buffer, reading its buffer, then what earlier
 * runs wrote, then the base state: the serial executor's loop on a slice of the block. A call
 * that declares a key an earlier stretch writes (or that touches a key of such a call) is
 * deferred; its thread learns this from the earlier stretches' key tables before running its
 * stretch (by default) or after it (then taking the deferred calls' writes back out of its
 * buffer; see {@link Deciding}). After the threads, the caller runs the deferred calls in block order over the union of
 * the buffers. Every call reads what serial execution gives it (a call cannot touch a key it did
 * not declare: it fails first), so receipts and writes are serial's by construction. At the end of
 * the block the buffers are the result's writes without a copy.
 *
 * <p>Deciding before running (the default), the caller hands a block of at least {@link
 * #PARALLEL_MIN} calls to the threads before it looks at any call: the whole block is taken as one
 * run, which the stretches' planning pass cuts short at the first barrier, if any (see {@link
 * Stretch#plan}); the caller then goes on from there as above.
 *
 * <p>A run shorter than {@link #PARALLEL_MIN} calls (by default) runs on the caller's thread alone.
 * Thread-safety: one block at a time.
 */
public final class DeclaredSetExecutor extends ParallelExecutor {
  /** Runs shorter than this are not worth waking the pool for. */
  public static final int PARALLEL_MIN = 64;

  /**
   * Share of a run's calls deferred above which the next run decides before running (see {@link
   * Stretch#run}): running first pays a deferred call twice, deciding first pays a pass over every
   * call's keys before the first one runs (a few percent of a transfer's cost on each thread).
   */
  static final double PLAN_FIRST_SHARE = 0.03;

  private final StretchShares shares;
  /** Reads ahead for the calls the caller's thread runs alone (see {@link #runSerial}). */
  private final Warmer warmer = new Warmer(runner);
  private final Deciding deciding;
  /** Whether the next parallel run decides its deferred calls before running (set from the last run). */
  private boolean planFirst;
  private Stretch[] stretches = new Stretch[0];
  private long round;
  private final int parallelMin;
  private final PhaseClock clock;
  /** Whether the caller runs the last stretch of a run ({@link CallerStretch#LAST}). */
  private final boolean callerLast;
  /** Whether a thread done with its stretch takes chunks of the others' (deciding first; session 18). */
  private final boolean steal;
  /** Calls per chunk a thread done first takes from another stretch. */
  private final int chunk;
  /** Whether a thread taking a chunk defers its calls that share a key with earlier ones (session 19). */
  private final boolean deferInTaken;
  /** Calls per such chunk, unless runs of fewer calls run on the threads (tests: smaller chunks). */
  static final int STEAL_CHUNK = 128;

  public DeclaredSetExecutor(CodeBook code, int threads) {
    this(code, threads, PARALLEL_MIN);
  }

  /** An executor that runs a run of at least {@code parallelMin} (&gt;= 1) calls on its threads (tests use 1). */
  public DeclaredSetExecutor(CodeBook code, int threads, int parallelMin) {
    this(code, threads, parallelMin, Deciding.BEFORE_RUNNING);
  }

  /** When a thread decides which calls of its stretch to defer (see {@link Stretch#run}). */
  public enum Deciding {
    /**
     * After running them when the last run deferred few calls, before when it deferred many (the
     * bench's {@code declared-after}; in loaded runs of session 7 it was slower than deciding
     * before at 0-1 % conflicts, so it is not the default).
     */
    ADAPTIVE,
    /** Always after running them (tests). */
    AFTER_RUNNING,
    /** Always before running them: the default. */
    BEFORE_RUNNING
  }

  /** As {@link #DeclaredSetExecutor(CodeBook, int, int)}, deciding deferrals as {@code deciding} says. */
  public DeclaredSetExecutor(CodeBook code, int threads, int parallelMin, Deciding deciding) {
    this(code, threads, parallelMin, deciding, false);
  }

  /** As {@link #DeclaredSetExecutor(CodeBook, int, int, Deciding)}, measuring its {@link #phases} when {@code measured}. */
  public DeclaredSetExecutor(CodeBook code, int threads, int parallelMin, Deciding deciding, boolean measured) {
    this(code, threads, parallelMin, deciding, measured, CallerStretch.FIRST);
  }

  /**
   * Which stretch of a run the caller's thread takes (session 11). The caller's core built the block
   * (decoded it, in a node), so it holds the block's last calls in its own caches, modified; a pool
   * thread that takes them fetches each line from that core. Taking the last stretch itself, the
   * caller leaves the pool threads the older calls, which its core has already written back.
   * Either way the stretches are the same and so is the result; only which thread runs which
   * stretch changes.
   */
  public enum CallerStretch {
    /** The caller runs stretch 0, pool thread {@code t} stretch {@code t}: the default. */
    FIRST,
    /** The caller runs the last stretch, pool thread {@code t} stretch {@code t - 1} (bench {@code declared-last}). */
    LAST
  }

  /** As {@link #DeclaredSetExecutor(CodeBook, int, int, Deciding, boolean)}, the caller taking {@code caller}'s stretch. */
  public DeclaredSetExecutor(CodeBook code, int threads, int parallelMin, Deciding deciding, boolean measured,
      CallerStretch caller) {
    this(code, threads, parallelMin, deciding, measured, caller, true);
  }

  /**
   * As {@link #DeclaredSetExecutor(CodeBook, int, int, Deciding, boolean, CallerStretch)}; with
   * {@code steal} false a thread done with its stretch waits for the others instead of taking chunks
   * of theirs (the cut fixed before the run, as until session 18: the bench's {@code declared-fixed}).
   */
  public DeclaredSetExecutor(CodeBook code, int threads, int parallelMin, Deciding deciding, boolean measured,
      CallerStretch caller, boolean steal) {
    this(code, threads, parallelMin, deciding, measured, caller, steal, true);
  }

  /**
   * As {@link #DeclaredSetExecutor(CodeBook, int, int, Deciding, boolean, CallerStretch, boolean)};
   * with {@code deferInTaken} false a chunk holding a call that shares a key with an earlier call
   * of its stretch is never taken (session 18's rule: the bench's {@code declared-pinned}), else
   * such calls of a taken chunk are deferred (session 19; see {@link Stretch}).
   */
  public DeclaredSetExecutor(CodeBook code, int threads, int parallelMin, Deciding deciding, boolean measured,
      CallerStretch caller, boolean steal, boolean deferInTaken) {
    super(deciding != Deciding.BEFORE_RUNNING ? "declared-after" : caller == CallerStretch.LAST ? "declared-last"
        : !steal ? "declared-fixed" : deferInTaken ? "declared" : "declared-pinned", code, threads);
    this.steal = steal;
    this.deferInTaken = deferInTaken;
    this.chunk = Math.min(STEAL_CHUNK, 2 * parallelMin);
    this.callerLast = caller == CallerStretch.LAST;
    this.deciding = deciding;
    this.planFirst = deciding == Deciding.BEFORE_RUNNING;
    if (parallelMin < 1) {
      throw new io.cairn.common.InvalidArgumentException("parallelMin must be at least 1, was " + parallelMin);
    }
    this.parallelMin = parallelMin;
    this.shares = new StretchShares(threads);
    this.clock = measured ? PhaseClock.measuring(threads) : PhaseClock.OFF;
  }

  @Override
  public ExecutorPhases phases() {
    return clock.snapshot();
  }

  @Override
  public BlockResult execute(List<ContractCall> calls, StateReader base) {
    clock.start(0);
    if (threads() == 1 || calls.size() < parallelMin) {
      // Every run would run on this thread, and so would every barrier between them: the block is
      // the serial executor's loop, with no pass to find the runs first (session 12; until then a
      // read of every call before the first one ran, on one thread and for short blocks).
      Receipt[] receipts = new Receipt[calls.size()];
      StateTable overlay = new StateTable(Math.min(2 * calls.size() + 16, SerialExecutor.OVERLAY_PRESIZE_MAX),
          CallView.DELETED);
      runSerial(calls, 0, calls.size(), receipts, overlay, base);
      clock.mark(0, Phase.RUN);
      return result(receipts, List.of(overlay), calls.size());
    }
    workers.wake(); // they spin while this thread prepares the block, instead of waking at its hand-off
    Receipt[] receipts = new Receipt[calls.size()];
    List<StateTable> parts = new ArrayList<>();
    int from = 0;
    StateTable earlier;
    if (deciding == Deciding.BEFORE_RUNNING) {
      // No pass over the block before the hand-off: the whole block is taken as one run, and the
      // stretches' planning pass cuts it short at its first barrier, if any (see Stretch#plan).
      from = runParallel(calls, 0, calls.size(), true, receipts, new StateTable(0, CallView.DELETED), base, parts);
      if (from == calls.size()) {
        return result(receipts, parts, calls.size()); // one run: its buffers are the result
      }
      earlier = new StateTable(Math.min(2 * calls.size() + 16, SerialExecutor.OVERLAY_PRESIZE_MAX), CallView.DELETED);
      parts.forEach(earlier::putAll);
      parts.clear();
    } else {
      // What finished runs wrote; sized as the serial executor's overlay (two keys per call) when a
      // run may end up in it, so that it does not grow as it fills.
      earlier = new StateTable(overlayKeys(calls), CallView.DELETED);
    }
    while (from < calls.size()) {
      int to = from;
      while (to < calls.size() && declaredCall(calls.get(to))) {
        to++;
      }
      boolean last = to == calls.size();
      if (to - from >= parallelMin && threads() > 1) {
        List<StateTable> buffers = new ArrayList<>(threads() + 1);
        runParallel(calls, from, to, false, receipts, earlier, base, buffers);
        if (last && earlier.size() == 0) {
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
      clock.mark(0, Phase.RUN);
      from = to;
    }
    if (parts.isEmpty()) {
      parts.add(earlier);
    }
    return result(receipts, parts, calls.size());
  }

  /** The block's result over its receipts and its write buffers (pairwise disjoint). */
  private BlockResult result(Receipt[] receipts, List<StateTable> parts, int calls) {
    BlockResult result = BlockResult.owning(receipts, Writes.union(parts));
    clock.mark(0, Phase.MERGE);
    clock.block(calls);
    return result;
  }

  /**
   * Keys to size the table of what finished runs wrote for (a block run on several threads): a
   * block that is one long run of declared calls (a block of transfers) never fills it; otherwise
   * as the serial executor's overlay.
   */
  private int overlayKeys(List<ContractCall> calls) {
    for (ContractCall call : calls) {
      if (!declaredCall(call)) {
        return Math.min(2 * calls.size() + 16, SerialExecutor.OVERLAY_PRESIZE_MAX);
      }
    }
    return 16;
  }

  /** Whether {@code call} may run in a run: it declares its sets and is not a deployment. */
  static boolean declaredCall(ContractCall call) {
    return call.kind() == ContractCall.Kind.CALL && call.declaredOrNull() != null;
  }

  /** Runs calls {@code from..to-1} in order on this thread, into {@code earlier}. */
  private void runSerial(List<ContractCall> calls, int from, int to, Receipt[] receipts,
      StateTable earlier, StateReader base) {
    ReadSource source = new Overlay(earlier, null, base);
    CallView view = new CallView(); // each call's writes move into earlier at once
    for (int i = from; i < to; i++) {
      if ((i - from) % Warmer.BATCH == 0) {
        warmer.warm(calls, i, Math.min(to, i + Warmer.BATCH), earlier, base);
      }
      receipts[i] = runner.run(calls.get(i), source, view);
      view.kept().putInto(earlier);
    }
    clock.ran(0, to - from);
  }

  /**
   * Runs calls {@code from..to-1} as one stretch per thread, then the deferred calls on this
   * thread; adds the write buffers (pairwise disjoint keys) to {@code into} and returns where the
   * run ended: {@code to}, unless {@code open} (the calls are not known to be a run) and a stretch
   * found a barrier, then the start of the first stretch that did (its calls and every later
   * stretch's are not run). Each thread puts its receipts straight into {@code receipts}, into its
   * own stretch of the array.
   */
  private int runParallel(List<ContractCall> calls, int from, int to, boolean open, Receipt[] receipts,
      StateTable earlier, StateReader base, List<StateTable> into) {
    int count = threads();
    Stretch[] own = stretches(count);
    for (int t = 0; t < count; t++) {
      own[t].cover(shares.start(t, from, to - from), shares.start(t + 1, from, to - from));
    }
    long run = ++round;
    boolean planFirst = this.planFirst;
    clock.mark(0, Phase.PREPARE);
    clock.handOff();
    // Each thread's time counts from the hand-off, not from its own start, so that a pool thread
    // that was parked and woke late gets a smaller share of the next run, and the threads still end
    // together.
    long handedOff = System.nanoTime();
    workers.runOnAll(count, t -> {
      if (t > 0) {
        clock.started(t);
      }
      int s = stretchOf(t);
      own[s].forgetStolen();
      own[s].run(calls, own, s, s < count - 1, run, planFirst, open, runner, receipts, earlier, base);
      shares.observe(s, own[s].cut() ? 0 : own[s].ownCalls(), System.nanoTime() - handedOff - own[s].waited());
      if (steal && planFirst) {
        takeChunks(own, s, run, calls, runner, receipts, earlier, base);
      }
      clock.mark(t, Phase.STEAL);
      clock.ended(t);
    });
    clock.mark(0, Phase.JOIN);
    clock.joined(count);
    int ran = count; // the stretches before the first that found a barrier
    while (ran > 0 && own[ran - 1].cut()) {
      ran--;
    }
    for (int t = 0; t < ran; t++) {
      // A call that shares a key with an earlier call of its stretch, in a chunk another thread
      // took, was skipped by the thief: it runs after the threads with the deferred calls (session 19).
      int taken = own[t].deferTaken();
      if (clock.on()) {
        int thread = threadOf(t);
        clock.count(thread, Count.TAKEN_FROM, own[t].takenFrom());
        clock.count(thread, Count.DEFERRED_TAKEN, taken);
      }
    }
    if (ran == count) {
      shares.update(); // a cut run teaches nothing about the threads' speeds
    }
    int deferred = 0;
    for (int t = 0; t < count; t++) {
      deferred += own[t].deferredCount();
    }
    if (deciding == Deciding.ADAPTIVE) {
      this.planFirst = deferred > PLAN_FIRST_SHARE * (to - from);
    }
    List<StateTable> buffers = into;
    for (int t = 0; t < ran; t++) {
      buffers.add(own[t].writes());
    }
    for (int t = 0; t < count; t++) { // a cut stretch's thread may have taken chunks of the others too
      for (int v = 0; v < count; v++) {
        if (own[t].stolenWrites(v) != null) {
          buffers.add(own[t].stolenWrites(v));
        }
      }
    }
    StateTable rerun = runDeferred(calls, own, ran, receipts, buffers, earlier, base);
    clock.mark(0, Phase.DEFERRED);
    if (rerun.size() > 0) {
      buffers.add(rerun);
    }
    return ran == count ? to : own[ran].start();
  }

  /**
   * Runs the deferred calls of every stretch in block order on this thread, each reading what the
   * deferred calls before it wrote, then the stretches' buffers, then {@code earlier}, then the
   * base state. A write of a key one of the buffers holds replaces the value there (the deferred
   * calls write it after every call that ran in a stretch, and it is in one buffer only); the
   * other writes go into the table returned, so that it and the buffers stay pairwise disjoint
   * with no pass to take its keys back out of them (until session 10, a look-up and a removal in
   * every buffer per key, 0.12 µs per transfer at 50 % conflicts, loaded).
   */
  private StateTable runDeferred(List<ContractCall> calls, Stretch[] own, int count, Receipt[] receipts,
      List<StateTable> buffers, StateTable earlier, StateReader base) {
    StateTable rerun = new StateTable(16, CallView.DELETED);
    Overlay beneath = new Overlay(earlier, null, base);
    ReadSource source = key -> {
      byte[] written = rerun.get(key);
      for (int b = 0; written == null && b < buffers.size(); b++) {
        written = buffers.get(b).get(key);
      }
      if (written != null) {
        return written == CallView.DELETED ? null : written;
      }
      return beneath.read(key);
    };
    CallView view = new CallView(); // each call's writes move into a buffer or rerun at once
    for (int t = 0; t < count; t++) { // stretch 0 defers only calls of chunks other threads took
      for (int d = 0; d < own[t].deferredCount(); d++) {
        if (d % Warmer.BATCH == 0) {
          warmer.warm(calls, own[t].deferredIndexes(), d, Math.min(own[t].deferredCount(), d + Warmer.BATCH), buffers,
              base);
        }
        int i = own[t].deferred(d);
        receipts[i] = runner.run(calls.get(i), source, view);
        assert receipts[i] != null : "the deferred calls' source never blocks";
        CallWrites writes = view.kept();
        for (int w = 0; w < writes.size(); w++) {
          StateKey key = writes.key(w);
          byte[] value = writes.value(w);
          boolean replaced = rerun.replace(key, value);
          for (int b = 0; !replaced && b < buffers.size(); b++) {
            replaced = buffers.get(b).replace(key, value);
          }
          if (!replaced) {
            rerun.put(key, value);
          }
        }
      }
    }
    return rerun;
  }

  /**
   * The thread of stretch {@code s}, done with it, takes chunks from the back of the others' until
   * none is left that it may take (see {@link Stretch}): the threads end together however their
   * speeds moved since the cut.
   */
  private static void takeChunks(Stretch[] own, int s, long run, List<ContractCall> calls, CallRunner runner,
      Receipt[] receipts, StateTable earlier, StateReader base) {
    boolean took = true;
    while (took) {
      took = false;
      for (int v = 0; v < own.length; v++) {
        int c = v == s ? -1 : own[v].steal(run);
        if (c >= 0) {
          own[s].runStolen(own[v], v, own.length, c, calls, runner, receipts, earlier, base);
          took = true;
        }
      }
    }
  }

  /** The thread that runs stretch {@code s} of a run (the inverse of {@link #stretchOf}). */
  private int threadOf(int s) {
    return callerLast ? (s + 1) % threads() : s;
  }

  /** The stretch of a run thread {@code t} (0: the caller) runs. */
  private int stretchOf(int t) {
    return callerLast ? (t + threads() - 1) % threads() : t;
  }

  /** The executor's {@code count} (its threads) stretches, made once, each knowing the thread that runs it. */
  private Stretch[] stretches(int count) {
    if (stretches.length < count) {
      stretches = new Stretch[count];
      for (int t = 0; t < count; t++) {
        stretches[stretchOf(t)] = new Stretch(clock, t, chunk, deferInTaken ? Stretch.defaultDeferLimit(chunk) : 0);
      }
    }
    return stretches;
  }
}
