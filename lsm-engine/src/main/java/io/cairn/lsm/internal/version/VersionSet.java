package io.cairn.lsm.internal.version;

import io.cairn.common.CairnException;
import io.cairn.common.CairnIoException;
import io.cairn.common.CorruptionException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.lsm.api.L0Mode;
import io.cairn.lsm.internal.pmem.PmemBudget;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.internal.fs.DbFileNames;
import io.cairn.lsm.internal.fs.FileLayer;
import io.cairn.lsm.internal.fs.SequentialReadFile;
import io.cairn.lsm.internal.key.InternalKeyComparator;
import io.cairn.lsm.internal.log.LogFormat;
import io.cairn.lsm.internal.log.LogReader;
import io.cairn.lsm.internal.log.LogWriter;
import io.cairn.lsm.internal.log.TailPolicy;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live set of tables over time: the current {@link Version}, the counters that go with it
 * (next file number, last sequence, log number) and the MANIFEST that makes them durable.
 * {@link #logAndApply} is the single commit point of every flush and compaction: the edit is
 * appended to the MANIFEST and synced before the new version becomes current.
 *
 * <p>Thread-safety: {@link #logAndApply} serialises on an internal lock; {@link #refCurrent} is
 * lock-free; the counters are atomic or volatile. The last sequence is advanced only by the write path.
 */
public final class VersionSet {
  private static final Logger LOG = LoggerFactory.getLogger(VersionSet.class);

  private final Path directory;
  private final FileLayer files;
  private final Options options;
  private final InternalKeyComparator comparator;
  private final Consumer<FileMetaData> obsoleteSink;
  private final LiveContainers liveContainers = new LiveContainers();
  private final Object applyLock = new Object();
  private final AtomicLong nextFileNumber = new AtomicLong(2);
  private final byte[][] compactPointers;
  private volatile long lastSequence;
  private volatile long logNumber;
  private volatile long manifestNumber;
  private volatile Version current;
  private LogWriter manifest;
  private String uncertainState;

  /** An empty version set; call {@link #create} or {@link #recover} next. */
  public VersionSet(Path directory, FileLayer files, Options options, InternalKeyComparator comparator,
      Consumer<FileMetaData> obsoleteSink) {
    this.directory = directory;
    this.files = files;
    this.options = options;
    this.comparator = comparator;
    this.obsoleteSink = obsoleteSink;
    this.compactPointers = new byte[options.levels()][];
    this.current = new VersionBuilder(comparator, null, options.levels(), "a new database").build(obsoleteSink, liveContainers);
  }

  /** Creates the MANIFEST and CURRENT of a new, empty database. */
  public void create() {
    VersionEdit edit = new VersionEdit().setComparatorName(comparator.userOrder().name())
        .setLogNumber(0).setNextFileNumber(2).setLastSequence(0);
    long number = 1;
    writeNewManifest(number, edit);
    manifestNumber = number;
  }

  /**
   * Rebuilds the state from CURRENT and the MANIFEST it names. A MANIFEST that ends inside its
   * last edit (an append a crash cut short, never acknowledged) loses that edit; any other damage,
   * a last edit failing its checksum included, is refused.
   *
   * @throws CorruptionException naming CURRENT or the MANIFEST when they are missing or bad
   * @throws InvalidArgumentException when the database was created with another comparator
   */
  public void recover() {
    long number = CurrentFile.read(files, directory);
    Path path = DbFileNames.manifest(directory, number);
    if (!files.exists(path)) {
      throw new CorruptionException("corruption in " + DbFileNames.current(directory) + ": it names "
          + path.getFileName() + ", which is missing");
    }
    ManifestReplay replay = new ManifestReplay(comparator, options.levels(), path);
    try (SequentialReadFile file = files.openSequential(path)) {
      LogReader reader = new LogReader(file, LogFormat.KIND_MANIFEST, number, TailPolicy.DROP_TRUNCATED_TAIL);
      for (byte[] record = reader.readRecord(); record != null; record = reader.readRecord()) {
        replay.apply(VersionEdit.decode(record, path + " at offset " + reader.lastRecordOffset()));
      }
      if (reader.droppedTail() != null) {
        LOG.warn("MANIFEST recovery dropped an unfinished edit: {}", reader.droppedTail());
      }
    }
    replay.checkComplete();
    Version recovered = replay.build(obsoleteSink, liveContainers);
    computeCompactionScore(recovered);
    current.unref();
    current = recovered;
    logNumber = replay.logNumber();
    lastSequence = replay.lastSequence();
    nextFileNumber.set(Math.max(replay.nextFileNumber(), number + 1));
    manifestNumber = number;
    for (int level = 0; level < compactPointers.length; level++) {
      compactPointers[level] = replay.compactPointer(level);
    }
  }

  /**
   * Applies {@code edit} to the current version, makes it durable in the MANIFEST (a fresh one
   * with a snapshot when none is open or the open one is large), then installs the result. Fills
   * in the edit's log number (unless set), next file number and last sequence.
   *
   * @throws CairnIoException when the MANIFEST write fails; the current version is unchanged.
   *     When the failure leaves it unknown whether the edit is durable, every later call fails
   *     too (reopen the database to recover a known state).
   */
  public void logAndApply(VersionEdit edit) {
    Version released;
    CairnException failure = null;
    synchronized (applyLock) {
      if (uncertainState != null) {
        throw new CairnIoException(uncertainState);
      }
      if (edit.logNumber() == null) {
        edit.setLogNumber(logNumber);
      }
      assert edit.logNumber() >= logNumber : "log number going back";
      edit.setNextFileNumber(nextFileNumber.get()).setLastSequence(lastSequence);
      VersionBuilder builder = new VersionBuilder(comparator, current, options.levels(), "the running engine");
      builder.apply(edit);
      Version next = builder.build(obsoleteSink, liveContainers);
      computeCompactionScore(next);
      try {
        persist(edit, next);
      } catch (CairnException e) {
        failure = e;
      }
      if (failure == null) {
        for (VersionEdit.CompactPointer pointer : edit.compactPointers()) {
          compactPointers[pointer.level()] = pointer.key();
        }
        logNumber = edit.logNumber();
        released = current;
        current = next;
      } else if (uncertainState != null) {
        next.abandonKeepingFiles();
        released = null;
      } else {
        released = next;
      }
    }
    // Outside the lock: releasing may hand obsolete files to the sink, which takes the database
    // mutex, while the database takes this lock under its mutex (to read the current version).
    if (released != null) {
      released.unref();
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void persist(VersionEdit edit, Version next) {
    if (manifest != null && !manifest.isBroken() && manifest.bytes() < ManifestFormat.MANIFEST_ROLL_BYTES) {
      byte[] record = edit.encode();
      manifest.addRecord(record, 0, record.length);
      try {
        manifest.sync();
      } catch (CairnException failure) {
        uncertainState = "the MANIFEST could not be synced (" + failure.getMessage()
            + "); the database refuses further changes until it is reopened";
        throw failure;
      }
      return;
    }
    long number = nextFileNumber.getAndIncrement();
    edit.setNextFileNumber(nextFileNumber.get());
    VersionEdit snapshot = snapshot(next, edit);
    writeNewManifest(number, snapshot);
    manifestNumber = number;
  }

  /** Writes MANIFEST {@code number} holding {@code snapshot}, syncs it and points CURRENT at it. */
  private void writeNewManifest(long number, VersionEdit snapshot) {
    Path path = DbFileNames.manifest(directory, number);
    LogWriter writer = null;
    boolean currentInstalled = false;
    try {
      writer = LogWriter.create(files.createAppendFile(path), LogFormat.KIND_MANIFEST, number);
      byte[] record = snapshot.encode();
      writer.addRecord(record, 0, record.length);
      writer.sync();
      try {
        CurrentFile.install(files, directory, number);
        currentInstalled = true;
      } catch (CairnException failure) {
        // The rename may or may not have happened: CURRENT may name either MANIFEST now.
        uncertainState = "CURRENT could not be replaced (" + failure.getMessage()
            + "); the database refuses further changes until it is reopened";
        throw failure;
      }
    } finally {
      if (!currentInstalled) {
        closeQuietly(writer);
        if (uncertainState == null) {
          files.delete(path);
        }
      }
    }
    closeQuietly(manifest);
    manifest = writer;
  }

  private VersionEdit snapshot(Version version, VersionEdit edit) {
    VersionEdit snapshot = new VersionEdit().setComparatorName(comparator.userOrder().name())
        .setLogNumber(edit.logNumber()).setNextFileNumber(edit.nextFileNumber()).setLastSequence(edit.lastSequence());
    byte[][] pointers = Arrays.copyOf(compactPointers, compactPointers.length);
    for (VersionEdit.CompactPointer pointer : edit.compactPointers()) {
      pointers[pointer.level()] = pointer.key();
    }
    for (int level = 0; level < pointers.length; level++) {
      if (pointers[level] != null) {
        snapshot.setCompactPointer(level, pointers[level]);
      }
    }
    for (int level = 0; level < version.levelCount(); level++) {
      for (FileMetaData file : version.files(level)) {
        snapshot.addFile(level, file);
        if (file.compactedThrough() != null) {
          snapshot.setCompactedThrough(file.number(), file.compactedThrough());
        }
      }
    }
    return snapshot;
  }

  /**
   * A deeper level this many times over its target is compacted before an L0 in the slowdown
   * zone: below it, writers slowed by L0 come first ({@link #computeCompactionScore}).
   */
  static final double DEEPER_BACKLOG_LIMIT = 10;

  private void computeCompactionScore(Version version) {
    int bestLevel = -1;
    double bestScore = -1;
    for (int level = 0; level < version.levelCount() - 1; level++) {
      double score = level == 0
          ? level0Score(version)
          : (double) version.levelBytes(level) / maxBytesForLevel(level);
      if (score > bestScore) {
        bestScore = score;
        bestLevel = level;
      }
    }
    if (version.fileCount(0) >= options.l0SlowdownTrigger()
        && (bestLevel == 0 || bestScore < DEEPER_BACKLOG_LIMIT || version.fileCount(0) >= options.l0StopTrigger())) {
      // Writers are being slowed: only an L0 compaction frees them, so it goes before any deeper
      // level (a deeper level's backlog costs reads and later merges, never a stalled write),
      // unless that backlog is so large that every L0 merge into it would be slow (and L0 is
      // not yet at the stop).
      bestScore = Math.max(bestScore, level0Score(version));
      bestLevel = 0;
    }
    version.setCompactionScore(bestLevel, bestScore);
  }

  /**
   * L0's need of compaction: its file count over the trigger; with the pmem L0 also its bytes
   * against the pmem budget ({@link PmemBudget#level0Score}), so that compaction starts well
   * before the budget stalls writes.
   */
  private double level0Score(Version version) {
    double byCount = (double) version.fileCount(0) / options.l0CompactionTrigger();
    if (options.l0Mode() != L0Mode.PMEM) {
      return byCount;
    }
    return Math.max(byCount, PmemBudget.of(options).level0Score(version.level0DataBytes()));
  }

  /** Target bytes of {@code level} (1 or deeper): L1's target times the multiplier per level. */
  public long maxBytesForLevel(int level) {
    double bytes = options.level1MaxBytes();
    for (int i = 1; i < level; i++) {
      bytes *= options.levelSizeMultiplier();
    }
    return (long) Math.min(bytes, Long.MAX_VALUE / 2);
  }

  /** Whether a failed MANIFEST update left the durable state unknown (or the set is closed). */
  public boolean isUncertain() {
    synchronized (applyLock) {
      return uncertainState != null;
    }
  }

  /** The current version with a reference added for the caller (who must unref it). */
  public Version refCurrent() {
    // Lock-free: a version replaced meanwhile may already be released, then read the new one.
    while (true) {
      Version version = current;
      if (version.tryRef()) {
        return version;
      }
    }
  }

  /** The current version, unreferenced: only for counters and properties. */
  public Version peekCurrent() {
    return current;
  }

  /** The pmem Containers the live versions hold (key-value separation): their one registry. */
  public LiveContainers liveContainers() {
    return liveContainers;
  }

  /** Allocates a new file number. */
  public long newFileNumber() {
    return nextFileNumber.getAndIncrement();
  }

  /** Makes sure {@code number} is never allocated again (seen during recovery). */
  public void markFileNumberUsed(long number) {
    nextFileNumber.accumulateAndGet(number + 1, Math::max);
  }

  /** The next file number to be allocated. */
  public long nextFileNumber() {
    return nextFileNumber.get();
  }

  /** The last sequence number made visible. */
  public long lastSequence() {
    return lastSequence;
  }

  /** Publishes {@code sequence} as the last visible sequence; only the write path calls it. */
  public void setLastSequence(long sequence) {
    assert sequence >= lastSequence;
    lastSequence = sequence;
  }

  /** WAL segments numbered below this are fully flushed. */
  public long logNumber() {
    return logNumber;
  }

  /** The live MANIFEST's number. */
  public long manifestNumber() {
    return manifestNumber;
  }

  /** The key where the next size compaction of {@code level} starts, or null. */
  public byte[] compactPointer(int level) {
    synchronized (applyLock) {
      return compactPointers[level];
    }
  }

  /** The internal order. */
  public InternalKeyComparator comparator() {
    return comparator;
  }

  /**
   * Closes the MANIFEST. The current version keeps its reference, so that closing never makes a
   * live file look obsolete.
   */
  public void close() {
    synchronized (applyLock) {
      closeQuietly(manifest);
      manifest = null;
      uncertainState = "the database is closed";
    }
  }

  private static void closeQuietly(LogWriter writer) {
    if (writer != null) {
      try {
        writer.close();
      } catch (CairnException ignored) {
        // Closing after a failure or at shutdown: the data that matters was synced.
      }
    }
  }
}
