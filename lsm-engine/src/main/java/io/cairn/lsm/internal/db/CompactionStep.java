package io.cairn.lsm.internal.db;

import io.cairn.common.CairnException;
import io.cairn.lsm.internal.compaction.Compaction;
import io.cairn.lsm.internal.compaction.CompactionJob;
import io.cairn.lsm.internal.version.FileMetaData;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out one picked compaction on the compaction thread, without the database mutex: a
 * trivial move (one edit), or a merge whose synced outputs are committed by one MANIFEST edit.
 * Thread-safety: stateless; called by the compaction thread only.
 */
final class CompactionStep {
  private static final Logger LOG = LoggerFactory.getLogger(CompactionStep.class);

  private CompactionStep() {}

  /**
   * Runs {@code compaction} and commits it.
   *
   * @param smallestSnapshot the oldest sequence a reader may still read at
   * @param cancelled polled by the merge: true aborts it (shutdown)
   * @throws CompactionJob.CancelledException when cancelled
   * @throws CairnException when reading, writing or committing fails (outputs are removed)
   */
  static void run(DbImpl db, Compaction compaction, long smallestSnapshot, BooleanSupplier cancelled) {
    if (compaction.isTrivialMove()) {
      FileMetaData file = compaction.inputs(0).get(0);
      compaction.edit().deleteFile(compaction.level(), file.number()).addFile(compaction.level() + 1, file);
      db.versions.logAndApply(compaction.edit());
      db.counters.trivialMoves.increment();
      LOG.debug("moved table {} from L{} to L{}", file, compaction.level(), compaction.level() + 1);
      return;
    }
    CompactionJob job = new CompactionJob(compaction, db.versions, db.tableCache, db.sstables, smallestSnapshot,
        cancelled);
    CompactionJob.Result result = job.run();
    try {
      db.files.syncDirectory(db.directory);
    } catch (CairnException e) {
      result.outputs().forEach(db::deleteTableQuietly);
      throw e;
    }
    // From here the version set owns the outputs: it deletes them if the commit fails cleanly.
    db.versions.logAndApply(compaction.edit());
    db.counters.compactions.increment();
    if (compaction.isSlice()) {
      db.counters.l0Slices.increment();
    }
    db.counters.compactionBytesRead.add(result.bytesRead());
    db.counters.compactionBytesWritten.add(result.bytesWritten());
    LOG.debug("compacted {}: {} bytes in, {} bytes out, {} entries dropped", compaction, result.bytesRead(),
        result.bytesWritten(), result.entriesDropped());
  }
}
