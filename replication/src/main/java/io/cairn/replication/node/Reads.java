package io.cairn.replication.node;

import io.cairn.common.BusyException;
import io.cairn.common.ClosedException;
import io.cairn.kraft.api.ReadState;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Linearizable reads through KRaft's ReadIndex (Raft thesis §6.4). A read asks for a read point:
 * the leader (this node, or the leader a follower forwards the request to) records its commit
 * index, confirms that it still leads with a heartbeat round acknowledged by a quorum, and
 * answers that index; once this node has applied the log up to it, the read's future completes,
 * and anything read from this node's ledger afterwards reflects every write acknowledged (by any
 * member) before the read began. No clock is trusted (no leader lease).
 *
 * <p>A request can be lost (no leader known, a message dropped, a leader change): it is asked
 * again every {@link #RETRY_NANOS} with the same context until its deadline, then it fails
 * {@code BUSY}.
 *
 * <p>Thread-safety: not thread-safe; the driver thread owns it. Futures complete on {@code completer}.
 */
final class Reads {
  static final long RETRY_NANOS = 500_000_000L;

  /** Asks KRaft for a read point with {@code context}; false when it could not be asked now. */
  interface Asker {
    boolean ask(byte[] context);
  }

  private static final class Pending {
    final CompletableFuture<Void> future;
    final long deadlineNanos;
    long nextAskNanos;
    /** The confirmed read point, or -1 while none. */
    long index = -1;

    Pending(CompletableFuture<Void> future, long deadlineNanos) {
      this.future = future;
      this.deadlineNanos = deadlineNanos;
    }
  }

  private final Map<Long, Pending> pending = new LinkedHashMap<>();
  private final Executor completer;
  private final long timeoutNanos;
  /** Random start: a late answer to a read of an earlier run of this node never matches a new read. */
  private long nextId = java.util.concurrent.ThreadLocalRandom.current().nextLong();

  Reads(Executor completer, long timeoutNanos) {
    this.completer = completer;
    this.timeoutNanos = timeoutNanos;
  }

  /** A new read; asked at the next {@link #ask}. */
  void add(CompletableFuture<Void> future, long nowNanos) {
    pending.put(nextId++, new Pending(future, nowNanos + timeoutNanos));
  }

  /** Asks for the read points still missing whose turn it is; fails the reads past their deadline. */
  void ask(long nowNanos, Asker asker) {
    Iterator<Map.Entry<Long, Pending>> iterator = pending.entrySet().iterator();
    while (iterator.hasNext()) {
      Map.Entry<Long, Pending> entry = iterator.next();
      Pending read = entry.getValue();
      if (nowNanos - read.deadlineNanos >= 0) {
        iterator.remove();
        completer.execute(() -> read.future.completeExceptionally(new BusyException(
            "no read point was confirmed within " + timeoutNanos / 1_000_000 + " ms (no leader reachable)")));
      } else if (read.index < 0 && nowNanos - read.nextAskNanos >= 0 && asker.ask(context(entry.getKey()))) {
        read.nextAskNanos = nowNanos + RETRY_NANOS;
      }
    }
  }

  /** KRaft confirmed these read points (from a {@code Ready}). */
  void confirmed(List<ReadState> states) {
    for (ReadState state : states) {
      if (state.context().length != Long.BYTES) {
        continue;
      }
      Pending read = pending.get(ByteBuffer.wrap(state.context()).getLong());
      if (read != null && read.index < 0) {
        read.index = state.index();
      }
    }
  }

  /** This node has applied the log through {@code appliedIndex}: completes the reads it covers. */
  void applied(long appliedIndex) {
    if (pending.isEmpty()) {
      return;
    }
    Iterator<Pending> iterator = pending.values().iterator();
    while (iterator.hasNext()) {
      Pending read = iterator.next();
      if (read.index >= 0 && read.index <= appliedIndex) {
        iterator.remove();
        completer.execute(() -> read.future.complete(null));
      }
    }
  }

  /** Whether no read waits (for a read point or for its apply). */
  boolean isEmpty() {
    return pending.isEmpty();
  }

  /** Fails every pending read (the node is closing). */
  void closeAll() {
    List<Pending> all = new ArrayList<>(pending.values());
    pending.clear();
    for (Pending read : all) {
      completer.execute(() -> read.future.completeExceptionally(new ClosedException("the node is closing")));
    }
  }

  private static byte[] context(long id) {
    return ByteBuffer.allocate(Long.BYTES).putLong(id).array();
  }
}
