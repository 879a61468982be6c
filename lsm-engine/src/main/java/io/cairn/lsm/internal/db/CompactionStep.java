package io.cairn.lsm.internal.db;

import io.cairn.common.CairnException;
import io.cairn.lsm.internal.compaction.Compaction;
import io.cairn.lsm.internal.compaction.CompactionJob;
import io.cairn.lsm.internal.compaction.RelocationRule;
import io.cairn.lsm.internal.pmem.ValueRelocator;
import io.cairn.lsm.internal.version.Version;
import io.cairn.lsm.internal.version.FileMetaData;
import io.cairn.lsm.internal.compaction.Subcompactions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out one picked compaction on the compaction thread, without the database mutex: a
 * trivial move (one edit), or a merge whose synced outputs are committed by one MANIFEST edit. A
 * large L0 to L1 merge is split into key-range pieces ({@link Subcompactions}, at most {@code
 * maxSubcompactions}) run in parallel; they are committed together, by the one edit, or not at
 * all: when a piece fails the others are cancelled and every output is deleted.
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
   * @param pieces runs the subcompactions after the first (which runs on the calling thread)
   * @throws CompactionJob.CancelledException when cancelled
   * @throws CairnException when reading, writing or committing fails (outputs are removed)
   */
  static void run(DbImpl db, Compaction compaction, long smallestSnapshot, BooleanSupplier cancelled,
      Executor pieces) {
    if (compaction.isTrivialMove()) {
      FileMetaData file = compaction.inputs(0).get(0);
      compaction.edit().deleteFile(compaction.level(), file.number()).addFile(compaction.level() + 1, file);
      db.versions.logAndApply(compaction.edit());
      db.counters.trivialMoves.increment();
      LOG.debug("moved table {} from L{} to L{}", file, compaction.level(), compaction.level() + 1);
      return;
    }
    List<CompactionJob.Result> results = runPieces(db, compaction, smallestSnapshot, cancelled, pieces);
    List<FileMetaData> outputs = new ArrayList<>();
    List<Long> containers = new ArrayList<>();
    long bytesWritten = 0;
    long dropped = 0;
    long relocated = 0;
    for (CompactionJob.Result piece : results) {
      outputs.addAll(piece.outputs());
      containers.addAll(piece.valueContainers());
      bytesWritten += piece.bytesWritten();
      dropped += piece.entriesDropped();
      relocated += piece.relocatedBytes();
    }
    CompactionJob.Result result = new CompactionJob.Result(outputs, compaction.inputBytes(), bytesWritten, dropped,
        containers, relocated);
    try {
      db.files.syncDirectory(db.directory);
    } catch (CairnException e) {
      result.outputs().forEach(db::deleteTableQuietly);
      ValueRelocator.delete(db.nvmTables, containers);
      throw e;
    }
    compaction.addInputDeletions(compaction.edit());
    for (FileMetaData output : outputs) {
      compaction.edit().addFile(compaction.level() + 1, output);
    }
    // From here the version set owns the outputs: it deletes them if the commit fails cleanly.
    // Value Containers of a commit that fails stay registered until the next open deletes them.
    db.versions.logAndApply(compaction.edit());
    db.counters.compactions.increment();
    if (compaction.isSlice()) {
      db.counters.l0Slices.increment();
    }
    if (results.size() > 1) {
      db.counters.subcompactions.add(results.size());
    }
    db.counters.compactionBytesRead.add(result.bytesRead());
    db.counters.compactionBytesWritten.add(result.bytesWritten());
    LOG.debug("compacted {}: {} bytes in, {} bytes out, {} entries dropped, {} value bytes relocated into {}",
        compaction, result.bytesRead(), result.bytesWritten(), result.entriesDropped(), relocated, containers);
  }

  /** Runs the pieces of {@code compaction}, the first on this thread; returns their results in key order. */
  private static List<CompactionJob.Result> runPieces(DbImpl db, Compaction compaction, long smallestSnapshot,
      BooleanSupplier cancelled, Executor pieces) {
    List<Subcompactions.Range> ranges = Subcompactions.split(compaction, db.options.maxSubcompactions());
    boolean separate = separateValues(db);
    Set<Long> relocated = relocatedContainers(db);
    AtomicBoolean siblingFailed = new AtomicBoolean();
    BooleanSupplier stop = () -> siblingFailed.get() || cancelled.getAsBoolean();
    List<CompletableFuture<CompactionJob.Result>> others = new ArrayList<>();
    for (Subcompactions.Range range : ranges.subList(1, ranges.size())) {
      CompactionJob job = new CompactionJob(compaction, db.versions, db.tableCache, db.sstables, smallestSnapshot, stop,
          range, separate, relocator(db, relocated));
      others.add(CompletableFuture.supplyAsync(() -> runOrSignal(job, siblingFailed), pieces));
    }
    List<CompactionJob.Result> results = new ArrayList<>(ranges.size());
    Throwable failure = null;
    try {
      results.add(runOrSignal(new CompactionJob(compaction, db.versions, db.tableCache, db.sstables, smallestSnapshot,
          stop, ranges.get(0), separate, relocator(db, relocated)), siblingFailed));
    } catch (RuntimeException | Error e) {
      failure = e;
    }
    for (CompletableFuture<CompactionJob.Result> other : others) {
      try {
        results.add(other.join());
      } catch (CompletionException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        // The first real failure wins over the cancellations it caused.
        if (failure == null || failure instanceof CompactionJob.CancelledException) {
          failure = cause;
        }
      }
    }
    if (failure != null) {
      for (CompactionJob.Result done : results) {
        CompactionJob.deleteOutputs(db.sstables, done.outputs());
        ValueRelocator.delete(db.nvmTables, done.valueContainers());
      }
      if (failure instanceof Error error) {
        throw error;
      }
      throw (RuntimeException) failure;
    }
    return results;
  }

  /**
   * Whether this compaction writes value references (key-value separation): when the option is
   * on and the pmem tables fit the pmem budget ({@link io.cairn.lsm.internal.pmem.PmemBudget#valuesFit}).
   */
  static boolean separateValues(DbImpl db) {
    return db.options.pmemValueSeparation() && db.nvmTables != null
        && db.pmemBudget.valuesFit(db.nvmTables.bytes());
  }

  /** The relocation rule of {@code db}'s options. */
  static RelocationRule relocationRule(DbImpl db) {
    return new RelocationRule(db.options.pmemValueGcAgeCutoff(), db.options.pmemValueGcGarbageThreshold());
  }

  /**
   * The Containers whose values compactions relocate now ({@link RelocationRule#pick} over the
   * current version's references and the Containers' pmem bytes); empty without a pmem L0.
   */
  static Set<Long> relocatedContainers(DbImpl db) {
    RelocationRule rule = relocationRule(db);
    if (db.nvmTables == null || !rule.enabled()) {
      return Set.of();
    }
    Version version = db.versions.refCurrent();
    try {
      return rule.pick(version.referencedContainerBytes(), db.nvmTables::containerBytes);
    } finally {
      version.unref();
    }
  }

  private static ValueRelocator relocator(DbImpl db, Set<Long> relocated) {
    return relocated.isEmpty() ? null : new ValueRelocator(db.nvmTables, db.versions::newFileNumber, relocated);
  }

  private static CompactionJob.Result runOrSignal(CompactionJob job, AtomicBoolean failed) {
    try {
      return job.run();
    } catch (RuntimeException | Error e) {
      failed.set(true);
      throw e;
    }
  }
}
