package io.cairn.lsm.internal.db;

import io.cairn.common.CairnException;
import io.cairn.common.ClosedException;
import io.cairn.lsm.internal.compaction.Compaction;
import io.cairn.lsm.internal.compaction.CompactionJob;
import io.cairn.lsm.internal.compaction.CompactionPicker;
import io.cairn.lsm.internal.compaction.L0MergePicker;
import io.cairn.lsm.internal.version.ContainerRefs;
import io.cairn.lsm.internal.version.FileMetaData;
import io.cairn.lsm.internal.version.Version;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.Condition;

/**
 * The compaction thread: runs major compactions (size-triggered, or asked for by compactRange),
 * with the pmem-sized L0 merges NVMTables of one size tier on pmem, and deletes files that became
 * obsolete. A compaction split into subcompactions runs its extra pieces on a pool of {@code
 * maxSubcompactions - 1} threads. It lets a due intra-L0 merge go first ({@link IntraL0Merger}).
 *
 * <p>Thread-safety: state is guarded by the database mutex.
 */
final class CompactionScheduler {
  /** A compactRange request for one level, or for rewriting one table of it in place. */
  private static final class ManualCompaction {
    final int level;
    final byte[] begin;
    final byte[] end;
    /** The table to rewrite in place (value relocation), or null: compact the range down. */
    final FileMetaData rewrite;
    boolean picked;
    boolean done;
    CairnException error;

    ManualCompaction(int level, byte[] begin, byte[] end, FileMetaData rewrite) {
      this.level = level;
      this.begin = begin;
      this.end = end;
      this.rewrite = rewrite;
    }
  }

  private final DbImpl db;
  private final BackgroundWork background;
  private final CompactionPicker picker;
  /** Picks NVMTables to merge on pmem (the pmem-sized L0); null otherwise. */
  private final L0MergePicker mergePicker;
  private final Condition wanted;
  private final Thread thread;
  /** Runs the subcompactions after the first of a split compaction; null when they are off. */
  private final ExecutorService subcompactionThreads;
  private boolean cleanupWanted;
  private ManualCompaction manual;
  private long retryNanos = BackgroundWork.RETRY_FIRST_NANOS;
  /** Whether a compaction or an L0 merge is running (its work outside the mutex). */
  private boolean compacting;
  /** Whether the thread waits because it found nothing to do. */
  private boolean waitingForWork;
  /** Set (mutex held) when the thread ended by an unexpected throwable. */
  private boolean died;

  CompactionScheduler(DbImpl db, BackgroundWork background, String name) {
    this.db = db;
    this.background = background;
    this.picker = new CompactionPicker(db.versions, db.options, db.tableCache::approximateOffsetOf);
    this.mergePicker = db.nvmTables != null && db.options.pmemSizedL0()
        ? new L0MergePicker(L0MergePicker.DEFAULT_FAN_IN, db.options.writeBufferBytes(), db.options.pmemBudgetBytes() / 4)
        : null;
    this.wanted = db.mutex.newCondition();
    this.thread = Thread.ofPlatform().daemon().name("cairn-compaction-" + name)
        .unstarted(() -> background.guarded(this::loop));
    int extraPieces = db.options.maxSubcompactions() - 1;
    this.subcompactionThreads = extraPieces == 0 ? null : Executors.newFixedThreadPool(extraPieces,
        Thread.ofPlatform().daemon().name("cairn-subcompaction-" + name + "-", 0).factory());
  }

  void start() {
    thread.start();
  }

  /** Asks the thread to look for work. Mutex held. */
  void signal() {
    wanted.signal();
  }

  /** Wakes the thread at shutdown. Mutex held. */
  void wake() {
    wanted.signalAll();
  }

  /** Asks the thread to delete obsolete tables. Mutex held. */
  void wantCleanup() {
    cleanupWanted = true;
  }

  /** Whether a compactRange request is under way. Mutex held. */
  boolean manualPending() {
    return manual != null;
  }

  /** Whether a compaction or a pmem L0 merge is running. Mutex held. */
  boolean compacting() {
    return compacting;
  }

  /** Whether the thread waits because it found nothing to do. Mutex held. */
  boolean waitingForWork() {
    return waitingForWork;
  }

  /** Records that this scheduler's thread died, when {@code current} is it. Mutex held. */
  void noteDeath(Thread current) {
    died |= current == thread;
  }

