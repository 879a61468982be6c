package io.cairn.lsm.internal.compaction;

import io.cairn.lsm.internal.version.FileMetaData;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks the L0 tables of an intra-L0 compaction (RocksDB's intra-L0): the newest L0 tables merged
 * into one L0 table, so that L0 stays under its table-count triggers while an L0 to L1
 * compaction is busy with the older tables. With uniform keys every L0 to L1 compaction rewrites
 * all of L1, so writers that wait at the L0 triggers wait for that whole rewrite; merging the
 * newest tables instead frees table slots at the cost of rewriting only those tables (on pmem a
 * copy without block decoding or SSD I/O). The paper's L0 limit keeps meaning what it says: L0
 * never holds more tables than before, only larger ones.
 *
 * <p><b>Contract.</b> {@link #pick} returns the longest run of the newest L0 tables such that
 * <ul>
 *   <li>every table is newer (a larger file number) than every L0 table a running compaction
 *       holds ({@code busyThrough}), and none is part of a slice pass (no compacted-through key);
 *   <li>their bytes together are at most {@code maxOutputBytes} (the bound on an L0 table);
 *   <li>there are at least {@value #MIN_INPUTS} of them while L0 is below the slowdown trigger,
 *       at least 2 from the trigger on (each merge of {@code n} tables frees {@code n - 1}
 *       slots);
 * </ul>
 * and only when a compaction holds L0 tables or L0 is at the slowdown trigger; else nothing.
 *
 * <p><b>Why order stays right.</b> The inputs are the newest L0 tables, and the caller allocates
 * the merged table's file number while no flush writes: it sorts after every older L0 table and
 * before every later flush, the order in which reads consult L0. The tables a running compaction
 * holds are older than every input, so the two never share a table.
 *
 * <p>Thread-safety: stateless apart from its settings.
 */
public final class IntraL0Picker {
  /** Fewest tables merged while L0 is below the slowdown trigger (RocksDB's minimum is 4 too). */
  public static final int MIN_INPUTS = 4;

  private final long maxOutputBytes;
  private final int slowdownTrigger;

  /**
   * @param maxOutputBytes the most bytes an L0 table may grow to by merges (at least 1)
   * @param slowdownTrigger L0 tables from which writes are slowed
   */
  public IntraL0Picker(long maxOutputBytes, int slowdownTrigger) {
    if (maxOutputBytes < 1 || slowdownTrigger < 1) {
      throw new IllegalArgumentException("maxOutputBytes " + maxOutputBytes + ", slowdownTrigger " + slowdownTrigger);
    }
    this.maxOutputBytes = maxOutputBytes;
    this.slowdownTrigger = slowdownTrigger;
  }

  /**
   * The tables to merge, oldest first, or an empty list.
   *
   * @param level0 L0 of the current version, oldest first
   * @param busyThrough the largest file number among the L0 tables a running compaction holds, or
   *     -1 when none runs
   */
  public List<FileMetaData> pick(List<FileMetaData> level0, long busyThrough) {
    boolean slowed = level0.size() >= slowdownTrigger;
    if (busyThrough < 0 && !slowed) {
      return List.of();
    }
    List<FileMetaData> run = new ArrayList<>();
    long bytes = 0;
    for (int i = level0.size() - 1; i >= 0; i--) {
      FileMetaData file = level0.get(i);
      if (file.number() <= busyThrough || file.compactedThrough() != null
          || bytes + file.dataBytes() > maxOutputBytes) {
        break;
      }
      bytes += file.dataBytes();
      run.addFirst(file);
    }
    return run.size() >= (slowed ? 2 : MIN_INPUTS) ? List.copyOf(run) : List.of();
  }
}
