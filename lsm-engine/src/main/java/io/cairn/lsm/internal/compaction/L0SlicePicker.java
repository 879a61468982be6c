package io.cairn.lsm.internal.compaction;

import io.cairn.lsm.internal.pmem.PmemBudget;
import io.cairn.lsm.internal.key.InternalKeyFormat;
import io.cairn.lsm.internal.key.KeyOrder;
import io.cairn.lsm.internal.version.FileMetaData;
import io.cairn.lsm.internal.version.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongBiFunction;

/**
 * Picks key-range slices of L0 for the pmem L0 (MatrixKV's column compaction): with uniformly
 * spread keys every L0 table overlaps all of L1, so compacting whole tables would merge all of
 * L0 with all of L1 at once. A slice instead takes, from each table of the current <em>pass</em>,
 * the entries above its compacted-through key and up to a key {@code c}, merges them with the L1
 * files they overlap, and records {@code c} as each table's new compacted-through key; a table
 * consumed to its end is deleted.
 *
 * <p><b>Passes.</b> A pass starts with every L0 table present and sweeps the key space from the
 * lowest key they hold to the end in slices; tables flushed meanwhile wait for the next pass. So
 * every L1 file is rewritten once per pass, as with a whole-L0 compaction, only in small steps.
 * Leaving the newer tables out is safe because the participants are always all the tables up to
 * some age: a key's versions that move to L1 are older than every version left in L0, so reads,
 * which consult L0 first, still find the newest. The participants are the tables up to the newest
 * one with a compacted-through key (those with one share the pass's cursor), or every table when
 * none has one (a new pass).
 *
 * <p><b>Where a slice ends</b>: at the end of an L1 file (so L1 inputs are whole files), the
 * first such end where the estimated L0 bytes of the slice plus the L1 files reach the slice
 * budget; at the end of the key space when L1 runs out first.
 *
 * <p>Thread-safety: stateless apart from its settings; used by the compaction thread.
 */
final class L0SlicePicker {
  private final long sliceBudgetBytes;
  private final long maxOutputFileBytes;
  private final ToLongBiFunction<FileMetaData, byte[]> offsetOf;
  private final PmemBudget budget;

  /**
   * @param sliceBudgetBytes estimated input bytes (L0 part plus L1 files) one slice aims at
   * @param offsetOf approximate byte offset of an internal key inside a table (the table cache)
   * @param budget how much of L0 a new pass takes
   */
  L0SlicePicker(long sliceBudgetBytes, long maxOutputFileBytes, ToLongBiFunction<FileMetaData, byte[]> offsetOf,
      PmemBudget budget) {
    this.budget = budget;
    this.sliceBudgetBytes = sliceBudgetBytes;
    this.maxOutputFileBytes = maxOutputFileBytes;
    this.offsetOf = offsetOf;
  }

  /** The next slice of {@code version}'s L0 (referencing the version), or null when L0 is empty. */
  Compaction pick(Version version, boolean manual) {
    List<FileMetaData> level0 = participants(version.files(0),
        manual ? Long.MAX_VALUE : budget.passBytes(version.level0DataBytes()));
    if (level0.isEmpty()) {
      return null;
    }
    KeyOrder order = version.comparator().userOrder();
    byte[] low = null;
    boolean lowInclusive = false;
    for (FileMetaData file : level0) {
      byte[] start = file.compactedThrough() != null
          ? file.compactedThrough()
          : InternalKeyFormat.userKey(file.smallest());
      int compared = low == null ? -1 : order.compare(start, low);
      if (compared < 0) {
        low = start;
        lowInclusive = file.compactedThrough() == null;
      } else if (compared == 0) {
        lowInclusive |= file.compactedThrough() == null;
      }
    }
    List<FileMetaData> nextInputs = new ArrayList<>();
    long nextBytes = 0;
    byte[] through = null;
    long levelBytes = 0;
    for (FileMetaData file : version.files(1)) {
      byte[] largest = InternalKeyFormat.userKey(file.largest());
      int compared = order.compare(largest, low);
      if (compared < 0 || (compared == 0 && !lowInclusive)) {
        continue;
      }
      nextInputs.add(file);
      nextBytes += file.fileBytes();
      levelBytes = levelBytesThrough(order, level0, largest);
      if (levelBytes > 0 && levelBytes + nextBytes >= sliceBudgetBytes) {
        through = largest;
        break;
      }
    }
    if (through == null) {
      levelBytes = levelBytesThrough(order, level0, null);
    }
    List<FileMetaData> levelInputs = new ArrayList<>();
    for (FileMetaData file : level0) {
      if (through == null || (isBefore(order, file.compactedThrough(), through)
          && order.compare(InternalKeyFormat.userKey(file.smallest()), through) <= 0)) {
        levelInputs.add(file);
      }
    }
    byte[] high = through;
    if (through != null && !nextInputs.isEmpty()) {
      byte[] lastNext = InternalKeyFormat.userKey(nextInputs.getLast().largest());
      high = order.compare(lastNext, through) > 0 ? lastNext : through;
    }
    List<FileMetaData> grandparents = version.levelCount() > 2 ? version.overlappingInputs(2, low, high) : List.of();
    version.ref();
    return Compaction.slice(version, levelInputs, nextInputs, grandparents, maxOutputFileBytes, manual, through,
        levelBytes);
  }

  /**
   * The tables of the current pass (oldest first, as L0 lists them): every table up to the newest
   * one that has a compacted-through key, or all of them when none has one.
   */
  static List<FileMetaData> participants(List<FileMetaData> level0) {
    return participants(level0, Long.MAX_VALUE);
  }

  /**
   * The tables of the current pass: up to the newest one with a compacted-through key; for a new
   * pass the oldest tables until they hold {@code newPassBytes} (at least one table), which keeps
   * a pass to "every table up to some age".
   */
  static List<FileMetaData> participants(List<FileMetaData> level0, long newPassBytes) {
    int last = -1;
    for (int i = 0; i < level0.size(); i++) {
      if (level0.get(i).compactedThrough() != null) {
        last = i;
      }
    }
    if (last >= 0) {
      return level0.subList(0, last + 1);
    }
    long bytes = 0;
    for (int i = 0; i < level0.size(); i++) {
      bytes += level0.get(i).dataBytes();
      if (bytes >= newPassBytes) {
        return level0.subList(0, i + 1);
      }
    }
    return level0;
  }

  /** Whether a compacted-through key (null: nothing compacted) is below {@code key}. */
  private static boolean isBefore(KeyOrder order, byte[] compactedThrough, byte[] key) {
    return compactedThrough == null || order.compare(compactedThrough, key) < 0;
  }

  /** Estimated bytes of L0 entries above each table's compacted-through key and at most {@code through}. */
  private long levelBytesThrough(KeyOrder order, List<FileMetaData> level0, byte[] through) {
    long total = 0;
    for (FileMetaData file : level0) {
      byte[] compacted = file.compactedThrough();
      if (through != null && !isBefore(order, compacted, through)) {
        continue;
      }
      long end = through == null ? file.fileBytes() : offsetOf.applyAsLong(file, endOf(through));
      long start = compacted == null ? 0 : offsetOf.applyAsLong(file, endOf(compacted));
      total += Math.max(0, end - start);
    }
    return total;
  }

  /** The last internal key a user key can have: every version of it sorts at or before this. */
  private static byte[] endOf(byte[] userKey) {
    return InternalKeyFormat.encode(userKey, 0, InternalKeyFormat.TYPE_DELETION);
  }
}
