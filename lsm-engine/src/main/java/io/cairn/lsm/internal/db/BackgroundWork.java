package io.cairn.lsm.internal.db;

import io.cairn.common.CairnException;
import io.cairn.common.CairnIoException;
import io.cairn.common.CorruptionException;
import io.cairn.lsm.internal.version.FileMetaData;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background threads, and what they share: one flushes the sealed memtables to L0 ({@link
 * FlushScheduler}), one runs major compactions and deletes files that became obsolete ({@link
 * CompactionScheduler}), and one (when {@code l0MergeMaxBytes} is set, outside the pmem-sized L0)
 * runs intra-L0 merges of the newest L0 tables beside a running L0 to L1 compaction ({@link
 * IntraL0Merger}). This class is what the database sees: scheduling, pause and resume, the idle
 * test, shutdown; and what the three share: the pause count, the back-off, failure recording, the
 * L0 merge step.
 *
 * <p>Failures: an I/O failure (a full disk) is recorded as the background error, which writers
 * that must wait for this work see; the work is retried after a back-off and the error cleared
 * once it succeeds. Corruption found by a compaction, or a MANIFEST left in an unknown state, is
 * fatal: writes are refused until the database is reopened.
 *
 * <p>Thread-safety: state is guarded by the database mutex.
 */
final class BackgroundWork {
  private static final Logger LOG = LoggerFactory.getLogger(BackgroundWork.class);
  static final long RETRY_FIRST_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final long RETRY_MAX_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final DbImpl db;
  private final FlushScheduler flushes;
  private final CompactionScheduler compactions;
  private final IntraL0Merger intraL0;
  private boolean retryRequested;
  private volatile boolean shuttingDown;
  /** While positive, no flush, compaction or merge starts ({@link #pause}); guarded by the mutex. */
  private int paused;

  BackgroundWork(DbImpl db) {
    this.db = db;
    String name = db.directory.getFileName() == null ? db.directory.toString() : db.directory.getFileName().toString();
    this.flushes = new FlushScheduler(db, this, name);
    this.compactions = new CompactionScheduler(db, this, name);
    this.intraL0 = new IntraL0Merger(db, this, name);
  }

  /** Starts the threads (after recovery). */
  void start() {
    flushes.start();
    compactions.start();
    intraL0.start();
  }

  /** Asks for the immutable memtable to be flushed. Mutex held. */
  void scheduleFlush() {
    flushes.schedule();
  }

  /** Asks the compaction thread to look for work. Mutex held or not. */
  void scheduleCompaction() {
    db.mutex.lock();
    try {
      compactions.signal();
    } finally {
      db.mutex.unlock();
    }
  }

  /** Cuts a failure back-off short: a writer is waiting for the work. Mutex held. */
  void retryNow() {
    retryRequested = true;
    flushes.wake();
    compactions.signal();
    intraL0.signal();
  }

  /** Asks the compaction thread to delete obsolete tables. Callable from any thread. */
  void wakeForCleanup() {
    db.mutex.lock();
    try {
      compactions.wantCleanup();
      compactions.signal();
    } finally {
      db.mutex.unlock();
    }
  }

  /**
   * Compacts the user key range [begin, end] (null = open) level by level, from L0 down to the
   * deepest level that holds overlapping files. Blocks until done.
   */
  void compactRange(byte[] begin, byte[] end) {
    compactions.compactRange(begin, end);
  }

  /**
   * Starts no flush, compaction or L0 merge until {@link #resume}, and waits for the running
   * ones to finish (committed or failed), so the caller may change the version alone. Mutex held
   * (released while waiting). Obsolete tables are still deleted meanwhile.
   */
  void pause() {
    assert db.mutex.isHeldByCurrentThread();
    paused++;
    while (flushes.flushing() || compactions.compacting() || intraL0.merging()) {
      db.awaitBackgroundProgress();
    }
  }

  /**
   * Whether no flush or compaction (or L0 merge) is running, scheduled or asked for, no sealed
   * memtable waits for its flush, and the compaction thread waits because it found nothing to do
   * (not merely between two compactions, deleting obsolete tables). Takes the mutex. A compaction
   * due after a flush that has just finished may not have started yet when this is read, so a
   * caller waiting for quiet reads it several times in a row (the bench's settle does).
   */
  boolean idle() {
    db.mutex.lock();
    try {
      return compactions.waitingForWork() && !flushes.scheduled() && !flushes.flushing()
          && !compactions.compacting() && !intraL0.merging() && !compactions.manualPending()
          && !db.memtables.hasImmutables();
    } finally {
      db.mutex.unlock();
    }
  }

