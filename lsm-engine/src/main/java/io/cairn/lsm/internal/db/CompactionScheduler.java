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
  /** A tier merge was due while a flush ran: the next flush reserves it first ({@link #beforeFlush}). */
  private boolean mergeWanted;
  /** Inputs of a tier merge reserved before a flush took its number, or null; see {@link #reservedNumber}. */
  private List<FileMetaData> reservedInputs;
  /** The output number taken for {@link #reservedInputs}: after the inputs', before the flush's. */
  private long reservedNumber;

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

  /**
   * Called by the flush thread before a flush takes its table's number (mutex held). With the
   * pmem-sized L0, when a tier merge was found due while flushes kept the thread busy, and this
   * thread is idle (so no running compaction or merge holds L0's tables), reserves it: picks its
   * inputs from the current version and takes its output number now, so the merged table sorts
   * after its inputs and before the flush about to start. The merge then runs beside that flush.
   * Without this, flushes that follow each other without a gap (memtables queued) keep every
   * tier merge waiting, and reads ask more L0 tables (session 11).
   */
  void beforeFlush() {
    if (!mergeWanted || reservedInputs != null || compacting || manual != null || background.paused()
        || db.errors.isFatal() || background.shuttingDown()) {
      return;
    }
    mergeWanted = false;
    Version version = db.versions.refCurrent();
    try {
      List<FileMetaData> inputs = mergePicker.pick(version.files(0));
      if (!inputs.isEmpty()) {
        reservedInputs = inputs;
        reservedNumber = db.versions.newFileNumber();
        wanted.signal();
      }
    } finally {
      version.unref();
    }
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
   * With the pmem-sized L0, runs the tier merge {@link #beforeFlush} reserved, else merges the
   * newest NVMTables of one size tier when there are enough (and no manual compaction or flush is
   * under way, else it asks the next flush to reserve it: the merged table's number must sort after
   * every flushed table it merges and before every later flush; a sealed memtable whose flush has
   * not started yet gets a larger number). Mutex held on entry and exit, released for the work.
   * Returns whether it merged (or tried and failed).
   */
  private boolean mergeIfDue() {
    List<FileMetaData> reserved = reservedInputs;
    reservedInputs = null;
    if (mergePicker == null || manual != null || db.errors.isFatal() || background.shuttingDown()) {
      return false;
    }
    if (reserved != null && stillInL0(reserved)) {
      // Reserved before the running flush took its number; its inputs are still L0's as picked
      // (a pause that replaced the contents in between drops the reservation).
      if (background.runMerge("L0 merge of ", reserved, reservedNumber) != null) {
        retryNanos = background.backOff(wanted, retryNanos);
      }
      db.backgroundProgress.signalAll();
      return true;
    }
    Version version = db.versions.refCurrent();
    try {
      List<FileMetaData> inputs = mergePicker.pick(version.files(0));
      if (inputs.isEmpty()) {
        return false;
      }
      if (background.flushes().flushing()) {
        mergeWanted = true;
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

  /** Whether every table of {@code inputs} is in the current version's L0 as that record. Mutex held. */
  private boolean stillInL0(List<FileMetaData> inputs) {
    List<FileMetaData> level0 = db.versions.peekCurrent().files(0);
    return inputs.stream().allMatch(input -> level0.stream().anyMatch(file -> file == input));
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
