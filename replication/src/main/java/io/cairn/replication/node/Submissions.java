package io.cairn.replication.node;

import io.cairn.chain.api.Block;
import io.cairn.chain.api.Hash32;
import io.cairn.chain.api.Transaction;
import io.cairn.common.BusyException;
import io.cairn.common.CairnException;
import io.cairn.common.ClosedException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.replication.api.TransactionReceipt;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The transactions this node's clients submitted and are waiting for. Each is sent to the leader
 * (queued locally when this node leads, else forwarded) and sent again whenever the leader
 * changes (a new leader does not hold what the old one had queued), and every {@link
 * #RESEND_NANOS} in case a frame was lost, until a block holding it applies on this node, a
 * refusal arrives, or its deadline passes. (Resending on a short timer instead made an overloaded
 * leader check every slow transaction's signature again and again.) Resending is safe: the leader ignores a transaction it already holds, and the
 * ledger's nonce rule lets at most one copy into the chain, so completion is decided only by what
 * this node applies. A refusal for a stale nonce is not final (the first copy may have committed
 * and be on its way here); every other refusal fails the write.
 *
 * <p>Thread-safety: not thread-safe; the driver thread owns it. Futures are completed on {@code
 * completer}, never on the driver thread.
 */
final class Submissions {
  static final long RESEND_NANOS = 2_000_000_000L;
  /** After a stale-nonce refusal, how long to wait for the copy that did commit to apply here. */
  static final long STALE_GRACE_NANOS = 2_000_000_000L;
  /** Most transactions waiting at once; beyond it a write is refused as busy (backpressure). */
  static final int WAITING_MAX = 100_000;

  /** Where a transaction goes: to the local block cutter or forwarded to member {@code leader}. */
  interface Sender {
    /** Sends {@code transaction}; false when it could not go anywhere now. */
    boolean send(Transaction transaction);
  }

  private static final class Waiter {
    final Transaction transaction;
    final CompletableFuture<TransactionReceipt> future;
    /** Completed once the transaction is committed in the log (null: nobody asked, or already told). */
    CompletableFuture<Void> committed;
    long deadlineNanos;
    long nextSendNanos;
    /** The leader epoch it was last sent in ({@link Long#MIN_VALUE}: never sent). */
    long sentEpoch = Long.MIN_VALUE;
    /** The leader's stale-nonce refusal, when one came. */
    String staleReason;

    Waiter(Transaction transaction, CompletableFuture<TransactionReceipt> future, long deadlineNanos) {
      this.transaction = transaction;
      this.future = future;
      this.deadlineNanos = deadlineNanos;
    }
  }

  /** In submission order: resends keep a requester's nonces in order. */
  private final Map<Hash32, Waiter> waiting = new LinkedHashMap<>();
  private final Executor completer;
  private final long timeoutNanos;

  Submissions(Executor completer, long timeoutNanos) {
    this.completer = completer;
    this.timeoutNanos = timeoutNanos;
  }

  /** Starts waiting for {@code transaction}; it is sent at the next {@link #resend}. */
  void add(Transaction transaction, CompletableFuture<TransactionReceipt> future, long nowNanos) {
    add(transaction, future, null, nowNanos);
  }

  /**
   * Starts waiting for {@code transaction} as {@link #add(Transaction, CompletableFuture, long)}
   * does; {@code committed} (may be null) is completed when {@link #committed} names it, else with
   * {@code future} (by the caller: a transaction refused or timed out is never committed here).
   */
  void add(Transaction transaction, CompletableFuture<TransactionReceipt> future, CompletableFuture<Void> committed,
      long nowNanos) {
    if (waiting.size() >= WAITING_MAX) {
      fail(future, new BusyException(WAITING_MAX + " transactions are already waiting for their commit"));
      return;
    }
    Waiter waiter = new Waiter(transaction, future, nowNanos + timeoutNanos);
    waiter.committed = committed;
    if (waiting.putIfAbsent(transaction.id(), waiter) != null) {
      fail(future, new InvalidArgumentException("transaction " + transaction.id().shortHex() + " is already submitted"));
    }
  }

  /**
   * {@code block}, which this node proposed as leader, is committed (a quorum persisted it): tells
   * the waiters of its transactions that asked, in one task on the completer, ahead of their apply.
   * The receipt still waits for the apply, which decides the transaction's outcome.
   */
  void committed(Block block) {
    if (waiting.isEmpty()) {
      return;
    }
    List<CompletableFuture<Void>> told = null;
    for (Transaction transaction : block.transactions()) {
      Waiter waiter = waiting.get(transaction.id());
      if (waiter != null && waiter.committed != null) {
        if (told == null) {
          told = new ArrayList<>();
        }
        told.add(waiter.committed);
        waiter.committed = null;
      }
    }
    if (told != null) {
      List<CompletableFuture<Void>> all = told;
      completer.execute(() -> all.forEach(future -> future.complete(null)));
    }
  }

  /** Number of transactions waiting. */
  int size() {
    return waiting.size();
  }

  /**
   * Sends every waiter that is due (never sent in {@code leaderEpoch}, a value that changes
   * whenever the leader does, or not for {@link #RESEND_NANOS}); fails those past their deadline.
   */
  void resend(long nowNanos, long leaderEpoch, Sender sender) {
    Iterator<Waiter> iterator = waiting.values().iterator();
    while (iterator.hasNext()) {
      Waiter waiter = iterator.next();
      if (nowNanos - waiter.deadlineNanos >= 0 && waiter.staleReason != null) {
        iterator.remove();
        fail(waiter.future, new InvalidArgumentException("the leader refused transaction "
            + waiter.transaction.id().shortHex() + ": " + waiter.staleReason + " (a replay?)"));
      } else if (nowNanos - waiter.deadlineNanos >= 0) {
        iterator.remove();
        fail(waiter.future, new BusyException("transaction " + waiter.transaction.id().shortHex()
            + " was not committed within " + timeoutNanos / 1_000_000 + " ms (no leader, or it is overloaded)"));
      } else if ((nowNanos - waiter.nextSendNanos >= 0 || waiter.sentEpoch != leaderEpoch)
          && sender.send(waiter.transaction)) {
        waiter.nextSendNanos = nowNanos + RESEND_NANOS;
        waiter.sentEpoch = leaderEpoch;
      }
    }
  }

  /** {@code block} applied on this node: completes the waiters of its transactions. */
  void applied(Block block) {
    applied(block, null);
  }

  /**
   * {@code block} applied on this node, with the record hashes among its entries whose first
   * anchor is elsewhere (null: unknown): completes the waiters of its transactions.
   */
  void applied(Block block, Set<Hash32> anchoredElsewhere) {
    if (waiting.isEmpty()) {
      return;
    }
    List<Transaction> transactions = block.transactions();
    for (int i = 0; i < transactions.size(); i++) {
      Waiter waiter = waiting.remove(transactions.get(i).id());
      if (waiter != null) {
        TransactionReceipt receipt = new TransactionReceipt(waiter.transaction.id(), block.height(), i, block.hash(),
            anchoredElsewhere);
        completer.execute(() -> waiter.future.complete(receipt));
      }
    }
  }

  /**
   * {@code id} was refused ({@code kind}: a {@code Wire.REFUSAL_} constant): a definitive refusal
   * fails the write; a stale nonce leaves it {@link #STALE_GRACE_NANOS} to apply here (a copy may
   * have committed) before it fails; "not the leader" sends it again at the next round.
   */
  void refused(Hash32 id, int kind, String reason, long nowNanos) {
    if (kind != Wire.REFUSAL_DEFINITIVE) {
      Waiter waiter = waiting.get(id);
      if (waiter == null) {
        return;
      }
      if (kind == Wire.REFUSAL_NOT_LEADER) {
        waiter.nextSendNanos = nowNanos;
      } else if (waiter.deadlineNanos - (nowNanos + STALE_GRACE_NANOS) > 0) {
        waiter.staleReason = reason;
        waiter.deadlineNanos = nowNanos + STALE_GRACE_NANOS;
        waiter.nextSendNanos = waiter.deadlineNanos;
      }
      return;
    }
    Waiter waiter = waiting.remove(id);
    if (waiter != null) {
      fail(waiter.future, new InvalidArgumentException("the leader refused transaction " + id.shortHex() + ": " + reason));
    }
  }

  /** Fails every waiter (the node is closing). */
  void closeAll() {
    List<Waiter> all = new ArrayList<>(waiting.values());
    waiting.clear();
    for (Waiter waiter : all) {
      fail(waiter.future, new ClosedException("the node is closing"));
    }
  }

  private void fail(CompletableFuture<TransactionReceipt> future, CairnException failure) {
    completer.execute(() -> future.completeExceptionally(failure));
  }
}
