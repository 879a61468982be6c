package io.cairn.lsm.internal.compaction;

import io.cairn.lsm.api.L0Mode;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.internal.key.InternalKeyComparator;
import io.cairn.lsm.internal.key.InternalKeyFormat;
import io.cairn.lsm.internal.version.FileMetaData;
import io.cairn.lsm.internal.version.Version;
import io.cairn.lsm.internal.version.VersionSet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongBiFunction;

/**
 * Chooses what to compact, LevelDB's way: the level with the highest score (L0: file count over
 * the trigger; deeper: bytes over the level's target), starting after the level's compact pointer
 * so that successive compactions rotate through the key space; the overlapping files of the next
 * level join, and the first level's inputs grow when that adds no file below.
 *
 * <p>Thread-safety: used by the compaction thread (and compactRange, which runs there too).
 */
public final class CompactionPicker {
  /** A compaction's inputs are not grown beyond this many target file sizes. */
  private static final int EXPANDED_LIMIT_FILES = 25;

  private final VersionSet versions;
  private final Options options;
  private final L0SlicePicker slices;

  /**
   * @param offsetOf approximate offset of an internal key in a table (for sizing L0 slices)
   */
  public CompactionPicker(VersionSet versions, Options options, ToLongBiFunction<FileMetaData, byte[]> offsetOf) {
    this.versions = versions;
    this.options = options;
    this.slices = options.l0Mode() == L0Mode.PMEM
        ? new L0SlicePicker(options.l0SliceBytes(), options.targetFileBytes(), offsetOf,
            io.cairn.lsm.internal.pmem.PmemBudget.of(options))
        : null;
  }

  /**
   * A size-triggered compaction of {@code version} (which the compaction then holds a reference
   * on), or null when no level needs one.
   */
  public Compaction pickSizeCompaction(Version version) {
    if (version.compactionScore() < 1) {
      return null;
    }
    int level = version.compactionLevel();
    if (level == 0 && slices != null) {
      return slices.pick(version, false);
    }
    InternalKeyComparator comparator = version.comparator();
    List<FileMetaData> files = version.files(level);
    byte[] pointer = versions.compactPointer(level);
    FileMetaData first = files.get(0);
    if (pointer != null) {
      for (FileMetaData file : files) {
        if (comparator.compare(file.largest(), pointer) > 0) {
          first = file;
          break;
        }
      }
    }
    List<FileMetaData> inputs = new ArrayList<>(List.of(first));
    if (level == 0) {
      inputs = version.overlappingInputs(0, InternalKeyFormat.userKey(first.smallest()),
          InternalKeyFormat.userKey(first.largest()));
    }
    return setUp(version, level, inputs, false);
  }

  /**
   * A compaction of the files at {@code level} overlapping the user key range [begin, end]
   * (null = open), or null when there are none. Deeper than L0, one call takes at most about
   * {@value #EXPANDED_LIMIT_FILES} target file sizes; callers repeat until nothing is left. With
   * the pmem L0, a range compaction of L0 takes slices of all of L0 until it is empty.
   */
  public Compaction pickRange(Version version, int level, byte[] begin, byte[] end) {
    if (level == 0 && slices != null) {
      return slices.pick(version, true);
    }
    List<FileMetaData> inputs = version.overlappingInputs(level, begin, end);
    if (inputs.isEmpty()) {
      return null;
    }
    if (level > 0) {
      long limit = EXPANDED_LIMIT_FILES * options.targetFileBytes();
      long total = 0;
      for (int i = 0; i < inputs.size(); i++) {
        total += inputs.get(i).fileBytes();
        if (total >= limit) {
          inputs = new ArrayList<>(inputs.subList(0, i + 1));
          break;
        }
      }
    }
    return setUp(version, level, inputs, true);
  }

  /**
   * A manual compaction that rewrites SSTable {@code file} of {@code level} (at least 1) in place:
   * the file as the only input of the level below {@code level - 1}'s compaction, so the outputs
   * land where it was. What garbage collection of value Containers runs on a table whose
   * references name a Container to relocate ({@code compactRange}); null when the level no longer
   * holds the file.
   */
  public Compaction pickRewrite(Version version, int level, FileMetaData file) {
    if (level < 1 || version.files(level).stream().noneMatch(f -> f.number() == file.number())) {
      return null;
    }
    List<FileMetaData> grandparents = level + 1 < version.levelCount()
        ? version.overlappingInputs(level + 1, InternalKeyFormat.userKey(file.smallest()),
            InternalKeyFormat.userKey(file.largest()))
        : List.of();
    version.ref();
    return new Compaction(version, level - 1, List.of(), List.of(file), grandparents, options.targetFileBytes(), true);
  }

  private Compaction setUp(Version version, int level, List<FileMetaData> levelInputs, boolean manual) {
    InternalKeyComparator comparator = version.comparator();
    byte[][] range = range(comparator, levelInputs, List.of());
    List<FileMetaData> nextInputs = version.overlappingInputs(level + 1, range[0], range[1]);
    byte[][] all = range(comparator, levelInputs, nextInputs);
    if (!nextInputs.isEmpty()) {
      List<FileMetaData> expanded = version.overlappingInputs(level, all[0], all[1]);
      long expandedBytes = Compaction.bytes(expanded) + Compaction.bytes(nextInputs);
      if (expanded.size() > levelInputs.size() && expandedBytes < EXPANDED_LIMIT_FILES * options.targetFileBytes()) {
        byte[][] expandedRange = range(comparator, expanded, List.of());
        List<FileMetaData> expandedNext = version.overlappingInputs(level + 1, expandedRange[0], expandedRange[1]);
        if (expandedNext.size() == nextInputs.size()) {
          levelInputs = expanded;
          nextInputs = expandedNext;
          all = range(comparator, levelInputs, nextInputs);
        }
      }
    }
    List<FileMetaData> grandparents = level + 2 < version.levelCount()
        ? version.overlappingInputs(level + 2, all[0], all[1])
        : List.of();
    version.ref();
    Compaction compaction = new Compaction(version, level, levelInputs, nextInputs, grandparents,
        options.targetFileBytes(), manual);
    byte[] largest = levelInputs.get(0).largest();
    for (FileMetaData file : levelInputs) {
      if (comparator.compare(file.largest(), largest) > 0) {
        largest = file.largest();
      }
    }
    compaction.edit().setCompactPointer(level, largest);
    return compaction;
  }

  /** Smallest and largest user keys over both lists. */
  private static byte[][] range(InternalKeyComparator comparator, List<FileMetaData> first, List<FileMetaData> second) {
    byte[] smallest = null;
    byte[] largest = null;
    for (List<FileMetaData> files : List.of(first, second)) {
      for (FileMetaData file : files) {
        if (smallest == null || comparator.compare(file.smallest(), smallest) < 0) {
          smallest = file.smallest();
        }
        if (largest == null || comparator.compare(file.largest(), largest) > 0) {
          largest = file.largest();
        }
      }
    }
    return new byte[][] {InternalKeyFormat.userKey(smallest), InternalKeyFormat.userKey(largest)};
  }
}
