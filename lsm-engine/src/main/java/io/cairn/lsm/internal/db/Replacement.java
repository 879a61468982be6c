package io.cairn.lsm.internal.db;

import io.cairn.common.CairnException;
import io.cairn.lsm.api.SortedPairs;
import io.cairn.lsm.internal.compaction.IngestJob;
import io.cairn.lsm.internal.log.LogWriter;
import io.cairn.lsm.internal.memtable.MemTable;
import io.cairn.lsm.internal.version.FileMetaData;
import io.cairn.lsm.internal.version.Version;
import io.cairn.lsm.internal.version.VersionEdit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code Db.replaceAll}: the database's contents replaced by sorted pairs in one version edit.
 *
 * <ol>
 *   <li>The pairs are written into new SSTables ({@link IngestJob}), synced, and the directory
 *       synced, while the database keeps serving: nothing lists the tables yet, and a crash leaves
 *       them as orphans, deleted at the next open.
 *   <li>At the head of the writer queue (no write commits meanwhile), with background work paused
 *       (no flush or compaction may commit an edit built on the old files), a fresh WAL segment
 *       is created and one edit is logged: every table of every level deleted, the new tables
 *       added at the bottom level, the log number moved to the fresh segment (so the old
 *       segments, and the memtables they fill, are no longer part of the database). The MANIFEST
 *       record is the commit point.
 *   <li>The memtables are dropped, a new read view is published, background work resumes.
 * </ol>
 *
 * <p>Thread-safety: callable from any thread; concurrent calls are ordered by the writer queue.
 */
final class Replacement {
  private static final Logger LOG = LoggerFactory.getLogger(Replacement.class);

  private Replacement() {}

  static void run(DbImpl db, SortedPairs pairs) {
    long started = System.nanoTime();
    List<FileMetaData> tables = IngestJob.write(pairs, db.sstables, db.versions, db.options.targetFileBytes());
    try {
      db.files.syncDirectory(db.directory);
      pairs.beforeCommit();
    } catch (RuntimeException e) {
      tables.forEach(db::deleteTableQuietly);
      throw e;
    }
    long[] dropped = new long[1];
    db.writes.exclusively(() -> dropped[0] = commit(db, tables));
    long bytes = tables.stream().mapToLong(FileMetaData::fileBytes).sum();
    LOG.info("replaced the contents of {} ({} tables dropped) by {} tables of {} bytes in {} ms", db.directory,
        dropped[0], tables.size(), bytes, (System.nanoTime() - started) / 1_000_000);
  }

  /** Commits {@code tables} as the whole database; returns how many tables it dropped. */
  private static long commit(DbImpl db, List<FileMetaData> tables) {
    boolean handedOver = false;
    db.mutex.lock();
    try {
      db.checkOpen();
      db.errors.checkWritable();
      db.background.pause();
      try {
        long walNumber = db.versions.newFileNumber();
        LogWriter wal = db.writes.createWal(walNumber);
        VersionEdit edit = new VersionEdit().setLogNumber(walNumber);
        long dropped = 0;
        Version current = db.versions.peekCurrent();
        for (int level = 0; level < current.levelCount(); level++) {
          for (FileMetaData file : current.files(level)) {
            edit.deleteFile(level, file.number());
            dropped++;
          }
        }
        int bottom = current.levelCount() - 1;
        tables.forEach(table -> edit.addFile(bottom, table));
        // From here the version set owns the tables: it deletes them if the commit fails cleanly.
        handedOver = true;
        try {
          db.versions.logAndApply(edit);
        } catch (CairnException e) {
          closeQuietly(wal);
          throw e;
        }
        db.memtables.discardAll(MemTable.of(db.comparator, db.options), wal, walNumber);
        db.installSuperVersion();
        DbOpener.deleteObsoleteLogsAndManifests(db);
        return dropped;
      } finally {
        db.background.resume();
        db.backgroundProgress.signalAll();
      }
    } catch (RuntimeException | Error e) {
      if (!handedOver) {
        tables.forEach(db::deleteTableQuietly);
      }
      throw e;
    } finally {
      db.mutex.unlock();
    }
  }

  private static void closeQuietly(LogWriter wal) {
    try {
      wal.close();
    } catch (CairnException ignored) {
      // The segment is empty and newer than the log number: the next open removes or ignores it.
    }
  }
}
