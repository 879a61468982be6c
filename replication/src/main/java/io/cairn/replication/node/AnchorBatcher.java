package io.cairn.replication.node;

import io.cairn.chain.api.AnchorEntry;
import io.cairn.chain.api.AnchorTransaction;
import io.cairn.chain.api.HashAlgorithm;
import io.cairn.chain.api.Identity;
import io.cairn.chain.api.RecordStore;
import io.cairn.chain.api.StoredRecord;
import io.cairn.chain.api.Transaction;
import io.cairn.common.CairnException;
import io.cairn.common.ClosedException;
import io.cairn.replication.api.TransactionReceipt;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of this node's own transactions. Clients' anchor calls arrive concurrently; one
 * thread takes every call waiting (up to {@link #RECORDS_PER_ROUND_MAX} records), stores all their
 * records with one synced write, signs them into as few anchoring transactions as the format
 * allows ({@link #ENTRIES_PER_TRANSACTION}), and hands those to the driver; then it goes on with
 * the next calls without waiting for the commit (rounds are pipelined), up to {@link
 * #ROUNDS_IN_FLIGHT_MAX} rounds not yet committed; beyond that it waits for the oldest to commit,
 * and the calls arriving meanwhile form the next, larger round. While a round is in flight, the
 * next one starts only when {@link RoundGate} says it pays for itself (enough records wait) or
 * its oldest call has waited the gate's bound: under a moderate load this halves the rounds, and
 * every round's fixed cost on every member with them. So the costs that were paid per
 * call — a record-store fsync, Ed25519 signatures (the transaction's, and the block's on the
 * leader) and their checks on every member, a log entry with its fsync and messages — are paid
 * per round, and a round grows with the load (without the bound, a loaded node cut a round, and
 * so a block, for nearly every call).
 *
 * <p>Invariant: this thread is the only one that signs ledger transactions of this node, and it
 * hands them to the driver in nonce order; the driver, the transport and the leader keep that
 * order, so a transaction of this node is never overtaken by a later nonce of its own (which the
 * ledger's nonce rule would turn into a refusal).
 *
 * <p>Thread-safety: {@link #anchor} and {@link #submit} from any thread.
 */
final class AnchorBatcher implements AutoCloseable {
  /** Records per anchoring transaction. */
  static final int ENTRIES_PER_TRANSACTION = 1000;
  /** Most records stored and signed in one round. */
  static final int RECORDS_PER_ROUND_MAX = 8 * ENTRIES_PER_TRANSACTION;
  /** When the next round may start beside those in flight ({@link RoundGate}; node JVM properties). */
  static final RoundGate GATE = RoundGate.fromProperties();
  /** Rounds stored and submitted but not yet committed (or failed) at once. */
  static final int ROUNDS_IN_FLIGHT_MAX = GATE.maxInFlight();
  /**
   * System property: {@code true} returns a round's permit only once its transactions applied
   * here (the rule before session 11, for A/B runs); by default it returns at their commit.
   */
  static final String PERMIT_AT_APPLY_PROPERTY = "cairn.anchorPermitAtApply";
  /** Whether a round's permit returns at commit (default) rather than after the apply. */
  static final boolean PERMIT_AT_COMMIT = !Boolean.getBoolean(PERMIT_AT_APPLY_PROPERTY);

  private static final Logger LOG = LoggerFactory.getLogger(AnchorBatcher.class);
  /** Wakes the thread to stop (never interrupted: an interrupt would close the engine's files under it). */
  private static final Object STOP = new Object();
  /** Longest single sleep at the gate (a guard: every change that opens it wakes the thread). */
  private static final long GATE_SLEEP_MAX_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /**
   * Hands a signed transaction to the driver, in call order; the future completes once it
   * committed and applied here. {@code committed} (null: not asked) may be completed earlier,
   * when the submitter learns the commit before the apply; the batcher completes it with the
   * future in any case.
   */
  interface Submitter {
    CompletableFuture<TransactionReceipt> submit(Transaction transaction, CompletableFuture<Void> committed);
  }

  /**
   * An anchor call's records as stored, once committed: record {@code i} is entry {@code (first +
   * i) % ENTRIES_PER_TRANSACTION} of the round's transaction {@code (first + i) /
   * ENTRIES_PER_TRANSACTION}, whose receipt is in {@code transactions}.
   */
  record Committed(List<StoredRecord> records, int first, List<TransactionReceipt> transactions) {
    /** The receipt of the transaction that carries record {@code i}. */
    TransactionReceipt transactionOf(int i) {
      return transactions.get((first + i) / ENTRIES_PER_TRANSACTION);
    }

    /** Record {@code i}'s entry index in its transaction. */
    int entryOf(int i) {
      return (first + i) % ENTRIES_PER_TRANSACTION;
    }
  }

  /** One anchor call: its records and the future of their commit. */
  private record Anchor(List<byte[]> raws, CompletableFuture<Committed> future, long arrivedNanos) {}

  /** One transaction signed with the next nonce. */
  private record Signed(LongFunction<Transaction> signer, CompletableFuture<Transaction> signed,
      CompletableFuture<TransactionReceipt> future) {}

  private final Identity identity;
  private final RecordStore records;
  private final Submitter submitter;
  private final LongSupplier firstNonce;
  private final StageTrace trace;
  private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  /** Permits for rounds in flight; a round's permit returns when its transactions commit or fail. */
  private final Semaphore inFlight = new Semaphore(ROUNDS_IN_FLIGHT_MAX);
  /** Guards {@link #gateSignals}; the thread waits at the gate on {@link #gateChanged}. */
  private final ReentrantLock gateLock = new ReentrantLock();
  /** Signalled whenever the gate's answer may have changed: a round ended, the queue got deep enough, closing. */
  private final Condition gateChanged = gateLock.newCondition();
  /** Counts {@link #gateChanged}'s signals, so that a signal between a look at the gate and the wait is not lost. */
  private long gateSignals;
  /** Records of the anchor calls in {@link #queue}. */
  private final AtomicLong queuedRecords = new AtomicLong();
  /** Records of the rounds holding a permit (stored, signed or submitted, not yet committed or failed). */
  private final AtomicLong inFlightRecords = new AtomicLong();
  private final Thread thread;
  private long nextNonce = -1;
  private volatile boolean closed;

  /**
   * A batcher signing as {@code identity}, storing into {@code records}, handing transactions to
   * {@code submitter}; its first nonce is {@code firstNonce} (asked once, on the first transaction).
   */
  AnchorBatcher(Identity identity, RecordStore records, Submitter submitter, LongSupplier firstNonce, String name) {
    this(identity, records, submitter, firstNonce, name, StageTrace.open(0));
  }

  /** A batcher as above that stamps its rounds' stages into {@code trace}. */
  AnchorBatcher(Identity identity, RecordStore records, Submitter submitter, LongSupplier firstNonce, String name,
      StageTrace trace) {
    this.identity = identity;
    this.trace = trace;
    this.records = records;
    this.submitter = submitter;
    this.firstNonce = firstNonce;
    this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this::run);
  }

  void start() {
    thread.start();
  }

  /** Stores and anchors {@code raws}; completes once their transactions committed. */
  CompletableFuture<Committed> anchor(List<byte[]> raws) {
    CompletableFuture<Committed> future = new CompletableFuture<>();
    long queued = queuedRecords.addAndGet(raws.size());
    enqueue(new Anchor(raws, future, System.nanoTime()), future);
    long rounds = inFlightRecords.get();
    if (GATE.deepEnough(rounds, queued) && !GATE.deepEnough(rounds, queued - raws.size())) {
      signalGate(); // this call made the queue deep enough for a round beside the one in flight
    }
    return future;
  }

  /**
   * Signs a transaction with this node's next nonce ({@code signer} gets the nonce) and submits
   * it in order with the anchors; {@code signed} gets the transaction.
   */
  CompletableFuture<TransactionReceipt> submit(LongFunction<Transaction> signer, CompletableFuture<Transaction> signed) {
    CompletableFuture<TransactionReceipt> future = new CompletableFuture<>();
    enqueue(new Signed(signer, signed, future), future);
    return future;
  }

  private void enqueue(Object work, CompletableFuture<?> future) {
    if (closed) {
      future.completeExceptionally(new ClosedException("the node is closed"));
      return;
    }
    queue.add(work);
  }

  private void run() {
    List<Anchor> round = new ArrayList<>();
    try {
      while (!closed) {
        Object first = queue.take();
        if (first == STOP) {
          break;
        }
        if (first instanceof Signed signed) {
          sign(signed);
          continue;
        }
        if (!awaitRoundPermit((Anchor) first)) {
          queue.add(first);
          break;
        }
        round.clear();
        round.add((Anchor) first);
        int count = ((Anchor) first).raws().size();
        while (count < RECORDS_PER_ROUND_MAX && queue.peek() instanceof Anchor next
            && count + next.raws().size() <= RECORDS_PER_ROUND_MAX) {
          queue.poll();
          round.add(next);
          count += next.raws().size();
        }
        queuedRecords.addAndGet(-count);
        commit(round, count);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      failAll();
    }
  }

  private void sign(Signed work) {
    try {
      Transaction transaction = work.signer().apply(nonce());
      work.signed().complete(transaction);
      submitter.submit(transaction, null).whenComplete((receipt, failure) -> {
        if (failure != null) {
          work.future().completeExceptionally(failure);
        } else {
          work.future().complete(receipt);
        }
      });
    } catch (CairnException e) {
      work.signed().completeExceptionally(e);
      work.future().completeExceptionally(e);
    }
  }

  /**
   * Waits until {@link #GATE} lets a round start with {@code first} as its oldest call, and takes
   * its permit; false when closing. It sleeps until the gate's bound for that call, and is woken
   * earlier by what may open the gate sooner: a round ending, the queue getting deep enough (so it
   * never polls: until session 10 it looked again every millisecond while a round was in flight).
   */
  private boolean awaitRoundPermit(Anchor first) throws InterruptedException {
    while (!closed) {
      long signals = gateSignals();
      int busy = ROUNDS_IN_FLIGHT_MAX - inFlight.availablePermits();
      long waited = System.nanoTime() - first.arrivedNanos();
      long wait = GATE.waitNanos(busy, inFlightRecords.get(), Math.max(queuedRecords.get(), first.raws().size()), waited);
      if (wait == 0) {
        if (inFlight.tryAcquire()) {
          return true;
        }
        continue; // a permit returned between the two reads: look again
      }
      gateLock.lock();
      try {
        if (gateSignals == signals && !closed) {
          // A bounded sleep even when only a round ending can open the gate: a guard, not a poll.
          gateChanged.awaitNanos(Math.min(wait, GATE_SLEEP_MAX_NANOS));
        }
      } finally {
        gateLock.unlock();
      }
    }
    return false;
  }

  private long gateSignals() {
    gateLock.lock();
    try {
      return gateSignals;
    } finally {
      gateLock.unlock();
    }
  }

  /** Wakes the thread if it waits at the gate: the gate's answer may have changed. */
  private void signalGate() {
    gateLock.lock();
    try {
      gateSignals++;
      gateChanged.signalAll();
    } finally {
      gateLock.unlock();
    }
  }

  /** Returns the permit of a round of {@code count} records and wakes the thread if it waits at the gate. */
  private void roundDone(int count) {
    inFlightRecords.addAndGet(-count);
    inFlight.release();
    signalGate();
  }

  /**
   * One round, holding a permit that it returns once its transactions committed (or, with {@link
   * #PERMIT_AT_APPLY_PROPERTY}, applied) or failed: one synced store of every record, then its
   * transactions in nonce order.
   */
  private void commit(List<Anchor> round, int count) {
    inFlightRecords.addAndGet(count);
    List<byte[]> raws = new ArrayList<>(count);
    long arrived = Long.MAX_VALUE;
    for (Anchor anchor : round) {
      raws.addAll(anchor.raws());
      arrived = Math.min(arrived, anchor.arrivedNanos());
    }
    long[] stamps = trace.round(arrived);
    List<StoredRecord> stored;
    try {
      long[] sched = stamps == null ? null : SchedStat.self(); // session 19: the stored stage's run-queue wait
      stored = records.storeAll(raws, HashAlgorithm.SHA_256);
      trace.stored(stamps, sched);
    } catch (CairnException e) {
      // A record too large or the store failing: retry the calls one by one, so one bad call fails alone.
      if (round.size() > 1) {
        for (Anchor anchor : round) {
          inFlight.acquireUninterruptibly(); // each retry holds its own permit
          commit(List.of(anchor), anchor.raws().size());
        }
      } else {
        round.getFirst().future().completeExceptionally(e);
      }
      roundDone(count);
      return;
    }
    List<CompletableFuture<TransactionReceipt>> parts = new ArrayList<>();
    /** Per part, what ends its hold on the permit: its commit (or its receipt, whichever first), or its receipt. */
    List<CompletableFuture<?>> ends = new ArrayList<>();
    try {
      for (int from = 0; from < stored.size(); from += ENTRIES_PER_TRANSACTION) {
        List<AnchorEntry> entries = new ArrayList<>(ENTRIES_PER_TRANSACTION);
        for (StoredRecord record : stored.subList(from, Math.min(stored.size(), from + ENTRIES_PER_TRANSACTION))) {
          entries.add(AnchorEntry.of(record));
        }
        Transaction transaction = AnchorTransaction.sign(identity, nonce(), entries);
        if (from + ENTRIES_PER_TRANSACTION >= stored.size()) {
          trace.submitted(stamps, transaction);
        }
        CompletableFuture<Void> commit = PERMIT_AT_COMMIT ? new CompletableFuture<>() : null;
        CompletableFuture<TransactionReceipt> part = submitter.submit(transaction, commit);
        parts.add(part);
        if (commit != null) {
          part.whenComplete((receipt, failure) -> commit.complete(null)); // never later than the receipt
        }
        ends.add(commit != null ? commit : part);
      }
    } catch (CairnException e) {
      parts.add(CompletableFuture.failedFuture(e));
      ends.add(parts.getLast());
    }
    CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new)).whenComplete((done, failure) -> roundDone(count));
    CompletableFuture<Void> all = CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new));
    all.whenComplete((done, failure) -> trace.done(stamps));
    int from = 0;
    for (Anchor anchor : round) {
      int first = from;
      List<StoredRecord> mine = stored.subList(from, from + anchor.raws().size());
      from += anchor.raws().size();
      all.whenComplete((done, failure) -> {
        if (failure != null) {
          anchor.future().completeExceptionally(failure instanceof java.util.concurrent.CompletionException wrapped
              && wrapped.getCause() != null ? wrapped.getCause() : failure);
        } else {
          anchor.future().complete(new Committed(mine, first, parts.stream().map(CompletableFuture::join).toList()));
        }
      });
    }
  }

  private long nonce() {
    if (nextNonce < 0) {
      nextNonce = firstNonce.getAsLong();
    }
    return nextNonce++;
  }

  private void failAll() {
    Object work;
    while ((work = queue.poll()) != null) {
      ClosedException closing = new ClosedException("the node is closing");
      if (work == STOP) {
        continue;
      }
      switch (work) {
        case Anchor anchor -> anchor.future().completeExceptionally(closing);
        case Signed signed -> {
          signed.signed().completeExceptionally(closing);
          signed.future().completeExceptionally(closing);
        }
        default -> LOG.error("unknown work {}", work);
      }
    }
  }

  /** Stops the thread; calls still waiting fail with {@code CLOSED}. */
  @Override
  public void close() {
    closed = true;
    queue.add(STOP);
    signalGate();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    failAll();
  }
}
