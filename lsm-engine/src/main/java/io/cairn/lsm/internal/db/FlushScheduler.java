package io.cairn.lsm.internal.db;

import io.cairn.common.CairnException;
import io.cairn.lsm.internal.compaction.FlushJob;
import io.cairn.lsm.internal.memtable.MemTable;
import io.cairn.lsm.internal.table.TableKind;
import io.cairn.lsm.internal.version.FileMetaData;
import io.cairn.lsm.internal.version.VersionEdit;
import java.util.List;
import java.util.concurrent.locks.Condition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flush thread: writes the sealed memtables to L0, oldest first (minor compaction); when several
 * wait, one flush writes them as one table (RocksDB's flush job takes every ready memtable), so a
 * flush that fell behind the writers pays its fixed costs once for all of them. It never
 * waits behind a compaction: it takes the mutex only to pick its memtable and to publish the
 * result. On an I/O failure it records the background error and tries again after a back-off.
 *
 * <p>Thread-safety: state is guarded by the database mutex.
 */
final class FlushScheduler {
  private static final Logger LOG = LoggerFactory.getLogger(FlushScheduler.class);

  /**
   * Entries one flush takes at most when it writes several waiting memtables as one table (the
   * oldest is always taken whole): a quarter of an NVMTable's 2^24.
   */
  static final long MAX_ENTRIES_PER_FLUSH = 1L << 22;

  private final DbImpl db;
  private final BackgroundWork background;
  private final Condition wanted;
  private final Thread thread;
  private boolean scheduled;
  /** Whether a flush is writing its table (set under the mutex before it takes a file number). */
  private boolean flushing;
  private long retryNanos = BackgroundWork.RETRY_FIRST_NANOS;

  FlushScheduler(DbImpl db, BackgroundWork background, String name) {
    this.db = db;
    this.background = background;
    this.wanted = db.mutex.newCondition();
    this.thread = Thread.ofPlatform().daemon().name("cairn-flush-" + name)
        .unstarted(() -> background.guarded(this::loop));
  }

  void start() {
    thread.start();
  }

  /** Asks for the immutable memtable to be flushed. Mutex held. */
  void schedule() {
    scheduled = true;
    wanted.signal();
  }

  /** Whether a flush is scheduled but not yet picked up. Mutex held. */
  boolean scheduled() {
    return scheduled;
  }

  /** Whether a flush is writing its table. Mutex held. */
  boolean flushing() {
    return flushing;
  }

  /** Wakes the thread (after a pause, for a retry); schedules a flush if a memtable waits. Mutex held. */
  void resume() {
    if (db.memtables.hasImmutables()) {
      scheduled = true;
    }
    wanted.signal();
  }

  /** Wakes the thread without scheduling work (a retry asked for, shutdown). Mutex held. */
  void wake() {
    wanted.signalAll();
  }

  void join() {
    BackgroundWork.joinUninterruptibly(thread);
  }

  /** Whether {@code sealed} may go into one table: entries within {@link #MAX_ENTRIES_PER_FLUSH}. */
  private static boolean fitsOneFlush(List<MemTableSet.Sealed> sealed) {
    long entries = 0;
    for (MemTableSet.Sealed one : sealed) {
      entries += one.table().entries();
    }
    return entries <= MAX_ENTRIES_PER_FLUSH;
  }

  private void loop() {
    db.mutex.lock();
    try {
      while (true) {
        while ((!scheduled || background.paused()) && !background.shuttingDown()) {
          wanted.awaitUninterruptibly();
        }
        if (background.shuttingDown()) {
          return;
        }
        scheduled = false;
        while (db.memtables.hasImmutables() && !db.errors.isFatal() && !background.shuttingDown() && !scheduled
            && !background.paused()) {
          flushOnce();
        }
      }
    } finally {
      db.mutex.unlock();
    }
  }

  /**
   * Flushes the oldest sealed memtable, and with it the others waiting behind it (up to {@link
   * #MAX_ENTRIES_PER_FLUSH} entries), into one L0 table; mutex held on entry and exit, released for
   * the I/O. On failure it schedules itself again after a back-off.
   */
  private void flushOnce() {
    background.compactions().beforeFlush();
    List<MemTableSet.Sealed> sealed = db.memtables.oldestImmutables(FlushScheduler::fitsOneFlush);
    List<MemTable> imm = sealed.stream().map(MemTableSet.Sealed::table).toList();
    long logNumber = db.memtables.logNumberAfterFlushOf(sealed);
    flushing = true;
    long started = System.nanoTime();
    db.mutex.unlock();
    CairnException failure = null;
    FileMetaData table = null;
    boolean handedOver = false;
    long written = 0;
    long installed = 0;
    try {
      table = FlushJob.write(imm, db.l0Tables, db.versions);
      written = System.nanoTime();
      if (table.kind() != TableKind.NVMTABLE) {
        // An SSTable's name is durable once its directory is synced. An NVMTable's region makes
        // its own name durable in the pmem directory (RegionFiles), as L0MergeStep relies on: a
        // sync of the database directory on the SSD would only add an fsync to every pmem flush.
        db.files.syncDirectory(db.directory);
      }
      // The sealed segments are not synced here (session 12): the table, synced with its name,
      // holds their writes once it is recorded, and recovery then starts after them; until then a
      // segment cut short by a power cut loses unsynced writes only, and the start markers keep
      // what survives a prefix. A synced write has synced them already (WriteCoordinator).
      // From here the version set owns the table: on failure it deletes it or, when the
      // MANIFEST's state is uncertain, keeps it.
      handedOver = true;
      db.versions.logAndApply(new VersionEdit().setLogNumber(logNumber).addFile(0, table));
      db.memtables.retireSealedLogs(sealed);
      installed = System.nanoTime();
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
      // A successful flush's times, each counter before the ones a stats snapshot reads ahead of
      // it (DbCounters reads flushes, then the memtables, the table and install times, then the
      // total): a snapshot taken while a flush finishes never shows parts beyond their whole.
      db.counters.flushNanos.add(System.nanoTime() - started);
      db.counters.flushTableNanos.add(written - started);
      db.counters.flushInstallNanos.add(installed - written);
      db.counters.flushedMemTables.add(sealed.size());
      db.counters.flushes.increment();
      db.counters.flushBytesWritten.add(table.fileBytes());
      if (table.kind() == TableKind.NVMTABLE) {
        db.counters.pmemFlushBytesWritten.add(table.fileBytes());
      }
      retryNanos = BackgroundWork.RETRY_FIRST_NANOS;
      DbOpener.deleteObsoleteLogsAndManifests(db);
      background.compactions().signal();
      background.intraL0().signal();
    } else {
      background.recordFailure("flush", failure);
      scheduled = true;
      retryNanos = background.backOff(wanted, retryNanos);
    }
    db.backgroundProgress.signalAll();
  }
}
