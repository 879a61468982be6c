package io.cairn.lsm.internal.db;

import io.cairn.common.CairnException;
import io.cairn.lsm.internal.log.LogWriter;
import io.cairn.lsm.internal.memtable.MemTable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memtables of a database and their WAL segments: one mutable memtable with the WAL writer
 * it is logged to, and up to {@code maxImmutables} sealed memtables waiting for their flush,
 * oldest first, each with the number of the WAL segment that holds it (RocksDB's memtable list).
 *
 * <p>Invariants (asserted): the mutable memtable and its WAL are set once the database is open;
 * sealed memtables are flushed strictly oldest first (one flush may take several of the oldest
 * into one table, as RocksDB's flush takes every waiting memtable); WAL numbers grow from the oldest sealed
 * memtable to the mutable one; there are never more than {@code maxImmutables} sealed ones. The
 * WAL segments a recovery needs are those from {@link #oldestLiveLogNumber()} on.
 *
 * <p>Sealed WAL segments stay open and unsynced when they are sealed, so that no writer waits for
 * an {@code fsync} of a whole segment. A sealed segment is synced only when something depends on
 * it: {@link #syncSealedLogs} syncs (and then closes) them oldest first, from a synced write before
 * its own segment and from close. The flush never syncs one: once the table made from a sealed
 * memtable is recorded in the MANIFEST (the table itself synced first), recovery never reads its
 * segment again, and before that an unsynced segment cut short is an unsynced write lost, which
 * the start markers turn into a prefix ({@link WalReplay}); {@link #retireSealedLogs} then closes
 * it unsynced. Every sealed segment numbered at or below {@code closedLogNumber} is closed
 * (synced, or retired); the others are open and unsynced.
 *
 * <p>Thread-safety: guarded by the database mutex, which every method but the constructor and
 * {@link #syncSealedLogs} requires (a writer reads {@link #mutable()} and {@link #log()} under it,
 * then uses them without it while it is the group's leader: the set never closes the live WAL
 * behind a leader's back, since only the leader switches it). {@link #syncSealedLogs} runs without
 * the mutex; syncs are serialized by a lock of their own, always taken before the mutex.
 */
final class MemTableSet {
  private static final Logger LOG = LoggerFactory.getLogger(MemTableSet.class);

  /**
   * A sealed memtable and the WAL segment that holds its writes, with the segment's writer (open
   * until {@link #syncSealedLogs} has synced it or {@link #retireSealedLogs} has closed it; null in
   * tests that need no WAL).
   */
  record Sealed(MemTable table, long logNumber, LogWriter log) {}

  private final ReentrantLock mutex;
  /** Serializes the syncs and closes of sealed segments; taken before the mutex, never under it. */
  private final ReentrantLock sealedSync = new ReentrantLock();
  /** Sealed segments numbered at or below are closed: synced, or retired after their flush. */
  private long closedLogNumber = -1;
  private final int maxImmutables;
  private final ArrayDeque<Sealed> immutables = new ArrayDeque<>();
  private MemTable mutable;
  private LogWriter log;
  private long logNumber;
  /** The newest WAL segment whose directory entry a directory sync has made durable. */
  private long namedLogNumber = -1;

  /** An empty set; {@link #start} gives it its first WAL. */
  MemTableSet(ReentrantLock mutex, MemTable first, int maxImmutables) {
    assert maxImmutables >= 1;
    this.mutex = mutex;
    this.mutable = first;
    this.maxImmutables = maxImmutables;
  }

  /** Gives the mutable memtable its WAL writer (at open, once). */
  void start(LogWriter writer, long number) {
    assert mutex.isHeldByCurrentThread() || !mutex.isLocked();
    assert log == null && immutables.isEmpty() : "the WAL is started once";
    log = writer;
    logNumber = number;
  }

  /** The memtable writes go into. */
  MemTable mutable() {
    assert mutex.isHeldByCurrentThread();
    return mutable;
  }

  /** The WAL writer of the mutable memtable, or null before {@link #start} and after {@link #closeLogs}. */
  LogWriter log() {
    assert mutex.isHeldByCurrentThread() || !mutex.isLocked();
    return log;
  }

  /** The number of the mutable memtable's WAL segment. */
  long logNumber() {
    return logNumber;
  }

  /** Whether another memtable may be sealed now (else the writer waits for a flush). */
  boolean canSeal() {
    assert mutex.isHeldByCurrentThread();
    return immutables.size() < maxImmutables;
  }

  /** Whether a sealed memtable waits for its flush. */
  boolean hasImmutables() {
    assert mutex.isHeldByCurrentThread();
    return !immutables.isEmpty();
  }

  /** Number of sealed memtables waiting for their flush. */
  int immutableCount() {
    assert mutex.isHeldByCurrentThread();
    return immutables.size();
  }

  /**
   * Seals the mutable memtable with its WAL, which stays open and unsynced until {@link
   * #syncSealedLogs}, and starts {@code fresh} with the new WAL {@code writer}.
   */
  void seal(MemTable fresh, LogWriter writer, long number) {
    assert mutex.isHeldByCurrentThread();
    assert canSeal() : "no room for another immutable memtable";
    assert number > logNumber : "WAL numbers grow: " + number + " after " + logNumber;
    immutables.addLast(new Sealed(mutable, logNumber, log));
    mutable = fresh;
    log = writer;
    logNumber = number;
  }

  /**
   * Drops every memtable, sealed or not, with its WAL segment, and starts {@code fresh} with the
   * new WAL {@code writer} (the database's contents were replaced: {@code Db.replaceAll}). The old
   * writers are closed unsynced; their segments are obsolete once the MANIFEST names {@code number}.
   * No sync of a sealed segment may run meanwhile (the caller has paused the flushes and holds
   * the writer queue).
   */
  void discardAll(MemTable fresh, LogWriter writer, long number) {
    assert mutex.isHeldByCurrentThread();
    assert number > logNumber : "WAL numbers grow: " + number + " after " + logNumber;
    assert !sealedSync.isLocked() : "a sealed segment is being synced";
    closeLogs();
    immutables.clear();
    mutable = fresh;
    log = writer;
    logNumber = number;
  }

  /** The oldest sealed memtable (the next to flush), or null. */
  Sealed oldestImmutable() {
    assert mutex.isHeldByCurrentThread();
    return immutables.peekFirst();
  }

  /**
   * The oldest sealed memtables, oldest first, as many as {@code fits} accepts one by one (the
   * oldest is always taken, so the result holds at least it): what one flush may write as one table.
   */
  List<Sealed> oldestImmutables(Predicate<List<Sealed>> fits) {
    assert mutex.isHeldByCurrentThread();
    List<Sealed> taken = new ArrayList<>();
    for (Sealed sealed : immutables) {
      taken.add(sealed);
      if (taken.size() > 1 && !fits.test(taken)) {
        taken.removeLast();
        break;
      }
    }
    return List.copyOf(taken);
  }

  /**
   * The WAL number recovery starts from once {@code flushed} (the oldest sealed memtables, oldest
   * first) are flushed: the segment of the next sealed memtable, else the mutable memtable's.
   */
  long logNumberAfterFlushOf(List<Sealed> flushed) {
    assert mutex.isHeldByCurrentThread();
    assert isOldest(flushed) : "flushes go oldest first";
    Iterator<Sealed> it = immutables.iterator();
    for (int i = 0; i < flushed.size(); i++) {
      it.next();
    }
    return it.hasNext() ? it.next().logNumber() : logNumber;
  }

  /** Drops {@code flushed} (the oldest, oldest first) once their table is listed in the MANIFEST. */
  void flushed(List<Sealed> flushed) {
    assert mutex.isHeldByCurrentThread();
    assert isOldest(flushed) : "flushed " + flushed + " but the oldest is " + immutables.peekFirst();
    for (int i = 0; i < flushed.size(); i++) {
      immutables.pollFirst();
    }
  }

  private boolean isOldest(List<Sealed> flushed) {
    Iterator<Sealed> it = immutables.iterator();
    for (Sealed sealed : flushed) {
      if (!it.hasNext() || it.next() != sealed) {
        return false;
      }
    }
    return !flushed.isEmpty();
  }

  /** The oldest WAL segment still holding unflushed writes. */
  long oldestLiveLogNumber() {
    Sealed oldest = immutables.peekFirst();
    return oldest != null ? oldest.logNumber() : logNumber;
  }

  /** The sealed memtables, newest first (the order reads consult them in). */
  List<MemTable> immutablesNewestFirst() {
    assert mutex.isHeldByCurrentThread();
    List<MemTable> tables = new ArrayList<>(immutables.size());
    immutables.descendingIterator().forEachRemaining(sealed -> tables.add(sealed.table()));
    return List.copyOf(tables);
  }

  /** Bytes held by every memtable. */
  long approximateBytes() {
    assert mutex.isHeldByCurrentThread();
    long bytes = mutable.approximateBytes();
    for (Sealed sealed : immutables) {
      bytes += sealed.table().approximateBytes();
    }
    return bytes;
  }

  /**
   * Whether the live WAL segment's directory entry may not be durable yet: a synced write then
   * syncs the directory before it returns, since an {@code fsync} of a new file does not make its
   * name durable (once per segment; the flush's directory syncs do not count, they may come first).
   */
  boolean liveLogUnnamed() {
    assert mutex.isHeldByCurrentThread();
    return namedLogNumber < logNumber;
  }

  /** Records that a directory sync made segment {@code number}'s name (and every older one's) durable. */
  void logNamed(long number) {
    assert mutex.isHeldByCurrentThread();
    namedLogNumber = Math.max(namedLogNumber, number);
  }

  /** Whether a sealed WAL segment is not synced yet (a synced write then syncs it first). */
  boolean hasUnsyncedSealedLogs() {
    assert mutex.isHeldByCurrentThread();
    Sealed newest = immutables.peekLast();
    return newest != null && newest.logNumber() > closedLogNumber;
  }

  /**
   * Syncs every sealed WAL segment numbered at most {@code upTo} that is not synced yet, oldest
   * first, and closes each once synced (nothing is appended to a sealed segment). Called without
   * the mutex; concurrent calls sync each segment once.
   *
   * @throws io.cairn.common.CairnIoException when a sync fails: the segments from it on stay
   *     unsynced and open, and the caller must refuse further writes (the WAL's state is unknown)
   */
  void syncSealedLogs(long upTo) {
    assert !mutex.isHeldByCurrentThread() : "a sealed segment's fsync must not hold the database mutex";
    sealedSync.lock();
    try {
      for (Sealed next = nextUnsynced(upTo); next != null; next = nextUnsynced(upTo)) {
        next.log().sync();
        closeQuietly(next.log(), next.logNumber());
        mutex.lock();
        try {
          closedLogNumber = next.logNumber();
        } finally {
          mutex.unlock();
        }
      }
    } finally {
      sealedSync.unlock();
    }
  }

  /**
   * Closes the WAL segments of {@code flushed} (the oldest sealed memtables, oldest first) without
   * syncing them, once the table made from them is recorded in the MANIFEST: recovery starts after
   * them, so nothing depends on their bytes any more, and a synced write no longer syncs them.
   * Called without the mutex (after a sync of them a synced write may have begun, which it waits
   * for); never throws.
   */
  void retireSealedLogs(List<Sealed> flushed) {
    assert !mutex.isHeldByCurrentThread() : "the sealed segments' lock is taken before the mutex";
    sealedSync.lock();
    try {
      long newest;
      mutex.lock();
      try {
        assert isOldest(flushed) : "retired " + flushed + " but the oldest is " + immutables.peekFirst();
        newest = flushed.getLast().logNumber();
        if (newest <= closedLogNumber) {
          return;
        }
      } finally {
        mutex.unlock();
      }
      for (Sealed sealed : flushed) {
        if (sealed.logNumber() > closedLogNumber && sealed.log() != null) {
          closeQuietly(sealed.log(), sealed.logNumber());
        }
      }
      mutex.lock();
      try {
        closedLogNumber = newest;
      } finally {
        mutex.unlock();
      }
    } finally {
      sealedSync.unlock();
    }
  }

  private Sealed nextUnsynced(long upTo) {
    mutex.lock();
    try {
      for (Sealed sealed : immutables) {
        if (sealed.logNumber() > closedLogNumber && sealed.logNumber() <= upTo && sealed.log() != null) {
          return sealed;
        }
      }
      return null;
    } finally {
      mutex.unlock();
    }
  }

  /** Syncs the live WAL if it is open and sound (at close, after {@link #syncSealedLogs}). */
  void syncLog() {
    if (log != null && !log.isBroken()) {
      log.sync();
    }
  }

  /** Closes the live WAL writer and the unsynced sealed ones without syncing; never throws. */
  void closeLogs() {
    for (Sealed sealed : immutables) {
      if (sealed.logNumber() > closedLogNumber && sealed.log() != null) {
        closeQuietly(sealed.log(), sealed.logNumber());
      }
    }
    if (log != null) {
      closeQuietly(log, logNumber);
      log = null;
    }
  }

  private static void closeQuietly(LogWriter writer, long number) {
    try {
      writer.close();
    } catch (CairnException e) {
      LOG.warn("closing WAL {} failed: {}", number, e.getMessage());
    }
  }
}
