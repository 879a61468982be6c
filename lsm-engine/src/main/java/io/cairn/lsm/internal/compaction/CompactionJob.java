package io.cairn.lsm.internal.compaction;

import io.cairn.common.CairnException;
import io.cairn.lsm.api.ReadOptions;
import io.cairn.lsm.internal.fs.AppendFile;
import io.cairn.lsm.internal.iterator.InternalIterator;
import io.cairn.lsm.internal.iterator.MergingIterator;
import io.cairn.lsm.internal.iterator.UserKeyRangeIterator;
import io.cairn.lsm.internal.key.InternalKeyComparator;
import io.cairn.lsm.internal.key.InternalKeyFormat;
import io.cairn.lsm.internal.key.ValueReference;
import io.cairn.lsm.internal.pmem.ValueRelocator;
import io.cairn.lsm.internal.sstable.SstableFactory;
import io.cairn.lsm.internal.sstable.TableBuilder;
import io.cairn.lsm.internal.table.TableKind;
import io.cairn.lsm.internal.version.ContainerRefs;
import io.cairn.lsm.internal.version.FileMetaData;
import io.cairn.lsm.internal.version.TableCache;
import io.cairn.lsm.internal.version.Version;
import io.cairn.lsm.internal.version.VersionSet;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Runs one {@link Compaction}: merges its inputs in internal-key order and writes SSTables at the
 * output level, dropping what no reader can see any more (LevelDB's rules):
 *
 * <ul>
 *   <li>a version hidden by a newer version of the same key that every snapshot sees;
 *   <li>a tombstone every snapshot sees, when no deeper level may hold the key.
 * </ul>
 *
 * Output files are cut at the target size or when they overlap too much of the level below,
 * but never between two versions of one user key, so files of one level never share a key.
 *
 * <p>With key-value separation ({@code separateValues}), a value the input holds in a pmem
 * Container (an NVMTable's long value: {@link InternalIterator#valueReference()}) is written as a
 * {@link ValueReference} of type {@link InternalKeyFormat#TYPE_VALUE_REFERENCE}, its bytes never
 * read; references in the input pass through unchanged, separation on or off. Each output
 * records the Containers it references ({@link ContainerRefs}), which keeps them alive.
 *
 * <p>With a {@link ValueRelocator} (garbage collection of value Containers), a reference in the
 * input that names a Container the {@link RelocationRule} picked is not passed through: its value
 * is copied into the job's own new value Container (with separation on) or written inline (with
 * separation off, e.g. past the pmem budget), so the old Container loses this holder.
 *
 * <p>A job may cover one key range of the compaction only (a subcompaction, see {@link
 * Subcompactions}): it then reads and writes the keys of that range alone, with its own {@link
 * CompactionCursor}.
 *
 * <p>Thread-safety: confined to one thread; jobs of one compaction over disjoint ranges may run
 * in parallel. The caller records the outputs in the compaction's edit.
 */
public final class CompactionJob {
  /** What the job did. */
  public record Result(List<FileMetaData> outputs, long bytesRead, long bytesWritten, long entriesDropped,
      List<Long> valueContainers, long relocatedBytes) {}

  private static final ReadOptions COMPACTION_READS = new ReadOptions(null, true, false);

  private final Compaction compaction;
  private final VersionSet versions;
  private final TableCache tables;
  private final SstableFactory sstables;
  private final long smallestSnapshot;
  private final BooleanSupplier cancelled;
  private final InternalKeyComparator comparator;
  private final Subcompactions.Range range;
  private final CompactionCursor cursor;
  private final boolean separateValues;
  /** Moves values out of the Containers the rule picked; null: every reference passes through. */
  private final ValueRelocator relocator;
  private final ContainerRefs.Builder refs = new ContainerRefs.Builder();
  private final List<FileMetaData> outputs = new ArrayList<>();
  private byte[] referenceKey = new byte[64];
  private final byte[] referenceValue = new byte[ValueReference.MAX_BYTES];
  private AppendFile outputFile;
  private TableBuilder builder;
  private long outputNumber;
  private long bytesWritten;
  private long dropped;

  /**
   * @param smallestSnapshot the oldest sequence any reader may still read at (the oldest snapshot,
   *     or the last sequence when there is none)
   * @param cancelled polled between entries: true aborts the job (shutdown, or a failed sibling)
   * @param range the user keys this job merges ({@link Subcompactions.Range#ALL}: every key)
   * @param separateValues write a reference instead of each value the input holds in a pmem
   *     Container (key-value separation)
   * @param relocator relocates the values of the Containers the rule picked, or null
   */
  public CompactionJob(Compaction compaction, VersionSet versions, TableCache tables, SstableFactory sstables,
      long smallestSnapshot, BooleanSupplier cancelled, Subcompactions.Range range, boolean separateValues,
      ValueRelocator relocator) {
    this.range = range;
    this.relocator = relocator;
    this.separateValues = separateValues;
    this.cursor = compaction.newCursor();
    this.compaction = compaction;
    this.versions = versions;
    this.tables = tables;
    this.sstables = sstables;
    this.smallestSnapshot = smallestSnapshot;
    this.cancelled = cancelled;
    this.comparator = versions.comparator();
  }

  /**
   * Merges the inputs (of its range) into new, synced output tables, and commits the value
   * Containers it relocated values into. On failure or cancellation every output and Container
   * written so far is deleted.
   *
   * @throws CancelledException when {@code cancelled} turned true
   */
  public Result run() {
    try (InternalIterator input = inputIterator()) {
      merge(input);
      finishOutput();
      List<Long> containers = relocator == null ? List.of() : relocator.finish();
      return new Result(List.copyOf(outputs), compaction.inputBytes(), bytesWritten, dropped, containers,
          relocator == null ? 0 : relocator.relocatedBytes());
    } catch (RuntimeException | Error e) {
      abandonOutputs();
      if (relocator != null) {
        relocator.abandon();
      }
      throw e;
    }
  }

  private void merge(InternalIterator input) {
    byte[] currentUserKey = new byte[64];
    int currentUserKeyLength = -1;
    long lastSequenceForKey = Long.MAX_VALUE;
    for (input.seekToFirst(); input.isValid(); input.next()) {
      if (cancelled.getAsBoolean()) {
        throw new CancelledException();
      }
      byte[] key = input.keyBytes();
      int keyOffset = input.keyOffset();
      int keyLength = input.keyLength();
      int userLength = keyLength - InternalKeyFormat.TAG_BYTES;
      boolean newUserKey = currentUserKeyLength < 0 || comparator.userOrder().compare(
          key, keyOffset, userLength, currentUserKey, 0, currentUserKeyLength) != 0;
      if (newUserKey) {
        if (builder != null && (cursor.shouldStopBefore(key, keyOffset, keyLength)
            || builder.estimatedFileBytes() >= compaction.maxOutputFileBytes())) {
          finishOutput();
        }
        if (currentUserKey.length < userLength) {
          currentUserKey = new byte[Math.max(userLength, currentUserKey.length * 2)];
        }
        System.arraycopy(key, keyOffset, currentUserKey, 0, userLength);
        currentUserKeyLength = userLength;
        lastSequenceForKey = Long.MAX_VALUE;
      }
      long tag = InternalKeyFormat.tagOf(key, keyOffset, keyLength);
      long sequence = InternalKeyFormat.sequence(tag);
      boolean drop = lastSequenceForKey <= smallestSnapshot
          || (InternalKeyFormat.type(tag) == InternalKeyFormat.TYPE_DELETION && sequence <= smallestSnapshot
              && cursor.isBaseLevelForKey(key, keyOffset, userLength));
      lastSequenceForKey = sequence;
      if (drop) {
        dropped++;
        continue;
      }
      if (builder == null) {
        openOutput();
      }
      int type = InternalKeyFormat.type(tag);
      ValueReference reference = type == InternalKeyFormat.TYPE_VALUE && separateValues ? input.valueReference() : null;
      if (reference != null) {
        addReference(key, keyOffset, keyLength, reference);
        continue;
      }
      byte[] value = input.valueBytes();
      if (type == InternalKeyFormat.TYPE_VALUE_REFERENCE) {
        ValueReference passed = ValueReference.decode(value, input.valueOffset(), input.valueLength(), "compaction input");
        if (relocator != null && relocator.relocates(passed.container())) {
          relocate(key, keyOffset, keyLength, relocator.read(passed));
          continue;
        }
        refs.add(passed.container(), passed.length());
      }
      builder.add(key, keyOffset, keyLength, value, input.valueOffset(), input.valueLength());
    }
  }

  /**
   * Writes entry {@code key} (a reference into a Container the rule picked) with its value moved:
   * copied into the job's value Container and referenced there when values are separated, else
   * (or when the value is short enough to lie inline) written inline as a plain value.
   */
  private void relocate(byte[] key, int keyOffset, int keyLength, MemorySegment value) {
    ValueReference moved = separateValues ? relocator.relocate(key, keyOffset, keyLength, value) : null;
    if (moved != null) {
      addReference(key, keyOffset, keyLength, moved);
      return;
    }
    byte[] bytes = value.toArray(ValueLayout.JAVA_BYTE);
    copyKey(key, keyOffset, keyLength);
    InternalKeyFormat.setType(referenceKey, 0, keyLength, InternalKeyFormat.TYPE_VALUE);
    builder.add(referenceKey, 0, keyLength, bytes, 0, bytes.length);
  }

  private void copyKey(byte[] key, int keyOffset, int keyLength) {
    if (referenceKey.length < keyLength) {
      referenceKey = new byte[Math.max(keyLength, referenceKey.length * 2)];
    }
    System.arraycopy(key, keyOffset, referenceKey, 0, keyLength);
  }

  /** Writes the entry {@code key} as a reference to its value's Container record. */
  private void addReference(byte[] key, int keyOffset, int keyLength, ValueReference reference) {
    copyKey(key, keyOffset, keyLength);
    InternalKeyFormat.setType(referenceKey, 0, keyLength, InternalKeyFormat.TYPE_VALUE_REFERENCE);
    int length = reference.encodeTo(referenceValue, 0);
    refs.add(reference.container(), reference.length());
    builder.add(referenceKey, 0, keyLength, referenceValue, 0, length);
  }

  private InternalIterator inputIterator() {
    List<InternalIterator> children = new ArrayList<>();
    try {
      if (compaction.level() == 0) {
        for (FileMetaData file : compaction.inputs(0)) {
          children.add(UserKeyRangeIterator.limit(tables.newIterator(file, COMPACTION_READS), comparator.userOrder(),
              file.compactedThrough(), compaction.sliceThrough()));
        }
      } else {
        children.add(Version.concatenating(comparator, compaction.inputs(0), COMPACTION_READS, tables));
      }
      if (!compaction.inputs(1).isEmpty()) {
        children.add(Version.concatenating(comparator, compaction.inputs(1), COMPACTION_READS, tables));
      }
    } catch (RuntimeException e) {
      children.forEach(InternalIterator::close);
      throw e;
    }
    return UserKeyRangeIterator.limit(new MergingIterator(comparator, children), comparator.userOrder(), range.after(),
        range.through());
  }

  private void openOutput() {
    outputNumber = versions.newFileNumber();
    outputFile = sstables.createFile(outputNumber);
    builder = sstables.newBuilder(outputFile);
  }

  private void finishOutput() {
    if (builder == null) {
      return;
    }
    long fileBytes = builder.finish();
    outputFile.close();
    outputs.add(new FileMetaData(outputNumber, fileBytes, builder.smallestKey(), builder.largestKey(),
        TableKind.SSTABLE, new byte[0]).withContainerRefs(refs.build()));
    bytesWritten += fileBytes;
    builder = null;
    outputFile = null;
  }

  /** Deletes tables a finished job wrote that will not be committed (a sibling job failed). */
  public static void deleteOutputs(SstableFactory sstables, List<FileMetaData> written) {
    for (FileMetaData output : written) {
      try {
        sstables.delete(output.number(), output.auxiliary());
      } catch (CairnException ignored) {
        // An undeleted output is an orphan, removed at the next open.
      }
    }
  }

  private void abandonOutputs() {
    if (outputFile != null) {
      sstables.abandon(outputFile);
      outputFile = null;
      builder = null;
    }
    deleteOutputs(sstables, outputs);
    outputs.clear();
  }

  /** Thrown by {@link #run} when the job was cancelled (the database is closing). */
  public static final class CancelledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CancelledException() {
      super("compaction cancelled", null, false, false);
    }
  }
}