  /** Ends a {@link #pause}: background work starts again where it is due. Mutex held. */
  void resume() {
    assert db.mutex.isHeldByCurrentThread() && paused > 0;
    paused--;
    flushes.resume();
    compactions.signal();
    intraL0.signal();
  }

  /** Stops the threads: a running compaction is cancelled, a running flush finishes. */
  void shutDown() {
    db.mutex.lock();
    try {
      shuttingDown = true;
      flushes.wake();
      compactions.wake();
      intraL0.wake();
      db.backgroundProgress.signalAll();
    } finally {
      db.mutex.unlock();
    }
    flushes.join();
    compactions.join();
    intraL0.join();
  }

  FlushScheduler flushes() {
    return flushes;
  }

  CompactionScheduler compactions() {
    return compactions;
  }

  IntraL0Merger intraL0() {
    return intraL0;
  }

  /** Whether a pause holds the version. Mutex held. */
  boolean paused() {
    return paused > 0;
  }

  /** Whether the database is closing; readable without the mutex. */
  boolean shuttingDown() {
    return shuttingDown;
  }

  /**
   * Merges {@code inputs} (L0 tables, oldest first) into a new L0 table whose number is taken now,
   * with the mutex released for the work, and publishes the result; on failure records it. Mutex
   * held on entry and exit. Returns the failure, or null.
   */
  CairnException runMerge(String what, List<FileMetaData> inputs) {
    return runMerge(what, inputs, db.versions.newFileNumber());
  }

  /**
   * As {@link #runMerge(String, List)} into table {@code outputNumber}, taken earlier (while no
   * flush was under way, after every input's number).
   */
  CairnException runMerge(String what, List<FileMetaData> inputs, long outputNumber) {
    db.mutex.unlock();
    CairnException failure = null;
    try {
      L0MergeStep.run(db, inputs, outputNumber);
    } catch (CairnException e) {
      failure = e;
    } finally {
      db.mutex.lock();
    }
    if (failure == null) {
      db.errors.succeeded();
      db.installSuperVersion();
      compactions.wantCleanup();
    } else {
      recordFailure(what + inputs, failure);
    }
    return failure;
  }

  /** Records a background failure: fatal when the state is uncertain or data is corrupt. Mutex held. */
  void recordFailure(String work, CairnException failure) {
    boolean fatal = failure instanceof CorruptionException || db.versions.isUncertain();
    db.errors.failed(failure, fatal);
    if (fatal) {
      LOG.error("{} failed; the database refuses writes until it is reopened: {}", work, failure.getMessage());
    } else {
      LOG.warn("{} failed, will retry: {}", work, failure.getMessage());
    }
  }

  /** Waits {@code nanos} on {@code condition} (unless shutting down); returns the next back-off. */
  long backOff(Condition condition, long nanos) {
    long deadline = System.nanoTime() + nanos;
    long left = nanos;
    while (left > 0 && !shuttingDown && !retryRequested) {
      try {
        left = condition.awaitNanos(left);
      } catch (InterruptedException e) {
        left = deadline - System.nanoTime();
      }
    }
    retryRequested = false;
    return Math.min(2 * nanos, RETRY_MAX_NANOS);
  }

  /** Runs a thread's loop; an unexpected throwable becomes the fatal background error. */
  void guarded(Runnable loop) {
    try {
      loop.run();
    } catch (Throwable unexpected) {
      LOG.error("background thread {} died", Thread.currentThread().getName(), unexpected);
      db.mutex.lock();
      try {
        db.errors.fail(new CairnIoException("background work failed unexpectedly: " + unexpected, unexpected));
        compactions.noteDeath(Thread.currentThread());
        db.backgroundProgress.signalAll();
      } finally {
        db.mutex.unlock();
      }
      if (unexpected instanceof Error error && !(unexpected instanceof AssertionError)) {
        throw error;
      }
    }
  }

  static void joinUninterruptibly(Thread thread) {
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
