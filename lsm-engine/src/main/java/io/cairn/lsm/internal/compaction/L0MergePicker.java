package io.cairn.lsm.internal.compaction;

import io.cairn.lsm.internal.table.TableKind;
import io.cairn.lsm.internal.version.FileMetaData;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks NVMTables of the pmem-sized L0 to merge on pmem into one larger NVMTable, so that a read
 * checks few L0 tables although L0 holds up to the pmem budget (size-tiered, as RocksDB's
 * universal compaction and MatrixKV's large NVM L0 keep read paths short).
 *
 * <p><b>Contract.</b> Tables fall in tiers by their data bytes ({@link FileMetaData#dataBytes}: a
 * table an L0 merge wrote with references counts the values it references): tier {@code k} holds tables of {@code
 * base × fanIn^k} up to {@code base × fanIn^(k+1)} bytes ({@code base}: a flushed memtable). The
 * pick is the newest run of L0 tables that share the newest table's tier, when it has {@code
 * fanIn} tables; else nothing. So L0 holds fewer than {@code fanIn} tables per tier: about {@code
 * (fanIn - 1) × log_fanIn(budget / base)} tables at most, each byte rewritten on pmem once per
 * tier it climbs.
 *
 * <p><b>Why the newest run, and only unsliced tables.</b> L0 is ordered by file number, oldest
 * first, and reads consult newer tables first. The inputs are the newest tables and the merged
 * table takes a file number allocated when the merge is picked, while no flush is under way, so
 * it sorts after every older table and before every later flush: the order of versions is kept.
 * A table a slice compaction is sweeping (it has a compacted-through key) belongs to that pass
 * and is never an input; the run stops at it.
 *
 * <p>Thread-safety: stateless apart from its settings.
 */
public final class L0MergePicker {
  /** Tables of one tier merged at once. */
  public static final int DEFAULT_FAN_IN = 4;

  private final int fanIn;
  private final long baseBytes;
  private final long maxOutputBytes;

  /**
   * @param fanIn tables of one tier merged into one (at least 2)
   * @param baseBytes the size of a flushed table (tier 0 is below {@code fanIn} times this)
   * @param maxOutputBytes merges whose inputs exceed this are not picked (a bound on one step)
   */
  public L0MergePicker(int fanIn, long baseBytes, long maxOutputBytes) {
    if (fanIn < 2 || baseBytes < 1 || maxOutputBytes < 1) {
      throw new IllegalArgumentException("fanIn " + fanIn + ", baseBytes " + baseBytes + ", max " + maxOutputBytes);
    }
    this.fanIn = fanIn;
    this.baseBytes = baseBytes;
    this.maxOutputBytes = maxOutputBytes;
  }

  /** The tier of a table of {@code bytes}. */
  int tier(long bytes) {
    int tier = 0;
    for (long bound = baseBytes * fanIn; bytes >= bound && tier < 62; bound = saturatingTimes(bound, fanIn)) {
      tier++;
    }
    return tier;
  }

  /**
   * The tables to merge, oldest first, from {@code level0} (L0 of a version, oldest first), or an
   * empty list.
   */
  public List<FileMetaData> pick(List<FileMetaData> level0) {
    List<FileMetaData> run = new ArrayList<>();
    int tier = -1;
    long bytes = 0;
    for (int i = level0.size() - 1; i >= 0 && run.size() < fanIn; i--) {
      FileMetaData file = level0.get(i);
      if (file.kind() != TableKind.NVMTABLE || file.compactedThrough() != null) {
        break;
      }
      int fileTier = tier(file.dataBytes());
      if (tier >= 0 && fileTier != tier) {
        break;
      }
      tier = fileTier;
      bytes += file.dataBytes();
      run.add(0, file);
    }
    return run.size() == fanIn && bytes <= maxOutputBytes ? List.copyOf(run) : List.of();
  }

  private static long saturatingTimes(long value, int factor) {
    return value > Long.MAX_VALUE / factor ? Long.MAX_VALUE : value * factor;
  }
}
