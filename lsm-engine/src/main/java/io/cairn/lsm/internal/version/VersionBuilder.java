package io.cairn.lsm.internal.version;

import io.cairn.common.CorruptionException;
import io.cairn.lsm.internal.key.InternalKeyComparator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Applies version edits to a base version and builds the result, checking that the edits make
 * sense: deleted files existed, added files are new, and levels below L0 stay sorted without
 * overlaps. Used by recovery (many edits) and by every flush and compaction (one edit).
 *
 * <p>Thread-safety: not thread-safe.
 */
final class VersionBuilder {
  private final InternalKeyComparator comparator;
  private final int levelCount;
  private final String source;
  private final List<Map<Long, FileMetaData>> levels = new ArrayList<>();

  /**
   * @param base the version to start from (not modified), or null for empty
   * @param levelCount levels the result has; an edit naming a deeper level is corruption
   * @param source the MANIFEST being read or "the running engine", for messages
   */
  VersionBuilder(InternalKeyComparator comparator, Version base, int levelCount, String source) {
    this.comparator = comparator;
    this.levelCount = levelCount;
    this.source = source;
    for (int level = 0; level < levelCount; level++) {
      Map<Long, FileMetaData> files = new HashMap<>();
      if (base != null && level < base.levelCount()) {
        for (FileMetaData file : base.files(level)) {
          files.put(file.number(), file);
        }
      }
      levels.add(files);
    }
  }

  /** Applies {@code edit}'s deletions, then its additions. */
  void apply(VersionEdit edit) {
    for (VersionEdit.DeletedFile deleted : edit.deletedFiles()) {
      checkLevel(deleted.level());
      if (levels.get(deleted.level()).remove(deleted.number()) == null) {
        throw new CorruptionException("corruption in " + source + ": edit deletes file " + deleted.number()
            + " from level " + deleted.level() + ", which does not hold it");
      }
    }
    for (VersionEdit.NewFile added : edit.newFiles()) {
      checkLevel(added.level());
      FileMetaData previous = levels.get(added.level()).putIfAbsent(added.file().number(), added.file());
      if (previous != null) {
        throw new CorruptionException("corruption in " + source + ": edit adds file " + added.file().number()
            + " to level " + added.level() + " twice");
      }
    }
    for (VersionEdit.CompactedThrough watermark : edit.compactedThrough()) {
      FileMetaData file = levels.get(0).get(watermark.number());
      if (file == null) {
        throw new CorruptionException("corruption in " + source + ": edit sets the compacted-through key of file "
            + watermark.number() + ", which is not in level 0");
      }
      levels.get(0).put(file.number(), file.withCompactedThrough(watermark.userKey()));
    }
  }

  /** The resulting version, with one reference held for the caller. */
  Version build(Consumer<FileMetaData> obsoleteSink, LiveContainers containers) {
    List<List<FileMetaData>> result = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    for (int level = 0; level < levelCount; level++) {
      List<FileMetaData> files = new ArrayList<>(levels.get(level).values());
      for (FileMetaData file : files) {
        if (!seen.add(file.number())) {
          throw new CorruptionException("corruption in " + source + ": file " + file.number() + " is listed at two levels");
        }
      }
      if (level == 0) {
        files.sort(Comparator.comparingLong(FileMetaData::number));
      } else {
        files.sort((a, b) -> {
          int bySmallest = comparator.compare(a.smallest(), b.smallest());
          return bySmallest != 0 ? bySmallest : Long.compare(a.number(), b.number());
        });
        checkNoOverlap(level, files);
      }
      result.add(List.copyOf(files));
    }
    return new Version(comparator, result, obsoleteSink, containers);
  }

  private void checkNoOverlap(int level, List<FileMetaData> files) {
    for (int i = 1; i < files.size(); i++) {
      FileMetaData before = files.get(i - 1);
      FileMetaData after = files.get(i);
      if (comparator.compare(before.largest(), after.smallest()) >= 0) {
        throw new CorruptionException("corruption in " + source + ": files " + before.number() + " and "
            + after.number() + " overlap at level " + level);
      }
    }
  }

  private void checkLevel(int level) {
    if (level >= levelCount) {
      throw new CorruptionException("corruption in " + source + ": edit names level " + level
          + " but the database is opened with " + levelCount + " levels");
    }
  }
}
