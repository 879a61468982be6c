package io.cairn.lsm.internal.db;

import io.cairn.common.CairnException;
import io.cairn.common.CairnIoException;
import io.cairn.lsm.api.WriteBatch;
import io.cairn.lsm.internal.fs.AppendFile;
import io.cairn.lsm.internal.fs.DbFileNames;
import io.cairn.lsm.internal.key.InternalKeyFormat;
import io.cairn.lsm.internal.log.BatchFormat;
import io.cairn.lsm.internal.log.LogFormat;
import io.cairn.lsm.internal.log.LogWriter;
import io.cairn.lsm.internal.log.WalStartMarker;
import io.cairn.lsm.internal.memtable.MemTable;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The write path with group commit (LevelDB's writer queue). Writers queue up under the database
 * mutex; the one at the head becomes the leader, makes room (switching the memtable, or stalling
 * when L0 is too full), gathers the writers queued behind it into one group, and, without the
 * mutex, appends the group as one WAL record (synced when any member asked for sync), inserts it
 * into the memtable and publishes its last sequence number. The others wake up done.
 *
 * <p>A failed append is rolled back by the WAL writer, so the write simply fails. A failed sync,
 * or an append the writer could not roll back, leaves the WAL's state unknown: the database then
 * refuses all further writes until it is reopened (recovery sorts it out).
 *
 * <p>Thread-safety: safe for concurrent writers.
 */
final class WriteCoordinator {
  /** A group may grow to this many bytes of records. */
  private static final int GROUP_BYTES_MAX = 1 << 20;
  /** A small leading write only waits for this many more bytes of followers. */
  private static final int SMALL_WRITE_EXTRA_BYTES = 128 << 10;

  /** One queued write: a single put or delete, a batch, or a request to flush the memtable. */
  static final class Writer {
    final WriteBatch batch;
    final byte[] key;
    final byte[] value;
    final boolean sync;
    final boolean flushRequest;
    final Condition wakeUp;
    boolean done;
    CairnException error;

    private Writer(WriteBatch batch, byte[] key, byte[] value, boolean sync, boolean flushRequest, ReentrantLock mutex) {
      this.batch = batch;
      this.key = key;
      this.value = value;
      this.sync = sync;
      this.flushRequest = flushRequest;
      this.wakeUp = mutex.newCondition();
    }

    static Writer put(byte[] key, byte[] value, boolean sync, ReentrantLock mutex) {
      return new Writer(null, key, value, sync, false, mutex);
    }

    static Writer delete(byte[] key, boolean sync, ReentrantLock mutex) {
      return new Writer(null, key, null, sync, false, mutex);
    }

    static Writer batch(WriteBatch batch, boolean sync, ReentrantLock mutex) {
      return new Writer(batch, null, null, sync, false, mutex);
    }

    static Writer flush(ReentrantLock mutex) {
      return new Writer(null, null, null, false, true, mutex);
    }

    int count() {
      return batch != null ? batch.count() : 1;
    }

    int recordBytes() {
      return batch != null ? batch.recordBytes()
          : BatchFormat.recordBytes(key.length, value == null ? -1 : value.length);
    }

    long userBytes() {
      return batch != null ? batch.recordBytes() : key.length + (value == null ? 0 : value.length);
    }

    int encodeRecords(byte[] target, int position) {
      if (batch != null) {
        return batch.copyRecordsTo(target, position);
      }
      return value == null ? BatchFormat.encodeDelete(target, position, key)
          : BatchFormat.encodePut(target, position, key, value);
    }
  }

  private final DbImpl db;
  private final ArrayDeque<Writer> queue = new ArrayDeque<>();
  private final Condition idle;
  private final List<Writer> group = new ArrayList<>();
  private final MemTableInserter inserter = new MemTableInserter();
  private byte[] groupBuffer = new byte[64 << 10];

  WriteCoordinator(DbImpl db) {
    this.db = db;
    this.idle = db.mutex.newCondition();
  }

  /** Queues {@code writer} and returns once it is durable as asked and visible to readers. */
  void write(Writer writer) {
    long start = System.nanoTime();
    try {
      writeTimed(writer);
    } finally {
      db.counters.writeNanos.add(System.nanoTime() - start);
    }
  }

  private void writeTimed(Writer writer) {
    ReentrantLock mutex = db.mutex;
    mutex.lock();
    try {
      queue.addLast(writer);
      while (!writer.done && queue.peekFirst() != writer) {
        writer.wakeUp.awaitUninterruptibly();
      }
      if (writer.done) {
        if (writer.error != null) {
          throw writer.error;
        }
        return;
      }
      Writer last = writer;
      CairnException failure = null;
      try {
        makeRoomForWrite(writer.flushRequest, writer.flushRequest ? 0 : writer.recordBytes());
        if (!writer.flushRequest) {
          last = commitGroup(writer);
        }
      } catch (CairnException e) {
        failure = e;
      } catch (RuntimeException | Error unexpected) {
        // Not an engine error (a bug, memory exhausted, a simulated power cut): what reached the
        // WAL is unknown, so refuse further writes, but release the queued writers first.
        CairnIoException fatal = new CairnIoException("a write failed unexpectedly: " + unexpected, unexpected);
        db.errors.fail(fatal);
        finishGroup(writer, last, fatal);
        throw unexpected;
      }
      finishGroup(writer, last, failure);
      if (failure != null) {
        throw failure;
      }
    } finally {
      mutex.unlock();
    }
  }

  /** Switches a non-empty memtable out and waits until it is flushed (for compactRange). */
  void flushMemTable() {
    write(Writer.flush(db.mutex));
    db.mutex.lock();
    try {
      long retryMark = -1;
      while (db.memtables.hasImmutables()) {
        db.checkOpen();
        retryMark = awaitBackgroundWork(retryMark);
      }
    } finally {
      db.mutex.unlock();
    }
  }

  /**
   * Runs {@code work} at the head of the writer queue, without the mutex: no write commits
   * meanwhile (queued writers wait behind it, in order) and none is lost. Used by {@link
   * Replacement}.
   */
  void exclusively(Runnable work) {
    ReentrantLock mutex = db.mutex;
    mutex.lock();
    try {
      // A flush request is never gathered into another writer's group, so it stays a barrier.
      Writer barrier = Writer.flush(mutex);
      queue.addLast(barrier);
      while (queue.peekFirst() != barrier) {
        barrier.wakeUp.awaitUninterruptibly();
      }
      try {
        mutex.unlock();
        try {
          work.run();
        } finally {
          mutex.lock();
        }
      } finally {
        finishGroup(barrier, barrier, null);
      }
    } finally {
      mutex.unlock();
    }
  }

  /**
   * Creates the WAL segment numbered {@code number} with its start marker, which names the next
   * sequence number (mutex held, or the database not open yet); nothing is left behind on failure.
   */
  LogWriter createWal(long number) {
    Path path = DbFileNames.log(db.directory, number);
    AppendFile file = db.files.createAppendFile(path);
    try {
      LogWriter writer = LogWriter.create(file, LogFormat.KIND_WAL, number);
      byte[] marker = WalStartMarker.encode(db.versions.lastSequence() + 1);
      writer.addRecord(marker, 0, marker.length);
      if (file.syncIsCheap()) {
        // On pmem unsynced lines may be lost or torn word by word: a torn header before an intact
        // marker would read as damage, not as a segment cut short.
        writer.sync();
      }
      return writer;
    } catch (CairnException e) {
      file.close();
      db.files.delete(path);
      throw e;
    }
  }

  /** Waits until no writer is queued or committing (used by close). */
  void awaitIdle() {
    db.mutex.lock();
    try {
      while (!queue.isEmpty()) {
        idle.awaitUninterruptibly();
      }
    } finally {
      db.mutex.unlock();
    }
  }

  private void finishGroup(Writer leader, Writer last, CairnException failure) {
    while (true) {
      Writer ready = queue.pollFirst();
      if (ready != leader) {
        ready.error = failure;
        ready.done = true;
        ready.wakeUp.signal();
      }
      if (ready == last) {
        break;
      }
    }
    Writer next = queue.peekFirst();
    if (next != null) {
      next.wakeUp.signal();
    } else {
      idle.signalAll();
    }
  }

  /** Commits the leader and the writers it gathers; returns the last of them. Mutex held. */
  private Writer commitGroup(Writer leader) {
    long bytes = gatherGroup(leader);
    int count = 0;
    boolean sync = false;
    long userBytes = 0;
    for (Writer member : group) {
      count += member.count();
      sync |= member.sync;
      userBytes += member.userBytes();
    }
    long firstSequence = db.versions.lastSequence() + 1;
    if (firstSequence + count - 1 > InternalKeyFormat.MAX_SEQUENCE) {
      throw new io.cairn.common.InvalidArgumentException("sequence numbers are exhausted (2^56 writes)");
    }
    int length = encodeGroup(firstSequence, count, bytes);
    LogWriter log = db.memtables.log();
    MemTable mem = db.memtables.mutable();
    boolean syncSealed = sync && db.memtables.hasUnsyncedSealedLogs();
    long liveLog = db.memtables.logNumber();
    boolean unnamed = sync && db.memtables.liveLogUnnamed();
    // A pmem segment's name was durable at its creation: no fsync of the disk directory (session 18).
    boolean syncName = unnamed && !log.file().nameDurableAtCreate();
    db.mutex.unlock();
    CairnException failure = null;
    try {
      log.addRecord(groupBuffer, 0, length);
      if (sync) {
        if (syncSealed) {
          // The older segments first: what survives a power cut is a prefix that holds this write.
          db.memtables.syncSealedLogs(Long.MAX_VALUE);
        }
        if (syncName) {
          // A new segment's name is durable only once its directory is synced.
          db.files.syncDirectory(db.directory);
        }
        log.sync();
      }
      inserter.insert(mem, firstSequence, groupBuffer, length);
    } catch (CairnException e) {
      failure = e;
    } finally {
      db.mutex.lock();
    }
    if (failure != null) {
      if (sync || log.isBroken()) {
        db.errors.fail(failure);
      }
      throw failure;
    }
    if (unnamed) {
      db.memtables.logNamed(liveLog);
    }
    db.versions.setLastSequence(firstSequence + count - 1);
    db.counters.userBytesWritten.add(userBytes);
    db.counters.walBytesWritten.add(length);
    db.counters.writeGroups.increment();
    db.counters.writes.add(group.size());
    if (sync) {
      db.counters.syncs.increment();
    }
    return group.get(group.size() - 1);
  }

  /** Fills {@link #group} with the leader and the followers it can take; returns record bytes. */
  private long gatherGroup(Writer leader) {
    group.clear();
    group.add(leader);
    long bytes = leader.recordBytes();
    long limit = bytes <= SMALL_WRITE_EXTRA_BYTES ? bytes + SMALL_WRITE_EXTRA_BYTES : GROUP_BYTES_MAX;
    boolean first = true;
    for (Writer follower : queue) {
      if (first) {
        first = false;
        continue;
      }
      if (follower.flushRequest || (follower.sync && !leader.sync) || bytes + follower.recordBytes() > limit) {
        break;
      }
      bytes += follower.recordBytes();
      group.add(follower);
    }
    return bytes;
  }

  private int encodeGroup(long firstSequence, int count, long recordBytes) {
    long length = BatchFormat.HEADER_BYTES + recordBytes;
    if (groupBuffer.length < length) {
      groupBuffer = new byte[(int) Math.max(length, groupBuffer.length * 2L)];
    }
    BatchFormat.encodeHeader(groupBuffer, 0, firstSequence, count);
    int position = BatchFormat.HEADER_BYTES;
    for (Writer member : group) {
      position = member.encodeRecords(groupBuffer, position);
    }
    assert position == length;
    return position;
  }

  /**
   * Makes sure the memtable has room: once L0 reaches the slowdown trigger, delay the write as
   * the {@link WriteController}'s rate says for its {@code bytes}; wait while every sealed
   * memtable slot is still being flushed or L0 is at the stop trigger (or pmem is full), else
   * switch to a new memtable and WAL when this one is full (or when {@code force} asks for a flush). Mutex
   * held; released while waiting.
   */
  private void makeRoomForWrite(boolean force, long bytes) {
    boolean allowDelay = !force;
    long stallStart = 0;
    long retryMark = -1;
    try {
      while (true) {
        db.checkOpen();
        db.errors.checkWritable();
        MemTable mem = db.memtables.mutable();
        int level0Files = db.versions.peekCurrent().fileCount(0);
        if (allowDelay && level0Files >= db.options.l0SlowdownTrigger()) {
          allowDelay = false;
          long now = System.nanoTime();
          long delay = db.writeController.delayNanos(bytes, level0Files, now);
          if (delay > 0) {
            stallStart = stallStart == 0 ? now : stallStart;
            sleepUnlocked(now + delay);
            db.counters.stallDelayNanos.add(System.nanoTime() - now);
          }
        } else if (force ? mem.isEmpty() : mem.approximateBytes() <= db.options.writeBufferBytes()) {
          return;
        } else if (!db.memtables.canSeal() || level0Files >= db.options.l0StopTrigger() || db.pmemL0Full()) {
          long waitStart = System.nanoTime();
          stallStart = stallStart == 0 ? waitStart : stallStart;
          LongAdder cause = !db.memtables.canSeal() ? db.counters.stallFlushNanos
              : level0Files >= db.options.l0StopTrigger() ? db.counters.stallStopNanos : db.counters.stallPmemFullNanos;
          retryMark = awaitBackgroundWork(retryMark);
          cause.add(System.nanoTime() - waitStart);
        } else {
          long switchStart = stallStart == 0 ? 0 : System.nanoTime();
          switchMemTable();
          if (stallStart != 0) {
            db.counters.stallSwitchNanos.add(System.nanoTime() - switchStart);
          }
          force = false;
        }
      }
    } finally {
      if (stallStart != 0) {
        db.counters.writeStalls.increment();
        db.counters.writeStallNanos.add(System.nanoTime() - stallStart);
      }
    }
  }

  /** Sleeps until {@code deadline} (System.nanoTime) with the mutex released. */
  private void sleepUnlocked(long deadline) {
    db.mutex.unlock();
    try {
      for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
        LockSupport.parkNanos(left);
      }
    } finally {
      db.mutex.lock();
    }
  }

  /**
   * Waits for background progress (mutex held). A background failure (say, a full disk) makes the
   * background retry at once; if it still fails after that retry, the failure is thrown to the
   * writer instead of letting it wait for space that may never come. Returns the retry mark.
   */
  private long awaitBackgroundWork(long retryMark) {
    BackgroundErrors errors = db.errors;
    errors.checkWritable();
    CairnException retryable = errors.retryable();
    if (retryable != null) {
      if (retryMark < 0) {
        retryMark = errors.attempts();
        db.background.retryNow();
      } else if (errors.attempts() > retryMark) {
        throw retryable;
      }
    }
    db.awaitBackgroundProgress();
    return retryMark;
  }

  /**
   * Seals the memtable and its WAL, starts a new pair and schedules its flush. Mutex held. A
   * sealed segment on disk is not synced here (every writer would wait for its {@code fsync}), nor
   * by its flush: a synced write syncs it before its own segment, close syncs it, and otherwise it
   * is closed unsynced once its table is recorded ({@link MemTableSet#retireSealedLogs}). One on
   * pmem is synced here (cache-line flushes, no {@code fsync}): unsynced pmem lines may tear.
   */
  private void switchMemTable() {
    LogWriter sealed = db.memtables.log();
    if (sealed.file().syncIsCheap()) {
      try {
        sealed.sync();
      } catch (CairnException e) {
        db.errors.fail(e);
        throw e;
      }
    }
    long number = db.versions.newFileNumber();
    LogWriter fresh = createWal(number);
    db.memtables.seal(MemTable.of(db.comparator, db.options), fresh, number);
    db.installSuperVersion();
    db.background.scheduleFlush();
  }

  /** Inserts the records of a group into a memtable with consecutive sequence numbers. */
  private static final class MemTableInserter implements BatchFormat.Visitor {
    private MemTable target;
    private long sequence;

    void insert(MemTable memtable, long firstSequence, byte[] encoded, int length) {
      target = memtable;
      sequence = firstSequence;
      try {
        BatchFormat.visit(encoded, 0, length, this);
      } finally {
        memtable.endBatch(); // visible to readers before the sequence numbers are published
        target = null;
      }
    }

    @Override
    public void put(byte[] bytes, int keyOffset, int keyLength, int valueOffset, int valueLength) {
      target.add(sequence++, InternalKeyFormat.TYPE_VALUE, bytes, keyOffset, keyLength, bytes, valueOffset, valueLength);
    }

    @Override
    public void delete(byte[] bytes, int keyOffset, int keyLength) {
      target.add(sequence++, InternalKeyFormat.TYPE_DELETION, bytes, keyOffset, keyLength, bytes, 0, 0);
    }
  }
}
