package io.cairn.lsm.internal.db;

import io.cairn.common.CairnException;
import io.cairn.lsm.internal.compaction.Compaction;
import io.cairn.lsm.internal.compaction.IntraL0Picker;
import io.cairn.lsm.internal.pmem.PmemBudget;
import io.cairn.lsm.internal.version.FileMetaData;
import io.cairn.lsm.internal.version.Version;
import java.util.List;
import java.util.concurrent.locks.Condition;

/**
 * The intra-L0 merge thread (when {@code l0MergeMaxBytes} is set, outside the pmem-sized L0):
 * beside a running L0 to L1 compaction, or once L0 reaches its slowdown trigger, it merges the
 * newest L0 tables the compaction does not hold into one L0 table ({@link IntraL0Picker}). When
 * merges are off it has no thread, is never due and never merging.
 *
 * <p>Thread-safety: state is guarded by the database mutex.
 */
final class IntraL0Merger {
  private final DbImpl db;
  private final BackgroundWork background;
  /** Picks intra-L0 merges of the newest L0 tables; null when they are off. */
  private final IntraL0Picker picker;
  private final Condition wanted;
  /** Runs intra-L0 merges; null when they are off. */
  private final Thread thread;
  /** Whether an intra-L0 merge is running (its work outside the mutex). */
  private boolean merging;
  /** The largest file number among the L0 tables the running compaction holds, -1 when none holds any. */
  private long l0BusyThrough = -1;
  private long retryNanos = BackgroundWork.RETRY_FIRST_NANOS;
  /** Whether the last intra-L0 merge failed (it backs off, then retries). */
  private boolean failing;

  IntraL0Merger(DbImpl db, BackgroundWork background, String name) {
    this.db = db;
    this.background = background;
    this.picker = db.options.l0MergeMaxBytes() > 0 && !db.options.pmemSizedL0()
        ? new IntraL0Picker(db.options.l0MergeMaxBytes(), db.options.l0SlowdownTrigger())
        : null;
    this.wanted = db.mutex.newCondition();
    this.thread = picker == null ? null : Thread.ofPlatform().daemon().name("cairn-l0merge-" + name)
        .unstarted(() -> background.guarded(this::loop));
  }

  void start() {
    if (thread != null) {
      thread.start();
    }
  }

  /** Asks the thread to look for a merge (L0 changed, or a pause ended). Mutex held. */
  void signal() {
    wanted.signal();
  }

  /** Wakes the thread at shutdown. Mutex held. */
  void wake() {
    wanted.signalAll();
  }

  /** Whether a merge is running. Mutex held. */
  boolean merging() {
    return merging;
  }

  /** Records that a compaction holds these L0 tables: a merge takes only newer ones. Mutex held. */
  void holdL0(List<FileMetaData> inputs) {
    for (FileMetaData input : inputs) {
      l0BusyThrough = Math.max(l0BusyThrough, input.number());
    }
    wanted.signal();
  }

  /** The compaction that held L0 tables has ended. Mutex held. */
  void releaseL0() {
    l0BusyThrough = -1;
    wanted.signal();
  }

  void join() {
    if (thread != null) {
      BackgroundWork.joinUninterruptibly(thread);
    }
  }

  /**
   * Whether the thread is about to merge (or waits only for the running flush): the compaction
   * thread lets it go first. Mutex held.
   */
  boolean due() {
    if (picker == null || failing || background.compactions().manualPending() || db.errors.isFatal()
        || background.shuttingDown()) {
      return false;
    }
    Version version = db.versions.refCurrent();
    try {
      return !inputs(version).isEmpty();
    } finally {
      version.unref();
    }
  }

  /** Waits for a flush or a compaction to change L0, then merges while the picker finds some. */
  private void loop() {
    db.mutex.lock();
    try {
      while (!background.shuttingDown()) {
        if (!mergeOnce()) {
          wanted.awaitUninterruptibly();
        }
      }
    } finally {
      db.mutex.unlock();
    }
  }

  /**
   * The picker's choice in {@code version}, or nothing when the merged table would not fit the
   * pmem budget beside L0 ({@link PmemBudget#mergeFits}). Mutex held.
   */
  private List<FileMetaData> inputs(Version version) {
    List<FileMetaData> inputs = picker.pick(version.files(0), l0BusyThrough);
    if (!inputs.isEmpty() && db.nvmTables != null
        && !db.pmemBudget.mergeFits(version.level0DataBytes(), Compaction.bytes(inputs))) {
      return List.of();
    }
    return inputs;
  }

  /**
   * Runs one merge if one is due. It starts only while no flush writes (the merged table's number
   * must sort after its inputs and before every later flush), no manual compaction or pause holds
   * the version, and the database is healthy. Mutex held on entry and exit, released for the
   * work. Returns whether it merged (or tried and failed).
   */
  private boolean mergeOnce() {
    if (background.flushes().flushing() || background.paused() || background.compactions().manualPending()
        || db.errors.isFatal() || background.shuttingDown()) {
      return false;
    }
    // The version pins the inputs while they are merged.
    Version version = db.versions.refCurrent();
    CairnException failure;
    try {
      List<FileMetaData> inputs = inputs(version);
      if (inputs.isEmpty()) {
        return false;
      }
      merging = true;
      failure = background.runMerge("intra-L0 merge of ", inputs);
    } finally {
      merging = false;
      version.unref();
    }
    // While it backs off after a failure, the compaction thread does not wait for it.
    failing = failure != null;
    if (failure == null) {
      retryNanos = BackgroundWork.RETRY_FIRST_NANOS;
    }
    background.compactions().signal();
    db.backgroundProgress.signalAll();
    if (failure != null) {
      retryNanos = background.backOff(wanted, retryNanos);
    }
    return true;
  }
}
