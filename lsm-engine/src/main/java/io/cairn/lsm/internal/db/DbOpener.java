package io.cairn.lsm.internal.db;

import io.cairn.common.CairnException;
import io.cairn.common.CorruptionException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.lsm.api.L0Mode;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.internal.fs.DbFileNames;
import io.cairn.lsm.internal.fs.DirectoryLock;
import io.cairn.lsm.internal.fs.FileLayer;
import io.cairn.lsm.internal.pmem.PmemL0;
import io.cairn.lsm.internal.pmem.PmemWalFileLayer;
import io.cairn.lsm.internal.table.TableFactory;
import io.cairn.lsm.internal.table.TableKind;
import io.cairn.lsm.internal.version.FileMetaData;
import io.cairn.lsm.internal.version.Version;
import io.cairn.lsm.internal.version.VersionEdit;
import io.cairn.pmem.api.PmemDirectory;
import io.cairn.pmem.l0.L0RecoveryReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a database: takes the directory lock, recovers the table set from CURRENT and the
 * MANIFEST (or creates a new database), replays the WAL segments the MANIFEST does not cover into
 * L0 tables, starts a fresh WAL, records all of it in a new MANIFEST, removes files no longer
 * needed and starts the background threads.
 *
 * <p>Thread-safety: runs on the opening thread before the database is shared.
 */
final class DbOpener {
  /** Retired pmem WAL extents kept for reuse at least (the engine keeps maxWriteBufferNumber). */
  static final int WAL_EXTENTS_RECYCLED_MIN = 2;

  private static final Logger LOG = LoggerFactory.getLogger(DbOpener.class);

  private DbOpener() {}

  /**
   * @param pmem the pmem L0's directory, or null for the one the options name (PMEM mode only)
   */
  static DbImpl open(Path directory, Options options, FileLayer files, PmemDirectory pmem) {
    return open(directory, options, files, pmem, null);
  }

  /**
   * As above; {@code prepareWalExtentsOn} runs the pmem WAL's extent preparations (null: their own
   * daemon thread; crash tests: {@code Runnable::run}, for persist points in the same order every run).
   */
  static DbImpl open(Path directory, Options options, FileLayer files, PmemDirectory pmem,
      Executor prepareWalExtentsOn) {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(options, "options");
    if (pmem != null && options.l0Mode() != L0Mode.PMEM) {
      throw new InvalidArgumentException("a pmem directory was given but the L0 mode is " + options.l0Mode());
    }
    Path absolute = directory.toAbsolutePath().normalize();
    if (!files.exists(absolute)) {
      if (!options.createIfMissing()) {
        throw new InvalidArgumentException("no database in " + absolute + ": the directory does not exist"
            + " (createIfMissing is false)");
      }
      files.createDirectories(absolute);
    }
    DirectoryLock lock = files.lock(DbFileNames.lock(absolute));
    DbImpl db;
    FileLayer layer = files;
    // The pmem directory the options name, when it did not exist before this open (then created).
    Path pmemDirectoryMissing = null;
    try {
      if (options.useDirectReads()) {
        files.requireDirectIo(absolute, "useDirectReads");
      } else if (options.useDirectIoForFlushAndCompaction()) {
        files.requireDirectIo(absolute, "useDirectIoForFlushAndCompaction");
      }
      if (options.l0Mode() == L0Mode.PMEM && pmem == null) {
        Path pmemPath = options.pmemDirectoryFor(absolute);
        if (!java.nio.file.Files.isDirectory(pmemPath)) {
          pmemDirectoryMissing = pmemPath;
        }
        pmem = PmemL0.directory(options, absolute);
      }
      if (pmem != null) {
        // Session 14: as many retired WAL extents are kept for reuse as memtables can be live.
        layer = new PmemWalFileLayer(files, pmem, absolute, PmemL0.walExtentBytes(options), options.walOnPmem(),
            Math.max(WAL_EXTENTS_RECYCLED_MIN, options.maxWriteBufferNumber()), prepareWalExtentsOn);
      } else {
        refuseWalLeftOnPmem(files, absolute);
      }
      db = new DbImpl(absolute, options, layer, pmem);
    } catch (RuntimeException e) {
      if (layer instanceof PmemWalFileLayer pmemWal) {
        pmemWal.close();
      }
      lock.close();
      throw e;
    }
    db.setLock(lock);
    try {
      recover(db, pmemDirectoryMissing);
      db.background.start();
      db.background.scheduleCompaction();
      LOG.debug("opened {} at sequence {}", absolute, db.versions.lastSequence());
      return db;
    } catch (RuntimeException | Error e) {
      abandon(db);
      if (pmemDirectoryMissing != null) {
        // A failed open leaves no pmem directory it created: the next open must not take an empty
        // one it made for the one that went missing.
        deleteIfEmpty(pmemDirectoryMissing);
      }
      throw e;
    }
  }

