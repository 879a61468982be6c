package io.cairn.replication.node;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The leader's log sync beside its driver (session 17). The driver writes a leader's entries to
 * the log unsynced, sends them (before the write, as always) and asks this thread to make the log
 * durable through the last of them; it goes on stepping the followers' acknowledgements and
 * cutting blocks meanwhile. Each sync here is one {@code Db.syncWal} (an {@code fsync} of the log's
 * WAL beside the driver's unsynced writes) and covers every request made before it began: the
 * requests that arrive while one runs are served by the next, together (a group commit). When it
 * returns, {@code persisted} gets the newest request it covered, on this thread; the driver hands
 * it to the protocol ({@code RawKraft.persisted}), which counts the leader's own copy from then on.
 *
 * <p>Invariant: {@code persisted(i, t)} is called only after a sync that began after the request
 * {@code (i, t)} was made, so every write the driver made before that request is durable.
 *
 * <p>Thread-safety: {@link #request} and {@link #close} from any thread.
 */
final class LogSyncer implements AutoCloseable {
  /** What a sync reports: the log is durable through {@code index}, written in {@code term}. */
  interface Persisted {
    void persisted(long index, long term);
  }

  private final Runnable sync;
  private final Persisted persisted;
  private final Consumer<RuntimeException> failed;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition asked = lock.newCondition();
  private final Thread thread;
  /** The newest request not yet taken by a sync (valid while {@link #pending}). */
  private long index;
  private long term;
  private boolean pending;
  private boolean closed;
  /** Syncs run so far, and requests made (for tests and the stage trace's reader). */
  private long syncs;
  private long requests;

  /**
   * A syncer that runs {@code sync} on its own thread named {@code name} and reports to {@code
   * persisted}; a failed sync goes to {@code failed} and ends the thread.
   */
  LogSyncer(Runnable sync, Persisted persisted, Consumer<RuntimeException> failed, String name) {
    this.sync = sync;
    this.persisted = persisted;
    this.failed = failed;
    this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this::run);
  }

  void start() {
    thread.start();
  }

  /** Asks for the log to be durable through {@code index}, written in {@code term}. */
  void request(long index, long term) {
    lock.lock();
    try {
      requests++;
      if (!pending || term > this.term || term == this.term && index > this.index) {
        this.index = index;
        this.term = term;
      }
      pending = true;
      asked.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Syncs run so far. */
  long syncs() {
    lock.lock();
    try {
      return syncs;
    } finally {
      lock.unlock();
    }
  }

  /** Requests made so far. */
  long requests() {
    lock.lock();
    try {
      return requests;
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    while (true) {
      long through;
      long inTerm;
      lock.lock();
      try {
        while (!pending && !closed) {
          asked.awaitUninterruptibly();
        }
        if (closed) {
          return;
        }
        through = index;
        inTerm = term;
        pending = false;
      } finally {
        lock.unlock();
      }
      try {
        sync.run();
      } catch (RuntimeException e) {
        failed.accept(e);
        return;
      }
      lock.lock();
      try {
        syncs++;
      } finally {
        lock.unlock();
      }
      persisted.persisted(through, inTerm);
    }
  }

  /** Stops the thread after the sync it runs, if any (requests not yet taken are dropped). */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      asked.signal();
    } finally {
      lock.unlock();
    }
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
