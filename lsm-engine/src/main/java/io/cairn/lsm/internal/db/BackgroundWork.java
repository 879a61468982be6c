package io.cairn.lsm.internal.db;

import io.cairn.common.CairnException;
import io.cairn.common.CairnIoException;
import io.cairn.common.ClosedException;
import io.cairn.common.CorruptionException;
import io.cairn.lsm.internal.compaction.Compaction;
import io.cairn.lsm.internal.compaction.CompactionJob;
import io.cairn.lsm.internal.compaction.CompactionPicker;
import io.cairn.lsm.internal.compaction.FlushJob;
import io.cairn.lsm.internal.compaction.IntraL0Picker;
import io.cairn.lsm.internal.compaction.L0MergePicker;
import java.util.List;
import io.cairn.lsm.internal.memtable.MemTable;
import io.cairn.lsm.internal.pmem.PmemBudget;
import io.cairn.lsm.internal.table.TableKind;
import io.cairn.lsm.internal.version.FileMetaData;
import io.cairn.lsm.internal.version.Version;
import io.cairn.lsm.internal.version.VersionEdit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background threads: one flushes the sealed memtables to L0, oldest first (minor
 * compaction), one runs major compactions (size-triggered, or asked for by compactRange)
 * and deletes files that became obsolete, and one (when {@code l0MergeMaxBytes} is set, outside
 * the pmem-sized L0) runs intra-L0 merges of the newest L0 tables beside a running L0 to L1
 * compaction ({@link IntraL0Picker}). Flushes never wait behind a long compaction: they have
 * their own thread, and take the mutex only to pick their memtable and to publish the result. A
 * compaction split into subcompactions runs its extra pieces on a pool of {@code
 * maxSubcompactions - 1} threads.
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
  private static final long RETRY_FIRST_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final long RETRY_MAX_NANOS = TimeUnit.SECONDS.toNanos(2);

  /** A compactRange request for one level. */
  private static final class ManualCompaction {
    final int level;
    final byte[] begin;
    final byte[] end;
    boolean done;
    CairnException error;

    ManualCompaction(int level, byte[] begin, byte[] end) {
      this.level = level;
      this.begin = begin;
      this.end = end;
    }
  }

  private final DbImpl db;
  private final CompactionPicker picker;
  /** Picks NVMTables to merge on pmem (the pmem-sized L0); null otherwise. */
  private final L0MergePicker mergePicker;
  /** Picks intra-L0 merges of the newest L0 tables; null when they are off. */
  private final IntraL0Picker intraL0Picker;
  private final Condition intraL0Wanted;
  /** Runs intra-L0 merges; null when they are off. */
  private final Thread intraL0Thread;
  /** Whether an intra-L0 merge is running (its work outside the mutex); guarded by the mutex. */
  private boolean intraL0Merging;
  /**
   * The largest file number among the L0 tables the running compaction holds, -1 when none
   * holds any; guarded by the mutex.
   */
  private long l0BusyThrough = -1;
  private long intraL0RetryNanos = RETRY_FIRST_NANOS;
  /** Whether the last intra-L0 merge failed (it backs off, then retries); guarded by the mutex. */
  private boolean intraL0Failing;
  private final Condition flushWanted;
  private final Condition compactionWanted;
  private final Thread flushThread;
  private final Thread compactionThread;
  /** Runs the subcompactions after the first of a split compaction; null when they are off. */
  private final ExecutorService subcompactionThreads;
  private boolean flushScheduled;
  /** Whether a flush is writing its table (set under the mutex before it takes a file number). */
  private boolean flushing;
  private boolean cleanupWanted;
  private boolean retryRequested;
  private ManualCompaction manual;
  private long flushRetryNanos = RETRY_FIRST_NANOS;
  private long compactionRetryNanos = RETRY_FIRST_NANOS;
  private volatile boolean shuttingDown;
  /** While positive, no flush, compaction or merge starts ({@link #pause}); guarded by the mutex. */
  private int paused;
  /** Whether a compaction or an L0 merge is running (its work outside the mutex); guarded by the mutex. */
  private boolean compacting;
  /** Whether the compaction thread waits because it found nothing to do; guarded by the mutex. */
  private boolean waitingForWork;
  /** Set (mutex held) when the compaction thread ended by an unexpected throwable. */
  private boolean compactionThreadDied;

  BackgroundWork(DbImpl db) {
    this.db = db;
    this.picker = new CompactionPicker(db.versions, db.options, db.tableCache::approximateOffsetOf);
    this.mergePicker = db.nvmTables != null && db.options.pmemSizedL0()
        ? new L0MergePicker(L0MergePicker.DEFAULT_FAN_IN, db.options.writeBufferBytes(), db.options.pmemBudgetBytes() / 4)
        : null;
    this.intraL0Picker = db.options.l0MergeMaxBytes() > 0 && !db.options.pmemSizedL0()
        ? new IntraL0Picker(db.options.l0MergeMaxBytes(), db.options.l0SlowdownTrigger())
        : null;
    this.intraL0Wanted = db.mutex.newCondition();
    this.flushWanted = db.mutex.newCondition();
    this.compactionWanted = db.mutex.newCondition();
    String name = db.directory.getFileName() == null ? db.directory.toString() : db.directory.getFileName().toString();
    this.flushThread = Thread.ofPlatform().daemon().name("cairn-flush-" + name).unstarted(() -> guarded(this::flushLoop));
    this.compactionThread = Thread.ofPlatform().daemon().name("cairn-compaction-" + name)
        .unstarted(() -> guarded(this::compactionLoop));
    this.intraL0Thread = intraL0Picker == null ? null : Thread.ofPlatform().daemon().name("cairn-l0merge-" + name)
        .unstarted(() -> guarded(this::intraL0Loop));
    int extraPieces = db.options.maxSubcompactions() - 1;
    this.subcompactionThreads = extraPieces == 0 ? null : Executors.newFixedThreadPool(extraPieces,
        Thread.ofPlatform().daemon().name("cairn-subcompaction-" + name + "-", 0).factory());
  }

  /** Starts both threads (after recovery). */
  void start() {
    flushThread.start();
    compactionThread.start();
    if (intraL0Thread != null) {
      intraL0Thread.start();
    }
  }

  /** Asks for the immutable memtable to be flushed. Mutex held. */
  void scheduleFlush() {
    flushScheduled = true;
    flushWanted.signal();
  }

  /** Asks the compaction thread to look for work. Mutex held or not. */
  void scheduleCompaction() {
    db.mutex.lock();
    try {
      compactionWanted.signal();
    } finally {
      db.mutex.unlock();
    }
  }

  /** Cuts a failure back-off short: a writer is waiting for the work. Mutex held. */
  void retryNow() {
    retryRequested = true;
    flushWanted.signal();
    compactionWanted.signal();
    intraL0Wanted.signal();
  }

  /** Asks the compaction thread to delete obsolete tables. Callable from any thread. */
  void wakeForCleanup() {
    db.mutex.lock();
    try {
      cleanupWanted = true;
      compactionWanted.signal();
    } finally {
      db.mutex.unlock();
    }
  }

  /**
   * Compacts the user key range [begin, end] (null = open) level by level, from L0 down to the
   * deepest level that holds overlapping files. Blocks until done.
   */
  void compactRange(byte[] begin, byte[] end) {
    Version version = db.versions.refCurrent();
    int deepest = 1;
    try {
      for (int level = 1; level < version.levelCount(); level++) {
        if (version.overlapInLevel(level, begin, end)) {
          deepest = level;
        }
      }
    } finally {
      version.unref();
    }
    for (int level = 0; level < deepest; level++) {
      runManual(new ManualCompaction(level, begin, end));
    }
  }

  /**
   * Starts no flush, compaction or L0 merge until {@link #resume}, and waits for the running
   * ones to finish (committed or failed), so the caller may change the version alone. Mutex held
   * (released while waiting). Obsolete tables are still deleted meanwhile.
   */
  void pause() {
    assert db.mutex.isHeldByCurrentThread();
    paused++;
    while (flushing || compacting || intraL0Merging) {
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
      return waitingForWork && !flushScheduled && !flushing && !compacting && !intraL0Merging && manual == null
          && !db.memtables.hasImmutables();
    } finally {
      db.mutex.unlock();
    }
  }

  /** Ends a {@link #pause}: background work starts again where it is due. Mutex held. */
  void resume() {
    assert db.mutex.isHeldByCurrentThread() && paused > 0;
    paused--;
    if (db.memtables.hasImmutables()) {
      flushScheduled = true;
    }
    flushWanted.signal();
    compactionWanted.signal();
    intraL0Wanted.signal();
  }

  /** Stops the threads: a running compaction is cancelled, a running flush finishes. */
  void shutDown() {
    db.mutex.lock();
    try {
      shuttingDown = true;
      flushWanted.signalAll();
      compactionWanted.signalAll();
      intraL0Wanted.signalAll();
      db.backgroundProgress.signalAll();
    } finally {
      db.mutex.unlock();
    }
    joinUninterruptibly(flushThread);
    joinUninterruptibly(compactionThread);
    if (intraL0Thread != null) {
      joinUninterruptibly(intraL0Thread);
    }
    if (subcompactionThreads != null) {
      // The compaction thread joined every piece it started before it ended.
      subcompactionThreads.shutdown();
    }
  }

  private void runManual(ManualCompaction request) {
    db.mutex.lock();
    try {
      while (manual != null) {
        db.checkOpen();
        db.awaitBackgroundProgress();
      }
      manual = request;
      compactionWanted.signal();
      while (!request.done) {
        if (db.isClosed()) {
          manual = null;
          throw new ClosedException("the database " + db.directory + " was closed during compactRange");
        }
        if (compactionThreadDied) {
          // The compaction thread died (guarded() recorded why): nobody will finish the request.
          manual = null;
          throw db.errors.fatal();
        }
        db.awaitBackgroundProgress();
      }
      manual = null;
      db.backgroundProgress.signalAll();
      if (request.error != null) {
        throw request.error;
      }
    } finally {
      db.mutex.unlock();
    }
  }

  private void flushLoop() {
    db.mutex.lock();
    try {
      while (true) {
        while ((!flushScheduled || paused > 0) && !shuttingDown) {
          flushWanted.awaitUninterruptibly();
        }
        if (shuttingDown) {
          return;
        }
        flushScheduled = false;
        while (db.memtables.hasImmutables() && !db.errors.isFatal() && !shuttingDown && !flushScheduled
            && paused == 0) {
          flushOnce();
        }
      }
    } finally {
      db.mutex.unlock();
    }
  }

  /**
   * Flushes the oldest sealed memtable; mutex held on entry and exit, released for the I/O. On
   * failure it schedules itself again after a back-off.
   */
  private void flushOnce() {
    MemTableSet.Sealed sealed = db.memtables.oldestImmutable();
    MemTable imm = sealed.table();
    long logNumber = db.memtables.logNumberAfterFlushOf(sealed);
    flushing = true;
    long started = System.nanoTime();
    db.mutex.unlock();
    CairnException failure = null;
    FileMetaData table = null;
    boolean handedOver = false;
    try {
      table = FlushJob.write(imm, db.l0Tables, db.versions);
      db.files.syncDirectory(db.directory);
      // From here the version set owns the table: on failure it deletes it or, when the
      // MANIFEST's state is uncertain, keeps it.
      handedOver = true;
      db.versions.logAndApply(new VersionEdit().setLogNumber(logNumber).addFile(0, table));
      LOG.debug("flushed memtable to L0 table {}", table);
    } catch (CairnException e) {
      failure = e;
      if (table != null && !handedOver) {
        db.deleteTableQuietly(table);
      }
    } finally {
      db.mutex.lock();
    }
    flushing = false;
    if (failure == null) {
      db.errors.succeeded();
      db.memtables.flushed(sealed);
      db.installSuperVersion();
      db.counters.flushes.increment();
      db.counters.flushNanos.add(System.nanoTime() - started);
      db.counters.flushBytesWritten.add(table.fileBytes());
      if (table.kind() == TableKind.NVMTABLE) {
        db.counters.pmemFlushBytesWritten.add(table.fileBytes());
      }
      flushRetryNanos = RETRY_FIRST_NANOS;
      DbOpener.deleteObsoleteLogsAndManifests(db);
      compactionWanted.signal();
      intraL0Wanted.signal();
    } else {
      recordFailure("flush", failure);
      flushScheduled = true;
      flushRetryNanos = backOff(flushWanted, flushRetryNanos);
    }
    db.backgroundProgress.signalAll();
  }

  private void compactionLoop() {
    db.mutex.lock();
    try {
      while (!shuttingDown) {
        if (cleanupWanted) {
          cleanupWanted = false;
          db.mutex.unlock();
          try {
            db.deleteObsoleteTables();
          } finally {
            db.mutex.lock();
          }
          continue;
        }
        if (paused > 0 || intraL0Merging || intraL0Due()) {
          // A running intra-L0 merge holds the newest L0 tables: pick once it has committed. One
          // that is due goes first: it frees slowed writers at a fraction of an L0→L1 merge.
          compactionWanted.awaitUninterruptibly();
          continue;
        }
        compacting = true;
        boolean merged;
        try {
          merged = mergeIfDue();
        } finally {
          compacting = false;
        }
        if (merged) {
          continue;
        }
        Compaction compaction = db.errors.isFatal() ? null : nextCompaction();
        if (compaction == null) {
          if (manual != null && !manual.done) {
            manual.error = db.errors.fatal();
            manual.done = true;
            db.backgroundProgress.signalAll();
          }
          waitingForWork = true;
          compactionWanted.awaitUninterruptibly();
          waitingForWork = false;
          continue;
        }
        compacting = true;
        try {
          runCompaction(compaction);
        } finally {
          compacting = false;
        }
      }
    } finally {
      db.mutex.unlock();
    }
  }

  /**
   * With the pmem-sized L0, merges the newest NVMTables of one size tier when there are enough
   * (and no manual compaction or flush is under way: the merged table's number must sort after
   * every flushed table it merges and before every later flush; a sealed memtable whose flush has
   * not started yet gets a larger number). Mutex held on entry and exit, released for the work.
   * Returns whether it merged (or tried and failed).
   */
  private boolean mergeIfDue() {
    if (mergePicker == null || flushing || manual != null || db.errors.isFatal() || shuttingDown) {
      return false;
    }
    Version version = db.versions.refCurrent();
    try {
      List<FileMetaData> inputs = mergePicker.pick(version.files(0));
      if (inputs.isEmpty()) {
        return false;
      }
      if (runMerge("L0 merge of ", inputs) != null) {
        compactionRetryNanos = backOff(compactionWanted, compactionRetryNanos);
      }
      db.backgroundProgress.signalAll();
      return true;
    } finally {
      version.unref();
    }
  }

  /**
   * The intra-L0 thread: waits for a flush or a compaction to change L0, then merges the newest L0
   * tables while the picker finds some ({@link IntraL0Picker}).
   */
  private void intraL0Loop() {
    db.mutex.lock();
    try {
      while (!shuttingDown) {
        if (!intraL0Once()) {
          intraL0Wanted.awaitUninterruptibly();
        }
      }
    } finally {
      db.mutex.unlock();
    }
  }

  /**
   * Whether the intra-L0 thread is about to merge (or waits only for the running flush): the
   * compaction thread lets it go first. Mutex held.
   */
  private boolean intraL0Due() {
    if (intraL0Picker == null || intraL0Failing || manual != null || db.errors.isFatal() || shuttingDown) {
      return false;
    }
    Version version = db.versions.refCurrent();
    try {
      return !intraL0Inputs(version).isEmpty();
    } finally {
      version.unref();
    }
  }

  /**
   * The intra-L0 picker's choice in {@code version}, or nothing when the merged table would not
   * fit the pmem budget beside L0 ({@link PmemBudget#mergeFits}). Mutex held.
   */
  private List<FileMetaData> intraL0Inputs(Version version) {
    List<FileMetaData> inputs = intraL0Picker.pick(version.files(0), l0BusyThrough);
    if (!inputs.isEmpty() && db.nvmTables != null
        && !PmemBudget.of(db.options).mergeFits(version.levelBytes(0), Compaction.bytes(inputs))) {
      return List.of();
    }
    return inputs;
  }

  /**
   * Runs one intra-L0 merge if one is due. It starts only while no flush writes (the merged
   * table's number must sort after its inputs and before every later flush), no manual compaction
   * or pause holds the version, and the database is healthy. Mutex held on entry and exit,
   * released for the work. Returns whether it merged (or tried and failed).
   */
  private boolean intraL0Once() {
    if (flushing || paused > 0 || manual != null || db.errors.isFatal() || shuttingDown) {
      return false;
    }
    // The version pins the inputs while they are merged.
    Version version = db.versions.refCurrent();
    CairnException failure;
    try {
      List<FileMetaData> inputs = intraL0Inputs(version);
      if (inputs.isEmpty()) {
        return false;
      }
      intraL0Merging = true;
      failure = runMerge("intra-L0 merge of ", inputs);
    } finally {
      intraL0Merging = false;
      version.unref();
    }
    // While it backs off after a failure, the compaction thread does not wait for it.
    intraL0Failing = failure != null;
    if (failure == null) {
      intraL0RetryNanos = RETRY_FIRST_NANOS;
    }
    compactionWanted.signal();
    db.backgroundProgress.signalAll();
    if (failure != null) {
      intraL0RetryNanos = backOff(intraL0Wanted, intraL0RetryNanos);
    }
    return true;
  }

  /**
   * Merges {@code inputs} (L0 tables, oldest first) into a new L0 table whose number is taken now,
   * with the mutex released for the work, and publishes the result; on failure records it. Mutex
   * held on entry and exit. Returns the failure, or null.
   */
  private CairnException runMerge(String what, List<FileMetaData> inputs) {
    long outputNumber = db.versions.newFileNumber();
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
      cleanupWanted = true;
    } else {
      recordFailure(what + inputs, failure);
    }
    return failure;
  }

  /** The manual compaction's next step, else a size compaction, else null. Mutex held. */
  private Compaction nextCompaction() {
    Version version = db.versions.refCurrent();
    try {
      while (manual != null && !manual.done) {
        Compaction step = picker.pickRange(version, manual.level, manual.begin, manual.end);
        if (step != null) {
          return step;
        }
        manual.done = true;
        db.backgroundProgress.signalAll();
      }
      return picker.pickSizeCompaction(version);
    } finally {
      version.unref();
    }
  }

  /** Runs one compaction; mutex held on entry and exit, released for the work. */
  private void runCompaction(Compaction compaction) {
    long smallestSnapshot = db.snapshots.oldest(db.versions.lastSequence());
    ManualCompaction request = compaction.isManual() ? manual : null;
    boolean drainsL0 = compaction.level() == 0 && !compaction.isTrivialMove();
    long l0Bytes = drainsL0 ? compaction.levelInputBytes() : 0;
    if (compaction.level() == 0) {
      for (FileMetaData input : compaction.inputs(0)) {
        l0BusyThrough = Math.max(l0BusyThrough, input.number());
      }
      intraL0Wanted.signal();
    }
    db.mutex.unlock();
    CairnException failure = null;
    boolean cancelled = false;
    long started = System.nanoTime();
    try {
      CompactionStep.run(db, compaction, smallestSnapshot, () -> shuttingDown,
          subcompactionThreads != null ? subcompactionThreads : Runnable::run);
    } catch (CompactionJob.CancelledException e) {
      cancelled = true;
    } catch (CairnException e) {
      failure = e;
    } finally {
      compaction.release();
      db.mutex.lock();
      l0BusyThrough = -1;
      intraL0Wanted.signal();
    }
    if (cancelled) {
      db.errors.cancelled();
    } else if (failure == null) {
      db.errors.succeeded();
    }
    if (failure == null && !cancelled) {
      long took = System.nanoTime() - started;
      if (drainsL0) {
        db.writeController.recordL0Drain(l0Bytes, took);
        db.counters.l0CompactionNanos.add(took);
      } else if (!compaction.isTrivialMove()) {
        db.counters.deeperCompactionNanos.add(took);
      }
      db.installSuperVersion();
      compactionRetryNanos = RETRY_FIRST_NANOS;
      cleanupWanted = true;
    } else if (failure != null) {
      recordFailure("compaction " + compaction, failure);
      if (request != null) {
        request.error = failure;
        request.done = true;
      } else {
        compactionRetryNanos = backOff(compactionWanted, compactionRetryNanos);
      }
    }
    db.backgroundProgress.signalAll();
  }

  /** Records a background failure: fatal when the state is uncertain or data is corrupt. Mutex held. */
  private void recordFailure(String work, CairnException failure) {
    boolean fatal = failure instanceof CorruptionException || db.versions.isUncertain();
    db.errors.failed(failure, fatal);
    if (fatal) {
      LOG.error("{} failed; the database refuses writes until it is reopened: {}", work, failure.getMessage());
    } else {
      LOG.warn("{} failed, will retry: {}", work, failure.getMessage());
    }
  }

  /** Waits {@code nanos} on {@code condition} (unless shutting down); returns the next back-off. */
  private long backOff(Condition condition, long nanos) {
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

  private void guarded(Runnable loop) {
    try {
      loop.run();
    } catch (Throwable unexpected) {
      LOG.error("background thread {} died", Thread.currentThread().getName(), unexpected);
      db.mutex.lock();
      try {
        db.errors.fail(new CairnIoException("background work failed unexpectedly: " + unexpected, unexpected));
        compactionThreadDied |= Thread.currentThread() == compactionThread;
        db.backgroundProgress.signalAll();
      } finally {
        db.mutex.unlock();
      }
      if (unexpected instanceof Error error && !(unexpected instanceof AssertionError)) {
        throw error;
      }
    }
  }

  private static void joinUninterruptibly(Thread thread) {
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
