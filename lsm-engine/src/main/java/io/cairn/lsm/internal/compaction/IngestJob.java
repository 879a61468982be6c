package io.cairn.lsm.internal.compaction;

import io.cairn.common.InvalidArgumentException;
import io.cairn.lsm.api.SortedPairs;
import io.cairn.lsm.internal.fs.AppendFile;
import io.cairn.lsm.internal.key.InternalKeyFormat;
import io.cairn.lsm.internal.key.KeyOrder;
import io.cairn.lsm.internal.sstable.SstableFactory;
import io.cairn.lsm.internal.sstable.TableBuilder;
import io.cairn.lsm.internal.table.TableKind;
import io.cairn.lsm.internal.version.FileMetaData;
import io.cairn.lsm.internal.version.VersionSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes externally supplied sorted pairs as new, synced SSTables for the bottom level (the table
 * side of {@code Db.replaceAll}): every pair becomes a value entry with sequence number 0 (the
 * tables replace everything, so no older version of a key can be hidden behind them, and any
 * later write sorts above them), and a table is cut once it reaches the target file size.
 * Consecutive keys must be strictly ascending; the tables then never overlap.
 *
 * <p>Thread-safety: confined to the calling thread. The caller lists the tables in a version
 * edit; until then no reader sees them.
 */
public final class IngestJob {
  private final SstableFactory sstables;
  private final VersionSet versions;
  private final long targetFileBytes;
  private final KeyOrder order;
  private final List<FileMetaData> written = new ArrayList<>();
  private AppendFile file;
  private TableBuilder builder;
  private long number;
  /** The internal key of the pair being added, reused (user key, then the tag). */
  private byte[] internalKey = new byte[64];
  /** The user key of the pair added before ({@code previousLength} bytes; -1: none yet), reused. */
  private byte[] previous = new byte[64];
  private int previousLength = -1;

  private IngestJob(SstableFactory sstables, VersionSet versions, long targetFileBytes) {
    this.sstables = sstables;
    this.versions = versions;
    this.targetFileBytes = targetFileBytes;
    this.order = versions.comparator().userOrder();
  }

  /**
   * Writes every pair of {@code pairs} into tables of about {@code targetFileBytes} each; returns
   * them in key order (empty when {@code pairs} is). On any failure every table written is deleted.
   *
   * @throws InvalidArgumentException when a key does not sort after the one before
   */
  public static List<FileMetaData> write(SortedPairs pairs, SstableFactory sstables, VersionSet versions,
      long targetFileBytes) {
    IngestJob job = new IngestJob(sstables, versions, targetFileBytes);
    try {
      while (pairs.next()) {
        job.add(pairs.keyArray(), pairs.keyOffset(), pairs.keyLength(), pairs.valueArray(), pairs.valueOffset(),
            pairs.valueLength());
      }
      job.finishTable();
    } catch (RuntimeException | Error e) {
      job.abandon();
      throw e;
    }
    return List.copyOf(job.written);
  }

  /**
   * Adds one pair, read where the source holds it: no array per pair (the internal key and the
   * previous key live in buffers of this job, the builder copies what it keeps).
   */
  private void add(byte[] key, int keyOffset, int keyLength, byte[] value, int valueOffset, int valueLength) {
    if (previousLength >= 0 && order.compare(previous, 0, previousLength, key, keyOffset, keyLength) >= 0) {
      throw new InvalidArgumentException("replaceAll: key " + order.describe(key, keyOffset, keyLength)
          + " does not sort after the key before it");
    }
    int internalLength = keyLength + InternalKeyFormat.TAG_BYTES;
    if (internalKey.length < internalLength) {
      internalKey = new byte[Math.max(internalLength, 2 * internalKey.length)];
      previous = new byte[internalKey.length];
    }
    InternalKeyFormat.encodeInto(internalKey, key, keyOffset, keyLength, 0, InternalKeyFormat.TYPE_VALUE);
    if (builder == null) {
      number = versions.newFileNumber();
      file = sstables.createFile(number);
      builder = sstables.newBuilder(file);
    }
    builder.add(internalKey, 0, internalLength, value, valueOffset, valueLength);
    System.arraycopy(key, keyOffset, previous, 0, keyLength);
    previousLength = keyLength;
    if (builder.estimatedFileBytes() >= targetFileBytes) {
      finishTable();
    }
  }

  private void finishTable() {
    if (builder == null) {
      return;
    }
    long fileBytes = builder.finish();
    file.close();
    written.add(new FileMetaData(number, fileBytes, builder.smallestKey(), builder.largestKey(), TableKind.SSTABLE,
        new byte[0]));
    builder = null;
    file = null;
  }

  private void abandon() {
    if (file != null) {
      sstables.abandon(file);
      file = null;
      builder = null;
    }
    CompactionJob.deleteOutputs(sstables, written);
    written.clear();
  }
}
