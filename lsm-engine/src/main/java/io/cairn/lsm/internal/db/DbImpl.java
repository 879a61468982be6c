package io.cairn.lsm.internal.db;

import io.cairn.common.CairnException;
import io.cairn.common.ClosedException;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.DbIterator;
import io.cairn.lsm.api.DbStats;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.api.ReadOptions;
import io.cairn.lsm.api.Snapshot;
import io.cairn.lsm.api.SortedPairs;
import io.cairn.lsm.api.WriteBatch;
import io.cairn.lsm.api.WriteOptions;
import io.cairn.lsm.internal.cache.BlockCache;
import io.cairn.lsm.internal.fs.DirectoryLock;
import io.cairn.lsm.internal.fs.FileLayer;
import io.cairn.lsm.internal.iterator.InternalIterator;
import io.cairn.lsm.internal.iterator.MergingIterator;
import io.cairn.lsm.internal.key.InternalKeyComparator;
import io.cairn.lsm.internal.key.KeyOrder;
import io.cairn.lsm.internal.key.Lookup;
import io.cairn.lsm.internal.log.LogWriter;
import io.cairn.lsm.internal.memtable.MemTable;
import io.cairn.lsm.internal.pmem.InternalKeyOrder;
import io.cairn.lsm.internal.pmem.NvmTableFactory;
import io.cairn.lsm.internal.pmem.PmemBudget;
import io.cairn.lsm.internal.pmem.PmemL0;
import io.cairn.lsm.internal.pmem.PmemWalFileLayer;
import io.cairn.lsm.internal.sstable.Block;
import io.cairn.lsm.internal.sstable.SstableFactory;
import io.cairn.lsm.internal.sstable.TableOptions;
import io.cairn.lsm.internal.table.TableFactory;
import io.cairn.lsm.internal.table.TableKind;
import io.cairn.lsm.internal.version.FileMetaData;
import io.cairn.lsm.internal.version.TableCache;
import io.cairn.lsm.internal.version.Version;
import io.cairn.lsm.internal.version.VersionSet;
import io.cairn.pmem.api.PmemDirectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind {@link Db}: holds the memtables, the WAL, the version set and the caches, and
 * wires the write path ({@link WriteCoordinator}), the background flush and compaction ({@link
 * BackgroundWork}) and the read path (lock-free through {@link SuperVersion}). Opened by {@link
 * DbOpener}.
 *
 * <p>Thread-safety: every public method may be called concurrently. State that changes (the
 * memtables, the WAL, the errors) is guarded by {@link #mutex}; readers never take it.
 */
public final class DbImpl implements Db {
  private static final Logger LOG = LoggerFactory.getLogger(DbImpl.class);

  final Path directory;
  final Options options;
  final FileLayer files;
  final InternalKeyComparator comparator;
  final BlockCache<Block> blockCache;
  final SstableFactory sstables;
  /** The pmem L0 (NVMTables) in {@code L0Mode.PMEM}; null in {@code L0Mode.SSD}. */
  final NvmTableFactory nvmTables;
  /** Where flushes write L0: the seam of the L0 mode (SSTables, or NVMTables with pmem). */
  final TableFactory l0Tables;
  final TableCache tableCache;
  final VersionSet versions;
  final SnapshotList snapshots = new SnapshotList();
  final DbCounters counters = new DbCounters();
  final ReentrantLock mutex = new ReentrantLock();
  /** Signalled when a flush or compaction finishes or fails, and at close. */
  final Condition backgroundProgress = mutex.newCondition();
  final WriteCoordinator writes;
  /** The pmem L0's budget rules (stall, compaction urgency); unused in {@code L0Mode.SSD}. */
  final PmemBudget pmemBudget;
  /** The delayed write rate of the L0 slowdown zone; guarded by {@link #mutex}. */
  final WriteController writeController;
  final BackgroundWork background;
  private final ConcurrentLinkedQueue<FileMetaData> obsoleteTables = new ConcurrentLinkedQueue<>();

  /** The memtables and their WAL segments; guarded by mutex. */
  final MemTableSet memtables;
  /** Background failures, retryable and fatal; guarded by mutex. */
  final BackgroundErrors errors;

  private volatile SuperVersion superVersion;
  private volatile boolean closed;
  private DirectoryLock lock;

  /**
   * @param pmem the pmem directory of the L0 in {@code L0Mode.PMEM} (null in SSD mode)
   */
  DbImpl(Path directory, Options options, FileLayer files, PmemDirectory pmem) {
    this.directory = directory;
    this.options = options;
    this.files = files;
    this.comparator = new InternalKeyComparator(KeyOrder.of(options.comparator()));
    this.blockCache = new BlockCache<>(options.blockCacheBytes());
    this.sstables = new SstableFactory(files, directory, comparator, TableOptions.of(options), blockCache);
    this.nvmTables = pmem == null ? null : new NvmTableFactory(pmem, PmemL0.l0Options(options),
        new InternalKeyOrder(comparator));
    this.l0Tables = nvmTables != null ? nvmTables : sstables;
    this.tableCache = new TableCache(nvmTables == null ? Map.of(TableKind.SSTABLE, sstables)
        : Map.of(TableKind.SSTABLE, sstables, TableKind.NVMTABLE, nvmTables), options.maxOpenFiles());
    this.versions = new VersionSet(directory, files, options, comparator, this::onObsolete);
    this.memtables = new MemTableSet(mutex, MemTable.of(comparator, options), options.maxWriteBufferNumber() - 1);
    this.errors = new BackgroundErrors(mutex);
    this.pmemBudget = PmemBudget.of(options);
    this.writeController = new WriteController(options.l0SlowdownTrigger(), options.l0StopTrigger());
    this.writes = new WriteCoordinator(this);
    this.background = new BackgroundWork(this);
  }

  /** Opens the database in {@code directory} on the real file system; see {@link io.cairn.lsm.api.Cairn#open}. */
  public static Db open(Path directory, Options options) {
    return DbOpener.open(directory, options, io.cairn.lsm.internal.fs.DiskFileLayer.INSTANCE, null);
  }

  /** Opens the database over {@code files} (tests put a fault-injecting layer here). */
  public static DbImpl open(Path directory, Options options, FileLayer files) {
    return DbOpener.open(directory, options, files, null);
  }

  /**
   * Opens the database over {@code files} with its pmem L0 in {@code pmem} (tests put a
   * crash-simulating directory here); {@code options.l0Mode()} must be PMEM.
   */
  public static DbImpl open(Path directory, Options options, FileLayer files, PmemDirectory pmem) {
    return DbOpener.open(directory, options, files, pmem);
  }

  @Override
  public void put(byte[] key, byte[] value, WriteOptions options) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    checkOpen();
    writes.write(WriteCoordinator.Writer.put(key, value, options.sync(), mutex));
  }

  @Override
  public void delete(byte[] key, WriteOptions options) {
    Objects.requireNonNull(key, "key");
    checkOpen();
    writes.write(WriteCoordinator.Writer.delete(key, options.sync(), mutex));
  }

  @Override
  public void write(WriteBatch batch, WriteOptions options) {
    Objects.requireNonNull(batch, "batch");
    checkOpen();
    if (batch.count() == 0 && !options.sync()) {
      return;
    }
    writes.write(WriteCoordinator.Writer.batch(batch, options.sync(), mutex));
  }

  /**
   * {@inheritDoc}
   *
   * <p>The live segment is taken under the mutex: a write that returned before this call went to
   * it or to an older segment, and an older one that is not synced yet (or a live one whose name is
   * not durable yet) sends the call through the writers' queue as an empty synced write, which
   * syncs them in order. Otherwise the segment's {@code fsync} runs here, beside the writers (the
   * file takes appends and an {@code fsync} from two threads: each append is one {@code write}
   * call, no bytes wait in a buffer). A segment sealed meanwhile is still the one those writes went
   * to; one closed meanwhile was retired after its table was recorded, or synced by a synced write:
   * its {@code fsync} then fails, and the call takes the queue's way.
   */
  @Override
  public void syncWal() {
    checkOpen();
    LogWriter live;
    mutex.lock();
    try {
      errors.checkWritable();
      live = memtables.log();
      if (live == null || live.isBroken() || live.file().syncIsCheap() || memtables.hasUnsyncedSealedLogs()
          || memtables.liveLogUnnamed()) {
        live = null;
      }
    } finally {
      mutex.unlock();
    }
    if (live != null) {
      try {
        live.sync();
        counters.syncs.increment();
        return;
      } catch (CairnException e) {
        LOG.debug("{}: WAL sync beside the writers failed ({}); syncing through the queue", directory, e.getMessage());
      }
    }
    write(new WriteBatch(), WriteOptions.SYNC);
  }

  @Override
  public byte[] get(byte[] key, ReadOptions options) {
    Objects.requireNonNull(key, "key");
    checkOpen();
    long sequence = readSequence(options);
    SuperVersion view = acquireSuperVersion();
    try {
      Lookup lookup = new Lookup(key, sequence);
      boolean found = view.getFromMemTables(lookup) || view.version.get(lookup, options, tableCache);
      counters.countGet(lookup);
      return found ? valueOf(lookup) : null;
    } finally {
      view.unref();
    }
  }

  @Override
  public byte[][] multiGet(byte[][] keys, ReadOptions options) {
    Objects.requireNonNull(keys, "keys");
    checkOpen();
    long sequence = readSequence(options);
    SuperVersion view = acquireSuperVersion();
    try {
      MemTable.Finger[] fingers = view.memTableFingers();
      byte[][] values = new byte[keys.length][];
      // Each table asked is pinned once for the whole call, not once per key (session 19).
      try (Version.Reader tables = view.version.reader(tableCache)) {
        for (int i = 0; i < keys.length; i++) {
          Lookup lookup = new Lookup(Objects.requireNonNull(keys[i], "key"), sequence);
          boolean found = view.getFromMemTables(lookup, fingers) || tables.get(lookup, options);
          counters.countGet(lookup);
          values[i] = found ? valueOf(lookup) : null;
        }
      }
      return values;
    } finally {
      view.unref();
    }
  }

  @Override
  public Snapshot getSnapshot() {
    checkOpen();
    return snapshots.acquire(versions.lastSequence());
  }

  @Override
  public DbIterator newIterator(ReadOptions options) {
    checkOpen();
    long sequence = readSequence(options);
    SuperVersion view = acquireSuperVersion();
    try {
      return new DbIteratorImpl(this, internalIterator(view, options), sequence, view::unref);
    } catch (RuntimeException e) {
      view.unref();
      throw e;
    }
  }

  /** The value {@code lookup} found, a value reference resolved (key-value separation). */
  private byte[] valueOf(Lookup lookup) {
    byte[] value = lookup.value();
    return lookup.isReference() ? resolveValue(value, 0, value.length) : value;
  }

  /**
   * The value the encoded {@link io.cairn.lsm.internal.key.ValueReference} in {@code
   * bytes[offset, +length)} names, read from its pmem Container and checked against its CRC.
   *
   * @throws io.cairn.common.CorruptionException when the reference or the record is damaged, or
   *     its Container is missing
   */
  byte[] resolveValue(byte[] bytes, int offset, int length) {
    if (nvmTables == null) {
      throw new io.cairn.common.CorruptionException("corruption in " + directory + ": a value reference in a"
          + " database opened without its pmem L0");
    }
    return nvmTables.readValue(bytes, offset, length);
  }

  /** A merge of every source of {@code view}: memtables, tables. */
  InternalIterator internalIterator(SuperVersion view, ReadOptions options) {
    List<InternalIterator> children = new ArrayList<>();
    children.add(view.mem.newIterator());
    for (MemTable sealed : view.immutables) {
      children.add(sealed.newIterator());
    }
    try {
      view.version.addIterators(children, options, tableCache);
    } catch (RuntimeException e) {
      children.forEach(InternalIterator::close);
      throw e;
    }
    return new MergingIterator(comparator, children);
  }

  @Override
  public void compactRange(byte[] begin, byte[] end) {
    checkOpen();
    writes.flushMemTable();
    background.compactRange(begin, end);
  }

  @Override
  public void replaceAll(SortedPairs pairs) {
    Objects.requireNonNull(pairs, "pairs");
    checkOpen();
    Replacement.run(this, pairs);
  }

  @Override
  public String property(String name) {
    Objects.requireNonNull(name, "name");
    checkOpen();
    return DbProperties.get(this, name);
  }

  @Override
  public DbStats stats() {
    checkOpen();
    Version version = versions.refCurrent();
    try {
      return statsOf(version);
    } finally {
      version.unref();
    }
  }

  /**
   * The counters with the shape of {@code version}, and the value Containers kept for references
   * (key-value separation): the pmem tables' bytes beyond L0's, and what {@code version}'s
   * SSTables reference there (exact: {@link Version#referencedContainerBytes}).
   */
  DbStats statsOf(Version version) {
    long containerBytes = nvmTables == null ? 0 : Math.max(0, nvmTables.bytes() - version.levelBytes(0));
    long referenced = 0;
    for (long bytes : version.referencedContainerBytes().values()) {
      referenced += bytes;
    }
    return counters.snapshot(version, blockCache, tableCache, containerBytes, referenced);
  }

  @Override
  public void close() {
    mutex.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      backgroundProgress.signalAll();
    } finally {
      mutex.unlock();
    }
    writes.awaitIdle();
    background.shutDown();
    if (LOG.isDebugEnabled()) {
      // The counters since open (stalls by cause, flush times), for a bench run's closing stores.
      LOG.debug("closing {}:{}{}", directory, System.lineSeparator(), DbProperties.get(this, "cairn.stats"));
    }
    CairnException failure = null;
    try {
      // Oldest first: the live segment is synced only after every sealed one (a prefix survives).
      memtables.syncSealedLogs(Long.MAX_VALUE);
    } catch (CairnException e) {
      failure = e;
    }
    mutex.lock();
    try {
      if (failure == null) {
        memtables.syncLog();
      }
    } catch (CairnException e) {
      failure = e;
    } finally {
      memtables.closeLogs();
      mutex.unlock();
    }
    versions.close();
    tableCache.close();
    if (nvmTables != null) {
      nvmTables.close();
    }
    closeWalPreparer();
    releaseLock();
    LOG.debug("closed {}", directory);
    if (failure != null) {
      throw failure;
    }
  }

  /** Stops the pmem WAL's extent preparer, if this open made one (its unclaimed extent is deleted). */
  void closeWalPreparer() {
    if (files instanceof PmemWalFileLayer pmemWal) {
      pmemWal.close();
    }
  }

  /**
   * Whether the pmem L0 is too full to seal another memtable: its tables (as the current version
   * lists them), the flushes waiting and one more would pass the pmem budget. False in SSD mode, and while L0 is empty (no
   * compaction could make room; the flush itself then reports a budget too small).
   */
  boolean pmemL0Full() {
    if (nvmTables == null) {
      return false;
    }
    Version version = versions.peekCurrent();
    return pmemBudget.full(version.fileCount(0), version.level0DataBytes(), memtables.immutableCount());
  }

  /** Waits (mutex held, released meanwhile) until background work signals progress. */
  void awaitBackgroundProgress() {
    assert mutex.isHeldByCurrentThread();
    backgroundProgress.awaitUninterruptibly();
  }

  /** Whether {@link #close} was called. */
  boolean isClosed() {
    return closed;
  }

  void checkOpen() {
    if (closed) {
      throw new ClosedException("the database " + directory + " is closed");
    }
  }

  void setLock(DirectoryLock lock) {
    this.lock = lock;
  }

  void releaseLock() {
    if (lock != null) {
      lock.close();
      lock = null;
    }
  }

  /** The current read view, referenced for the caller. */
  SuperVersion acquireSuperVersion() {
    while (true) {
      SuperVersion view = superVersion;
      if (view.tryRef()) {
        return view;
      }
    }
  }

  /** Publishes a new read view of the current memtables and version. Caller holds the mutex. */
  void installSuperVersion() {
    assert mutex.isHeldByCurrentThread();
    SuperVersion next = new SuperVersion(memtables.mutable(), memtables.immutablesNewestFirst(), versions.refCurrent());
    SuperVersion previous = superVersion;
    superVersion = next;
    if (previous != null) {
      previous.unref();
    }
  }

  /**
   * Deletes the tables no live version holds any more, then the pmem Containers (NVMTables) no
   * live file holds ({@link io.cairn.lsm.internal.version.LiveContainers}): an NVMTable leaving
   * L0 stays while SSTables reference its values (key-value separation).
   */
  void deleteObsoleteTables() {
    FileMetaData file;
    while ((file = obsoleteTables.poll()) != null) {
      tableCache.evict(file.number());
      if (file.kind() == TableKind.NVMTABLE) {
        continue; // deleted below once no live file holds its Container
      }
      try {
        tableCache.factory(file.kind(), file.number()).delete(file.number(), file.auxiliary());
        LOG.debug("deleted obsolete table {}", file);
      } catch (CairnException e) {
        LOG.warn("could not delete obsolete table {} (it is removed at the next open): {}", file, e.getMessage());
      }
    }
    Long container;
    while ((container = versions.liveContainers().pollFreed()) != null) {
      tableCache.evict(container);
      try {
        l0Tables.delete(container, new byte[0]);
        LOG.debug("deleted pmem Container (NVMTable) {}", container);
      } catch (CairnException e) {
        LOG.warn("could not delete NVMTable {} (it is removed at the next open): {}", container, e.getMessage());
      }
    }
  }

  /** Deletes a table that no version lists (a failed flush or compaction output); never throws. */
  void deleteTableQuietly(FileMetaData table) {
    try {
      tableCache.factory(table.kind(), table.number()).delete(table.number(), table.auxiliary());
    } catch (CairnException e) {
      LOG.warn("could not delete unused table {}: {}", table, e.getMessage());
    }
  }

  private void onObsolete(FileMetaData file) {
    obsoleteTables.add(file);
    if (!closed) {
      background.wakeForCleanup();
    }
  }

  private long readSequence(ReadOptions options) {
    return options.snapshot() == null ? versions.lastSequence() : snapshots.sequenceOf(options.snapshot());
  }
}