  /** Joins the thread, then ends the subcompaction pool (every piece it started was joined). */
  void join() {
    BackgroundWork.joinUninterruptibly(thread);
    if (subcompactionThreads != null) {
      subcompactionThreads.shutdown();
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
      runManual(new ManualCompaction(level, begin, end, null));
    }
    relocateInRange(begin, end);
  }

  /**
   * Garbage collection when nothing else compacts: rewrites in place every table of the range
   * whose references name a Container the relocation rule picks now, so its values move to new
   * value Containers and the picked Containers lose these holders. One pass over the tables the
   * current version holds (the Containers it writes are the newest, and picked by age only later).
   */
  private void relocateInRange(byte[] begin, byte[] end) {
    java.util.Set<Long> relocated = CompactionStep.relocatedContainers(db);
    if (relocated.isEmpty()) {
      return;
    }
    List<ManualCompaction> rewrites = new java.util.ArrayList<>();
    Version version = db.versions.refCurrent();
    try {
      for (int level = 1; level < version.levelCount(); level++) {
        for (FileMetaData file : version.overlappingInputs(level, begin, end)) {
          ContainerRefs refs = file.containerRefs();
          for (int i = 0; i < refs.size(); i++) {
            if (relocated.contains(refs.container(i))) {
              rewrites.add(new ManualCompaction(level, begin, end, file));
              break;
            }
          }
        }
      }
    } finally {
      version.unref();
    }
    rewrites.forEach(this::runManual);
  }

  private void runManual(ManualCompaction request) {
    db.mutex.lock();
    try {
      while (manual != null) {
        db.checkOpen();
        db.awaitBackgroundProgress();
      }
      manual = request;
      wanted.signal();
      while (!request.done) {
        if (db.isClosed()) {
          manual = null;
          throw new ClosedException("the database " + db.directory + " was closed during compactRange");
        }
        if (died) {
          // The thread died (guarded() recorded why): nobody will finish the request.
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

  private void loop() {
    db.mutex.lock();
    try {
      while (!background.shuttingDown()) {
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
        IntraL0Merger intraL0 = background.intraL0();
        if (background.paused() || intraL0.merging() || intraL0.due()) {
          // A running intra-L0 merge holds the newest L0 tables: pick once it has committed. One
          // that is due goes first: it frees slowed writers at a fraction of an L0→L1 merge.
          wanted.awaitUninterruptibly();
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
          wanted.awaitUninterruptibly();
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
    if (mergePicker == null || background.flushes().flushing() || manual != null || db.errors.isFatal()
        || background.shuttingDown()) {
      return false;
    }
    Version version = db.versions.refCurrent();
    try {
      List<FileMetaData> inputs = mergePicker.pick(version.files(0));
      if (inputs.isEmpty()) {
        return false;
      }
      if (background.runMerge("L0 merge of ", inputs) != null) {
        retryNanos = background.backOff(wanted, retryNanos);
      }
      db.backgroundProgress.signalAll();
      return true;
    } finally {
      version.unref();
    }
  }

  /** The manual compaction's next step, else a size compaction, else null. Mutex held. */
  private Compaction nextCompaction() {
    Version version = db.versions.refCurrent();
    try {
      while (manual != null && !manual.done) {
        Compaction step;
        if (manual.rewrite != null) {
          step = manual.picked ? null : picker.pickRewrite(version, manual.level, manual.rewrite);
          manual.picked = true;
        } else {
          step = picker.pickRange(version, manual.level, manual.begin, manual.end);
        }
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
      background.intraL0().holdL0(compaction.inputs(0));
    }
    db.mutex.unlock();
    CairnException failure = null;
    boolean cancelled = false;
    long started = System.nanoTime();
    try {
      CompactionStep.run(db, compaction, smallestSnapshot, background::shuttingDown,
          subcompactionThreads != null ? subcompactionThreads : Runnable::run);
    } catch (CompactionJob.CancelledException e) {
      cancelled = true;
    } catch (CairnException e) {
      failure = e;
    } finally {
      compaction.release();
      db.mutex.lock();
      background.intraL0().releaseL0();
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
      retryNanos = BackgroundWork.RETRY_FIRST_NANOS;
      cleanupWanted = true;
    } else if (failure != null) {
      background.recordFailure("compaction " + compaction, failure);
      if (request != null) {
        request.error = failure;
        request.done = true;
      } else {
        retryNanos = background.backOff(wanted, retryNanos);
      }
    }
    db.backgroundProgress.signalAll();
  }
}
