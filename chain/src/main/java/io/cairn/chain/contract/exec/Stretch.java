package io.cairn.chain.contract.exec;

import io.cairn.chain.contract.AccessSet;
import io.cairn.chain.contract.ContractCall;
import io.cairn.chain.contract.Receipt;
import io.cairn.chain.contract.StateKey;
import io.cairn.chain.contract.StateReader;
import io.cairn.chain.contract.ExecutorPhases.Count;
import io.cairn.chain.contract.ExecutorPhases.Phase;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
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
 *       of an earlier stretch, or one of the keys it writes is in the {@link #laterReads} table of
 *       an earlier stretch (session 19), or one of its keys is a key of an earlier deferred call
 *       of stretch {@code t}. Stretch 0 defers nothing in planning (calls of a chunk another thread
 *       took may be deferred after it ran, see below);
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
 * <p>Deciding after running ({@link DeclaredSetExecutor.Deciding}), a stretch runs its calls
 * first and applies the rule after them: a
 * deferred call's first run read what it may not, so its writes are taken back out of the buffer
 * ({@link UndoLog}) and its receipt is replaced when the executor reruns it. No call that stays
 * read a deferred call's write: it would share the deferred call's key and be deferred too.
 *
 * <p><b>Its tail taken by a thread that finished first</b> (session 18, deciding first only). The
 * stretch runs its calls chunk by chunk ({@code chunk} calls each), claiming each chunk from the
 * front; a thread whose own stretch is done takes chunks from the back ({@link #steal}) and runs
 * them into a buffer of its own, so that the threads end together however their speeds moved since
 * the cut was decided. The planning pass marks ({@link StretchConflicts}) each call that stays and
 * conflicts with a call of this stretch before it that stays: they share a key that one of them
 * writes. Since session 19 such a call in a chunk that was taken is <em>deferred</em> (the thief
 * skips it, the executor runs it after the threads with the others, {@link #deferTaken}) instead of
 * keeping its chunk from being taken; so that a later stretch never runs a call that conflicts with
 * it, the keys such a call writes are in {@link #later} (as every written key) and the keys it only
 * reads in {@link #laterReads}, which defers a later stretch's call that writes one of them. A
 * chunk with too many such calls is pinned and never taken. The calls a thief runs thus read
 * nothing the stretch's earlier calls write and write nothing they touch, their writes go to a
 * buffer no other call of the run reads before the deferred calls, and the owner never runs a chunk
 * after a taken one (it claims from the front). So every result stays serial's (the argument is in
 * docs/contracts.md, "session 19").
 *
 * <p><b>The planning pass, so that the next stretch waits least</b> (session 20). Every stretch
 * collects its calls' keys into flat arrays ({@link CallKeys}) and marks their conflicts in one
 * pass, the call then in its core's cache. Stretch 0 defers nothing, so its {@link #later} table is
 * the set of its written keys that the marking builds anyway: it is that set. A later stretch marks
 * its calls before it waits for the stretch before it (the marks of the calls that stay do not
 * depend on which calls are deferred: see {@link StretchConflicts}), and takes the deferred calls'
 * marks back after deciding; until session 19 it collected, waited, decided and only then marked.
 *
 * <p>Thread-safety: {@link #cover} by the caller before the threads start; {@link #plan} and
 * {@link #run} by the stretch's own thread; {@link #later} read by later stretches' threads
 * after {@link #awaitPlanned}; {@link #steal} and {@link #runStolen} by other threads after {@link
 * #planned}, through the {@link #ends} claim; the rest by the caller after the threads were joined.
 */
final class Stretch {
  /** Keys later stretches check their calls against (see the class comment). */
  private final KeySet later = new KeySet();
  /** The keys of this stretch's deferred calls so far. */
  private final KeyTable deferredKeys = new KeyTable();
  /** The declared keys of this stretch's calls (every stretch when planning first, else those after the first). */
  private final CallKeys keys = new CallKeys();
  /** What this stretch's calls overwrote in its buffer (stretches after the first). */
  private final UndoLog undo = new UndoLog();
  private long waited;
  private int[] deferred = new int[16];
  private int deferredCount;
  private int from;
  private int to;
  /**
   * Whether this stretch, or one before it, found a barrier in an open run (see {@link #plan}):
   * then it ran nothing. Written before {@link #planned}, read after it.
   */
  private boolean cut;
  private StateTable writes;
  /** The run whose {@link #later} table is complete. */
  private volatile long planned = -1;
  /** The thread of the next stretch while it is parked in {@link #awaitPlanned}. */
  private volatile Thread waiter;
  /** The executor's clock, and this stretch's thread in it. */
  private final PhaseClock clock;
  private final int thread;
  /** How long {@link #awaitPlanned} spins before it parks. */
  private static final long SPIN_NANOS = Workers.SPIN_NANOS;
  /** Calls per chunk (the last may be shorter): the unit a thread that finished first takes. */
  private final int chunk;
  /**
   * The calls of this stretch that conflict with an earlier call of it, per chunk (session 19): a
   * chunk another thread takes runs without them, and a chunk holding too many is pinned.
   */
  private final StretchConflicts conflicts;
  /**
   * The keys a call with a conflict mark only reads (session 19): such a call may be deferred if its
   * chunk is taken, so a later stretch's call that writes one of them is deferred (see the class
   * comment). Read by later stretches after {@link #awaitPlanned}, only when {@link #laterReadsUsed}.
   */
  private final KeySet laterReads = new KeySet();
  /** Whether {@link #laterReads} holds a key in this run (it is emptied and sized at its first add). */
  private boolean laterReadsUsed;
  /** The chunks of the last planned run (0 when cut, or deciding after running). */
  private int plannedChunks;
  /** How many calls {@link #deferTaken} deferred in the last run. */
  private int deferredTaken;
  /**
   * The chunks not yet claimed: the next the owner runs in the high 32 bits, the first taken from
   * the back in the low 32; set when the stretch is planned (empty until then and when cut).
   */
  private final AtomicLong ends = new AtomicLong();
  /** How many calls of this stretch its own thread ran or skipped (its chunks), for the cut's speeds. */
  private int ownCalls;
  /**
   * Per other stretch, the buffer of the chunks this stretch's thread took from it; null while none.
   * One per victim: a chunk taken from a later stretch may write a key that one taken from an
   * earlier stretch only reads (the earlier's {@link #later} table holds writes), and must not be
   * read by it.
   */
  private StateTable[] stolen = new StateTable[0];
  private int stolenCalls;
  /** Reads ahead for each chunk this stretch's thread runs (session 21); see {@link #warmer}. */
  private Warmer warmer;

  /** A stretch that measures no phases (tests). */
  Stretch() {
    this(PhaseClock.OFF, 0);
  }

  /** A stretch run by thread {@code thread} of the executor whose phases {@code clock} measures. */
  Stretch(PhaseClock clock, int thread) {
    this(clock, thread, 128);
  }

  /** As {@link #Stretch(PhaseClock, int)}, other threads taking chunks of {@code chunk} calls. */
  Stretch(PhaseClock clock, int thread, int chunk) {
    this(clock, thread, chunk, defaultDeferLimit(chunk));
  }

  /**
   * As {@link #Stretch(PhaseClock, int, int)}; a chunk holding more than {@code deferLimit} calls
   * that share a key with an earlier call of the stretch is never taken (0: none that holds one, as
   * in session 18).
   */
  Stretch(PhaseClock clock, int thread, int chunk, int deferLimit) {
    this.clock = clock;
    this.thread = thread;
    this.chunk = Math.max(1, chunk);
    this.conflicts = new StretchConflicts(this.chunk, Math.max(0, deferLimit));
  }

  /**
   * A sixteenth of a chunk (at least one): at 1 % conflicts a chunk of 128 holds about 1.3 hot calls,
   * at 10 % about 13; a thief defers at most this share of what it takes.
   */
  static int defaultDeferLimit(int chunk) {
    return Math.max(1, chunk / 16);
  }

  /** This stretch takes calls {@code from..to-1} of the block in the next run. */
  void cover(int from, int to) {
    this.from = from;
    this.to = to;
  }

  /**
   * Decides which of this stretch's calls to defer and fills the {@link #later} table (when
   * {@code hasLater}), after the stretch before it did ({@code index} is this stretch's position),
   * without running anything: the decision {@link #run} takes after running the calls, alone (the
   * tests check the rule on it). Marks run {@code run} planned, even when failing.
   *
   * <p>With {@code open} the calls are not known to be a run (the executor did not look at them
   * before the hand-off): a stretch that finds a call that may not be in one (no declared sets,
   * or a deployment) in its pass, or follows a stretch that is {@link #cut}, is cut itself and
   * defers and runs nothing. The stretches before the first cut one are then a run of their own.
   */
  void plan(List<ContractCall> calls, Stretch[] stretches, int index, boolean hasLater, long run, boolean open) {
    waited = 0;
    try {
      start(hasLater);
      startChunks(index == 0 && hasLater ? later : null);
      keys.begin(to - from);
      for (int i = from; i < to; i++) {
        ContractCall call = calls.get(i);
        if (open && !DeclaredSetExecutor.declaredCall(call)) {
          cut = true;
          return;
        }
        keys.add(call);
        // A later stretch marks its calls before it waits: the marks do not depend on which are deferred.
        markConflicts(i - from, hasLater);
      }
      if (index == 0) {
        return; // it defers nothing: later holds its written keys (conflicts wrote them there)
      }
      clock.mark(thread, Phase.PLAN);
      stretches[index - 1].awaitPlanned(run); // delays this stretch's end: not left out of its time (waited stays 0)
      clock.mark(thread, Phase.WAIT_PLAN);
      if (stretches[index - 1].cut) {
        cut = true;
        return;
      }
      check(stretches, index, hasLater);
      for (int d = 0; d < deferredCount; d++) {
        conflicts.unmark(deferred[d] - from); // deferred in planning: no thief needs to skip it
      }
    } finally {
      if (!cut) {
        plannedChunks = chunks();
        ends.set((long) 0 << 32 | plannedChunks);
        if (clock.on()) {
          countChunks();
        }
      }
      clock.mark(thread, Phase.PLAN);
      markPlanned(run);
    }
  }

  /** Counts this run's chunks and pinned ones (phases measured). */
  private void countChunks() {
    int pinnedChunks = 0;
    for (int c = 0; c < plannedChunks; c++) {
      if (conflicts.pinned(c)) {
        pinnedChunks++;
      }
    }
    clock.count(thread, Count.CHUNKS, plannedChunks);
    clock.count(thread, Count.PINNED, pinnedChunks);
    clock.count(thread, Count.DEFERRED_PLANNED, deferredCount);
  }

  /**
   * Before planning: no chunk claimed (none can be until planned), none pinned, nothing taken; the
   * conflicts' written keys go into {@code written} (stretch 0's {@link #later}) or a set of their own.
   */
  private void startChunks(KeySet written) {
    ends.set(0);
    plannedChunks = 0;
    deferredTaken = 0;
    conflicts.begin(to - from, written);
    laterReadsUsed = false;
    ownCalls = 0;
  }

  /** Adds a key a marked call only reads to {@link #laterReads}, emptying and sizing it at the run's first. */
  private void addLaterRead(long hash) {
    if (!laterReadsUsed) {
      laterReads.clear(to - from);
      laterReadsUsed = true;
    }
    laterReads.add(hash);
  }

  /** How many chunks the stretch has. */
  private int chunks() {
    return (to - from + chunk - 1) / chunk;
  }

  /**
   * Gives collected call {@code c} to {@link #conflicts}: marked if it conflicts with an earlier
   * call of the stretch, and then (when {@code hasLater}) the keys it only reads go into {@link
   * #laterReads} (its written keys are in {@link #later} as every written key).
   */
  private void markConflicts(int c, boolean hasLater) {
    int first = keys.start(c);
    int reads = first + keys.writes(c); // the call's written keys come first
    int end = keys.start(c + 1);
    boolean hit = false; // probed before any key of the call is added (a key may be in both its sets)
    for (int k = first; k < end; k++) {
      hit |= k < reads ? conflicts.probeWrite(keys.hash(k)) : conflicts.probeRead(keys.hash(k));
    }
    for (int k = first; k < end; k++) {
      if (k < reads) {
        conflicts.wrote(keys.hash(k));
      } else {
        conflicts.read(keys.hash(k));
      }
    }
    if (hit) {
      conflicts.mark(c);
      if (hasLater) {
        for (int k = reads; k < end; k++) {
          addLaterRead(keys.hash(k));
        }
      }
    }
  }

  /**
   * Runs this stretch's calls in block order, each reading this stretch's buffer, then {@code
   * earlier}, then {@code base}, and puts their receipts into {@code receipts}; then, for a stretch
   * after the first, waits until the stretch before it is planned, decides which calls to defer
   * exactly as {@link #plan} does, and takes the deferred calls' writes back out of the buffer
   * ({@link UndoLog}); their receipts are the executor's to replace. Marks run {@code run}
   * planned, even when failing, so that no later stretch waits forever.
   *
   * <p>Running first and deciding after lets every thread start at once, with no pass over its
   * calls before the first one runs: each call's keys are collected (or, in the first stretch,
   * added to {@link #later}) just before it runs, while it is in this core's cache. A deferred
   * call thus runs twice, once here for nothing; the deferred ones are a share of the block about
   * the conflict rate. With {@code planFirst} the stretch decides first ({@link #plan}) and runs
   * only the calls that are not deferred: what a run with many conflicts should do.
   */
  void run(List<ContractCall> calls, Stretch[] stretches, int index, boolean hasLater, long run, boolean planFirst,
      boolean open, CallRunner runner, Receipt[] receipts, StateTable earlier, StateReader base) {
    if (planFirst) {
      plan(calls, stretches, index, hasLater, run, open);
      if (cut) {
        writes = null;
      } else {
        runPlanned(calls, runner, receipts, earlier, base);
      }
      return;
    }
    assert !open : "an open run decides before running";
    waited = 0;
    ends.set(0); // deciding after running, no chunk is taken by another thread
    laterReadsUsed = false;
    plannedChunks = 0;
    deferredTaken = 0;
    try {
      start(hasLater);
      StateTable own = new StateTable(2 * (to - from) + 16, CallView.DELETED);
      ReadSource source = new Overlay(own, earlier, base);
      CallView view = new CallView(); // each call's writes move into the stretch's table at once
      if (index > 0) {
        keys.begin(to - from);
        undo.clear();
      }
      for (int i = from; i < to; i++) {
        if ((i - from) % Warmer.BATCH == 0) {
          warmer(runner).warm(calls, i, Math.min(to, i + Warmer.BATCH), own, base);
        }
        ContractCall call = calls.get(i);
        if (index > 0) {
          keys.add(call);
        } else if (hasLater) {
          addWrites(call);
        }
        receipts[i] = runner.run(call, source, view);
        assert receipts[i] != null : "a stretch's source never blocks";
        if (index > 0) {
          undo.putInto(own, i, view.kept());
        } else {
          view.kept().putInto(own);
        }
      }
      writes = own;
      ownCalls = to - from;
      clock.ran(thread, to - from);
      if (index > 0) {
        clock.mark(thread, Phase.RUN);
        long waitFrom = System.nanoTime();
        stretches[index - 1].awaitPlanned(run);
        waited = System.nanoTime() - waitFrom;
        clock.mark(thread, Phase.WAIT_PLAN);
        check(stretches, index, hasLater);
        undo.revert(own, deferred, deferredCount);
        clock.mark(thread, Phase.PLAN);
      }
    } finally {
      clock.mark(thread, Phase.RUN); // stretch 0's whole run
      markPlanned(run);
    }
  }

  /** Runs this stretch's calls that {@link #plan} did not defer, in block order, as {@link #run} does. */
  private void runPlanned(List<ContractCall> calls, CallRunner runner, Receipt[] receipts,
      StateTable earlier, StateReader base) {
    StateTable own = new StateTable(2 * (to - from) + 16, CallView.DELETED);
    ReadSource source = new Overlay(own, earlier, base);
    CallView view = new CallView();
    int next = 0; // the next deferred call
    int ran = 0;
    for (int c = claimFront(); c >= 0; c = claimFront()) {
      int end = Math.min(to, from + (c + 1) * chunk);
      warmer(runner).warm(calls, from + c * chunk, end, own, base);
      for (int i = from + c * chunk; i < end; i++) {
        if (next < deferredCount && deferred[next] == i) {
          next++;
          continue;
        }
        receipts[i] = runner.run(calls.get(i), source, view);
        assert receipts[i] != null : "a stretch's source never blocks";
        view.kept().putInto(own);
        ran++;
      }
      ownCalls = end - from;
    }
    writes = own;
    clock.ran(thread, ran);
    clock.mark(thread, Phase.RUN);
  }

  /** The owner claims the next chunk from the front; -1 once the front met the chunks taken from the back. */
  private int claimFront() {
    while (true) {
      long now = ends.get();
      int front = (int) (now >>> 32);
      int back = (int) now;
      if (front >= back) {
        return -1;
      }
      if (ends.compareAndSet(now, (long) (front + 1) << 32 | back)) {
        return front;
      }
    }
  }

  /**
   * Another thread, done with its own stretch, takes this stretch's last unclaimed chunk if it may
   * (see the class comment): its index, or -1 when there is none it may take (this stretch cut,
   * every chunk claimed, or the last one {@link #pinned}). Waits until this stretch is planned for
   * run {@code run} (it always is, failing or not; a thread descheduled in its plan is waited for).
   */
  int steal(long run) {
    for (int idle = 0; planned != run; ) {
      idle = Backoff.pause(idle);
    }
    while (true) {
      long now = ends.get();
      int front = (int) (now >>> 32);
      int back = (int) now;
      if (front >= back || conflicts.pinned(back - 1)) {
        return -1;
      }
      if (ends.compareAndSet(now, (long) front << 32 | (back - 1))) {
        return back - 1;
      }
    }
  }

  /**
   * Runs chunk {@code c} of {@code victim} (stretch {@code v} of {@code stretches} in all), taken by
   * {@link #steal}, on this stretch's thread: its calls that stay, in block order, into this
   * thread's buffer of chunks taken from that stretch ({@link #stolen}); a call with its {@link
   * #conflicts} mark is skipped (deferred: see {@link #deferTaken}).
   */
  void runStolen(Stretch victim, int v, int stretches, int c, List<ContractCall> calls, CallRunner runner,
      Receipt[] receipts, StateTable earlier, StateReader base) {
    if (stolen.length < stretches) {
      stolen = Arrays.copyOf(stolen, stretches);
    }
    if (stolen[v] == null) { // sized for half what the victim had left (two keys a call): the thief's share, if even
      long left = victim.ends.get();
      stolen[v] = new StateTable((int) Math.min(2L * (victim.to - victim.from),
          (long) ((int) left - (int) (left >>> 32) + 1) * victim.chunk + 16), CallView.DELETED);
    }
    StateTable into = stolen[v];
    ReadSource source = new Overlay(into, earlier, base);
    CallView view = new CallView();
    int start = victim.from + c * victim.chunk;
    int end = Math.min(victim.to, start + victim.chunk);
    warmer(runner).warm(calls, start, end, into, base);
    int next = Arrays.binarySearch(victim.deferred, 0, victim.deferredCount, start);
    next = next < 0 ? -next - 1 : next; // the first deferred call at or after start
    int ran = 0;
    for (int i = start; i < end; i++) {
      if (next < victim.deferredCount && victim.deferred[next] == i) {
        next++;
        continue;
      }
      if (victim.conflicts.marked(i - victim.from)) {
        continue; // conflicts with an earlier call of its stretch: deferred (deferTaken)
      }
      receipts[i] = runner.run(calls.get(i), source, view);
      assert receipts[i] != null : "a stretch's source never blocks";
      view.kept().putInto(into);
      ran++;
    }
    stolenCalls += ran;
    clock.ran(thread, ran);
    clock.count(thread, Count.TAKEN, 1);
  }

  /**
   * After the join: adds to the deferred calls, in block order, every call with its {@link #conflicts}
   * bit in a chunk another thread took (the thief skipped it); returns how many. Every chunk from
   * the first taken one to the last was taken (the owner claims from the front, thieves from the
   * back), so the owner ran none of them.
   */
  int deferTaken() {
    if (plannedChunks == 0) {
      return 0;
    }
    int firstTaken = (int) ends.get(); // the back: chunks at or after it were taken
    int start = firstTaken * chunk; // from the stretch's first call
    int extra = 0;
    for (int c = firstTaken; c < plannedChunks; c++) {
      extra += conflicts.markedIn(c);
    }
    if (extra == 0) {
      return 0;
    }
    if (deferred.length < deferredCount + extra) {
      deferred = Arrays.copyOf(deferred, Math.max(deferredCount + extra, 2 * deferred.length));
    }
    // Merge from the back: the planned deferred calls (none is marked: defer took their marks back) and the taken ones.
    int write = deferredCount + extra;
    int planned = deferredCount - 1;
    for (int i = to - from - 1; i >= start; i--) {
      if (conflicts.marked(i)) {
        while (planned >= 0 && deferred[planned] > from + i) {
          deferred[--write] = deferred[planned--];
        }
        deferred[--write] = from + i;
      }
    }
    assert write == planned + 1 : "every call merged once";
    deferredCount += extra;
    deferredTaken = extra;
    return extra;
  }

  /** How many chunks of the last run other threads took from this stretch. */
  int takenFrom() {
    return plannedChunks == 0 ? 0 : plannedChunks - (int) ends.get();
  }

  /** How many calls {@link #deferTaken} added in the last run. */
  int deferredTaken() {
    return deferredTaken;
  }

  /** Before a run: forgets the chunks this stretch's thread took in the last one. */
  void forgetStolen() {
    Arrays.fill(stolen, null);
    stolenCalls = 0;
  }

  /** The buffer of the chunks this stretch's thread took from stretch {@code v} in the last run; null if none. */
  StateTable stolenWrites(int v) {
    return v < stolen.length ? stolen[v] : null;
  }

  /** How many calls this stretch's thread ran of chunks it took from others in the last run. */
  int stolenCalls() {
    return stolenCalls;
  }

  /** How many of its calls (deferred ones included) this stretch's own thread covered in the last run. */
  int ownCalls() {
    return ownCalls;
  }

  /** Nanoseconds the last {@link #run} waited for the stretch before it. */
  long waited() {
    return waited;
  }

  private void start(boolean hasLater) {
    cut = false;
    if (hasLater) {
      later.clear(2 * (to - from)); // a transfer writes two keys
    }
    deferredKeys.clear();
    deferredCount = 0;
  }

  /** Adds the keys {@code call} (declared) writes to {@link #later}. */
  private void addWrites(ContractCall call) {
    AccessSet declared = call.declaredOrNull();
    long contract = KeyTable.contractHash(call.contract());
    for (int w = 0; w < declared.writeCount(); w++) {
      later.add(KeyTable.hash(contract, declared.writeHash(w)));
    }
  }

  /** Applies the deferral rule to the collected {@link #keys}, the earlier stretches planned. */
  private void check(Stretch[] stretches, int index, boolean hasLater) {
    for (int c = 0; c < keys.calls(); c++) {
      if (dependsOnEarlier(c, stretches, index)) {
        defer(c, hasLater);
      } else if (hasLater) {
        for (int k = keys.start(c); k < keys.start(c) + keys.writes(c); k++) {
          later.add(keys.hash(k));
        }
      }
    }
  }

  /** This stretch's buffer after {@link #run}: the net writes of its calls that were not deferred. */
  StateTable writes() {
    return writes;
  }

  /** Whether the last {@link #plan} of an open run cut this stretch: it ran nothing, and has no {@link #writes}. */
  boolean cut() {
    return cut;
  }

  /** The block index of this stretch's first call. */
  int start() {
    return from;
  }

  /** How many calls the stretch covers, deferred ones included. */
  int size() {
    return to - from;
  }

  /** How many calls were deferred. */
  int deferredCount() {
    return deferredCount;
  }

  /** This stretch's thread's read-ahead for the calls {@code runner} runs (the executor's, made at the first chunk). */
  private Warmer warmer(CallRunner runner) {
    if (warmer == null || !warmer.readsAheadFor(runner)) {
      warmer = new Warmer(runner);
    }
    return warmer;
  }

  /** The block indexes of the deferred calls, the first {@link #deferredCount} of the array (read only). */
  int[] deferredIndexes() {
    return deferred;
  }

  /** The block index of deferred call {@code i} (increasing with {@code i}). */
  int deferred(int i) {
    return deferred[i];
  }

  private boolean dependsOnEarlier(int call, Stretch[] stretches, int index) {
    int reads = keys.start(call) + keys.writes(call); // the call's written keys come first
    for (int k = keys.start(call); k < keys.start(call + 1); k++) {
      long hash = keys.hash(k);
      if (deferredCount > 0 && deferredKeys.contains(hash)) {
        return true;
      }
      for (int s = 0; s < index; s++) {
        if (stretches[s].later.contains(hash)
            || k < reads && stretches[s].laterReadsUsed && stretches[s].laterReads.contains(hash)) {
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
   * Waits until run {@code run} is {@link #plan planned} here: a short spin (the stretches are cut
   * to finish together), then parked until the planning thread wakes it, so that a loaded machine
   * does not spend a core on the wait.
   */
  private void awaitPlanned(long run) {
    if (!Backoff.spinWhile(() -> planned != run, SPIN_NANOS)) {
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