  private static void deleteIfEmpty(Path directory) {
    try {
      java.nio.file.Files.deleteIfExists(directory);
    } catch (java.io.IOException | RuntimeException e) {
      LOG.warn("could not remove the pmem directory {} that a failed open created", directory, e);
    }
  }

  /**
   * In SSD mode, refuses a database whose default pmem directory still holds WAL segments (it ran
   * with {@code walOnPmem}): replaying without them would lose acknowledged writes.
   */
  /**
   * Session 15: an existing database opened in PMEM mode whose pmem directory did not exist (moved,
   * or wiped like {@code /dev/shm} at a reboot). The segment the MANIFEST's log number names exists
   * from the open or switch that started it until a later log number is recorded; a pmem segment
   * even across power cuts (claimed by a durable rename before the first append). When it is not
   * on disk either, it was on the missing directory with the writes since the last flush: refused,
   * never replayed as empty. Creating the directory (empty) opens the database without them.
   */
  private static void refuseLostWalSegment(DbImpl db, Path pmemDirectory) {
    long logNumber = db.versions.logNumber();
    for (String name : db.files.list(db.directory)) {
      DbFileNames.Parsed parsed = DbFileNames.parse(name);
      if (parsed != null && parsed.kind() == DbFileNames.Kind.LOG && parsed.number() >= logNumber) {
        return;
      }
    }
    throw new CorruptionException("corruption in " + db.directory + ": the pmem directory " + pmemDirectory
        + " did not exist, and WAL segment " + DbFileNames.log(db.directory, logNumber).getFileName()
        + " (the MANIFEST's log number) is not in " + db.directory + " either: it was on pmem, with the writes"
        + " since the last flush. Open with the pmem directory's new path (pmemDirectory, --pmem-dir) if it"
        + " moved; create " + pmemDirectory + " empty to open the database without those writes");
  }

  private static void refuseWalLeftOnPmem(FileLayer files, Path directory) {
    Path pmem = directory.resolve("pmem");
    if (!files.exists(pmem)) {
      return;
    }
    for (String name : files.list(pmem)) {
      if (name.endsWith(".log")) {
        throw new InvalidArgumentException("the database in " + directory + " has WAL segments on persistent memory"
            + " (" + pmem.resolve(name) + "): open it with L0Mode.PMEM");
      }
    }
  }

  /**
   * @param pmemDirectoryMissing the pmem directory, when it did not exist before this open (it has
   *     been created, empty); null otherwise
   */
  private static void recover(DbImpl db, Path pmemDirectoryMissing) {
    Path current = DbFileNames.current(db.directory);
    if (db.files.exists(current)) {
      if (db.options.errorIfExists()) {
        throw new InvalidArgumentException("a database already exists in " + db.directory + " (errorIfExists is true)");
      }
      db.versions.recover();
      if (pmemDirectoryMissing != null) {
        refuseLostWalSegment(db, pmemDirectoryMissing);
      }
    } else {
      List<String> leftovers = databaseFiles(db);
      if (!leftovers.isEmpty()) {
        throw new CorruptionException("corruption in " + current + ": CURRENT is missing but the directory holds"
            + " database files " + leftovers.subList(0, Math.min(5, leftovers.size())));
      }
      if (!db.options.createIfMissing()) {
        throw new InvalidArgumentException("no database in " + db.directory + " (createIfMissing is false)");
      }
      db.versions.create();
    }
    openPmemL0(db);
    checkLiveTables(db);
    VersionEdit edit = new VersionEdit();
    // Every write the log holds was acknowledged: its flushes land even when the pmem L0 was full
    // at the crash (the set has no limits of its own); compaction brings L0 back under the budget
    // once the database is open.
    long lastSequence = WalReplay.replay(db, edit);
    db.versions.setLastSequence(Math.max(db.versions.lastSequence(), lastSequence));
    startNewLog(db);
    edit.setLogNumber(db.memtables.logNumber());
    db.versions.logAndApply(edit);
    db.mutex.lock();
    try {
      db.installSuperVersion();
    } finally {
      db.mutex.unlock();
    }
    deleteObsoleteFiles(db);
  }

