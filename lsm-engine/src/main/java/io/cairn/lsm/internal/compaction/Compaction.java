package io.cairn.lsm.internal.compaction;

import io.cairn.lsm.internal.key.InternalKeyComparator;
import io.cairn.lsm.internal.key.InternalKeyFormat;
import io.cairn.lsm.internal.key.KeyOrder;
import io.cairn.lsm.internal.table.TableKind;
import io.cairn.lsm.internal.version.FileMetaData;
import io.cairn.lsm.internal.version.Version;
import io.cairn.lsm.internal.version.VersionEdit;
import java.util.List;

/**
 * One major compaction: the files of {@code level} and the overlapping files of {@code level + 1}
 * to be merged into new tables at {@code level + 1}, with the bookkeeping the merge needs (which
 * deeper levels may still hold a key, where to cut output files so that the next compaction stays
 * small, see {@link CompactionCursor}). Holds a reference on the version it was picked from until
 * {@link #release}.
 *
 * <p>Thread-safety: used by the one compaction thread.
 */
public final class Compaction {
  private final Version input;
  private final int level;
  private final List<FileMetaData> levelInputs;
  private final List<FileMetaData> nextLevelInputs;
  private final List<FileMetaData> grandparents;
  private final long maxOutputFileBytes;
  private final long maxGrandparentOverlapBytes;
  private final VersionEdit edit = new VersionEdit();
  private final boolean manual;
  private final boolean slice;
  private final byte[] sliceThrough;
  private final long sliceLevelBytes;

  Compaction(Version input, int level, List<FileMetaData> levelInputs, List<FileMetaData> nextLevelInputs,
      List<FileMetaData> grandparents, long maxOutputFileBytes, boolean manual) {
    this(input, level, levelInputs, nextLevelInputs, grandparents, maxOutputFileBytes, manual, false, null, -1);
  }

  /**
   * A key-range slice of L0 ({@code L0Mode.PMEM}): the entries of every L0 input above its
   * compacted-through key and at most {@code sliceThrough} (null: to the end), merged with the
   * overlapping L1 files.
   *
   * @param sliceLevelBytes estimated L0 bytes of the slice
   */
  static Compaction slice(Version input, List<FileMetaData> levelInputs, List<FileMetaData> nextLevelInputs,
      List<FileMetaData> grandparents, long maxOutputFileBytes, boolean manual, byte[] sliceThrough,
      long sliceLevelBytes) {
    return new Compaction(input, 0, levelInputs, nextLevelInputs, grandparents, maxOutputFileBytes, manual, true,
        sliceThrough, sliceLevelBytes);
  }

  private Compaction(Version input, int level, List<FileMetaData> levelInputs, List<FileMetaData> nextLevelInputs,
      List<FileMetaData> grandparents, long maxOutputFileBytes, boolean manual, boolean slice, byte[] sliceThrough,
      long sliceLevelBytes) {
    this.slice = slice;
    this.sliceThrough = sliceThrough;
    this.sliceLevelBytes = sliceLevelBytes;
    this.input = input;
    this.level = level;
    this.levelInputs = List.copyOf(levelInputs);
    this.nextLevelInputs = List.copyOf(nextLevelInputs);
    this.grandparents = List.copyOf(grandparents);
    this.maxOutputFileBytes = maxOutputFileBytes;
    this.maxGrandparentOverlapBytes = 10 * maxOutputFileBytes;
    this.manual = manual;
  }

  /** The level compacted from; outputs go to {@code level() + 1}. */
  public int level() {
    return level;
  }

  /** Inputs at {@code level()} (0) or {@code level() + 1} (1). */
  public List<FileMetaData> inputs(int which) {
    return which == 0 ? levelInputs : nextLevelInputs;
  }

  /** The version the inputs come from. */
  public Version inputVersion() {
    return input;
  }

  /** The edit this compaction will apply (compact pointer already set by the picker). */
  public VersionEdit edit() {
    return edit;
  }

  /** Whether the user asked for it (compactRange) rather than a size trigger. */
  public boolean isManual() {
    return manual;
  }

  /** Whether this is a key-range slice of L0 (pmem L0) rather than whole files. */
  public boolean isSlice() {
    return slice;
  }

  /** The last user key of the slice (inclusive), or null: to the end of every L0 input. */
  public byte[] sliceThrough() {
    return sliceThrough;
  }

  /** Target size of output tables. */
  public long maxOutputFileBytes() {
    return maxOutputFileBytes;
  }

  /** Bytes of the inputs from {@link #level()} (for a slice: the estimated L0 part). */
  public long levelInputBytes() {
    return slice ? sliceLevelBytes : bytes(levelInputs);
  }

  /** Total bytes of the inputs (for a slice: the estimated L0 part plus the L1 files). */
  public long inputBytes() {
    return (slice ? sliceLevelBytes : bytes(levelInputs)) + bytes(nextLevelInputs);
  }

  /**
   * Whether the single input SSTable can move down a level without being rewritten: nothing to
   * merge with, and not so much overlap with the level below that its next compaction would be
   * huge. Only SSTables move: other kinds (an NVMTable in L0) are always rewritten.
   */
  public boolean isTrivialMove() {
    return !manual && levelInputs.size() == 1 && nextLevelInputs.isEmpty()
        && levelInputs.get(0).kind() == TableKind.SSTABLE
        && bytes(grandparents) <= maxGrandparentOverlapBytes;
  }

  /**
   * Adds the deletion of every input to the edit. A slice deletes the L0 inputs it consumed to
   * their end and records the others as compacted through the slice's last key.
   */
  public void addInputDeletions(VersionEdit target) {
    KeyOrder order = input.comparator().userOrder();
    for (FileMetaData file : levelInputs) {
      byte[] largest = file.largest();
      if (!slice || sliceThrough == null
          || order.compare(largest, 0, largest.length - InternalKeyFormat.TAG_BYTES, sliceThrough, 0,
              sliceThrough.length) <= 0) {
        target.deleteFile(level, file.number());
      } else {
        target.setCompactedThrough(file.number(), sliceThrough);
      }
    }
    for (FileMetaData file : nextLevelInputs) {
      target.deleteFile(level + 1, file.number());
    }
  }

  /**
   * A fresh cursor for one merge over (part of) the inputs, keys asked in increasing order: a
   * subcompaction has its own.
   */
  public CompactionCursor newCursor() {
    return new CompactionCursor(input, level, grandparents, maxGrandparentOverlapBytes);
  }

  /** Drops the reference on the input version. */
  public void release() {
    input.unref();
  }

  /** The bytes of {@code files} together. */
  public static long bytes(List<FileMetaData> files) {
    long total = 0;
    for (FileMetaData file : files) {
      total += file.fileBytes();
    }
    return total;
  }

  @Override
  public String toString() {
    return (slice ? "slice through " + (sliceThrough == null ? "the end" : input.comparator().userOrder()
        .describe(sliceThrough, 0, sliceThrough.length)) + " of " : "") + "L" + level + " " + numbers(levelInputs) + " + L" + (level + 1) + " " + numbers(nextLevelInputs);
  }

  private static String numbers(List<FileMetaData> files) {
    return files.stream().map(file -> String.valueOf(file.number())).toList().toString();
  }
}