  /**
   * Recovers the pmem L0 with the NVMTables the MANIFEST lists: orphans (committed after the last
   * MANIFEST edit, or interrupted builds) are deleted and logged; a listed table that is missing
   * or damaged is a CorruptionException. A database with NVMTables opened in SSD mode is refused.
   */
  private static void openPmemL0(DbImpl db) {
    // The NVMTables L0 lists and those whose Containers SSTables reference (key-value separation).
    List<Long> listed = new ArrayList<>(db.versions.liveContainers().live());
    if (db.nvmTables == null) {
      if (!listed.isEmpty()) {
        throw new InvalidArgumentException("the database in " + db.directory + " keeps " + listed.size()
            + " NVMTable(s) (L0 tables or value Containers) on persistent memory: open it with L0Mode.PMEM and its"
            + " pmem directory");
      }
      return;
    }
    L0RecoveryReport report = db.nvmTables.open(listed);
    LOG.debug("pmem L0 of {} recovered: {}", db.directory, report);
  }

  /** Every table the MANIFEST lists must exist; with paranoid checks each must also open cleanly. */
  private static void checkLiveTables(DbImpl db) {
    Version version = db.versions.peekCurrent();
    Set<TableFactory> factories = new LinkedHashSet<>();
    Set<Long> stored = new HashSet<>();
    for (int level = 0; level < version.levelCount(); level++) {
      for (FileMetaData file : version.files(level)) {
        TableFactory factory = db.tableCache.factory(file.kind(), file.number());
        if (factories.add(factory)) {
          stored.addAll(factory.storedTableNumbers());
        }
        if (!stored.contains(file.number())) {
          throw new CorruptionException("corruption in " + DbFileNames.table(db.directory, file.number())
              + ": the table listed in the MANIFEST at level " + level + " is missing");
        }
        if (db.options.paranoidChecks()) {
          db.tableCache.verifyOpens(file);
        }
      }
    }
  }

  private static void startNewLog(DbImpl db) {
    long number = db.versions.newFileNumber();
    db.memtables.start(db.writes.createWal(number), number);
  }

  /**
   * Deletes WAL segments below the log number (and not the live one), MANIFESTs other than the
   * live one, and temporary files. Safe at any time.
   */
  static void deleteObsoleteLogsAndManifests(DbImpl db) {
    long logNumber = db.versions.logNumber();
    long liveLog = db.memtables.oldestLiveLogNumber();
    long manifestNumber = db.versions.manifestNumber();
    for (String name : db.files.list(db.directory)) {
      DbFileNames.Parsed parsed = DbFileNames.parse(name);
      if (parsed == null) {
        continue;
      }
      boolean obsolete = switch (parsed.kind()) {
        case LOG -> parsed.number() < Math.min(logNumber, liveLog);
        case MANIFEST -> parsed.number() != manifestNumber;
        case TEMP -> parsed.number() != manifestNumber;
        default -> false;
      };
      if (obsolete) {
        deleteQuietly(db, db.directory.resolve(name));
      }
    }
  }

  /** Also deletes tables no version lists (left by a crash during a flush or compaction). Open only. */
  private static void deleteObsoleteFiles(DbImpl db) {
    deleteObsoleteLogsAndManifests(db);
    Version version = db.versions.peekCurrent();
    Set<Long> live = new HashSet<>();
    for (int level = 0; level < version.levelCount(); level++) {
      for (FileMetaData file : version.files(level)) {
        live.add(file.number());
      }
    }
    live.addAll(db.versions.liveContainers().live());
    Set<TableFactory> factories = new LinkedHashSet<>(List.of(db.l0Tables, db.sstables));
    for (TableFactory factory : factories) {
      for (long number : factory.storedTableNumbers()) {
        if (!live.contains(number)) {
          LOG.info("deleting table {} that no version lists (left by an interrupted flush or compaction)", number);
          factory.delete(number, new byte[0]);
        }
      }
    }
  }

  private static List<String> databaseFiles(DbImpl db) {
    List<String> found = new ArrayList<>();
    for (String name : db.files.list(db.directory)) {
      DbFileNames.Parsed parsed = DbFileNames.parse(name);
      if (parsed != null && (parsed.kind() == DbFileNames.Kind.MANIFEST || parsed.kind() == DbFileNames.Kind.LOG
          || parsed.kind() == DbFileNames.Kind.TABLE)) {
        found.add(name);
      }
    }
    found.sort(null);
    return found;
  }

  private static void deleteQuietly(DbImpl db, Path path) {
    try {
      db.files.delete(path);
    } catch (CairnException e) {
      LOG.warn("could not delete obsolete file {}: {}", path, e.getMessage());
    }
  }

  /** Releases what a failed open acquired; the new WAL segment, if any, is removed. */
  private static void abandon(DbImpl db) {
    db.mutex.lock();
    try {
      if (db.memtables.log() != null) {
        Path path = db.memtables.log().file().path();
        db.memtables.closeLogs();
        deleteQuietly(db, path);
      }
    } finally {
      db.mutex.unlock();
    }
    db.versions.close();
    db.tableCache.close();
    if (db.nvmTables != null) {
      db.nvmTables.close();
    }
    db.closeWalPreparer();
    db.releaseLock();
  }
}
