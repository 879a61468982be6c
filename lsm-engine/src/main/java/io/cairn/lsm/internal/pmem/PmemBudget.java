package io.cairn.lsm.internal.pmem;

import io.cairn.lsm.api.Options;

/**
 * The one place that weighs the pmem L0 against its budget ({@code Options.pmemBudgetBytes}):
 * when writes must stall, how urgently L0 needs compaction into L1, how much of L0 a new
 * slice pass takes, and whether compactions may keep values on pmem (key-value separation).
 *
 * <p>Two policies. With the paper's L0 (a table-count limit, {@code pmemSizedL0} false) L0 is
 * compacted from half the budget on, a pass takes every table, and the count triggers do the rest.
 * With the pmem-sized L0 ({@code pmemSizedL0} true) the budget is L0's only bound: compaction into
 * L1 starts at {@value #SIZED_TRIGGER_SHARE} of the budget and a new pass takes only the oldest
 * tables holding what exceeds {@value #SIZED_TARGET_SHARE} of it, so L0 stays large and only the
 * excess moves to L1. In both, writes stall when the next flush would pass the budget.
 *
 * @param budgetBytes the pmem budget of L0
 * @param nextTableBytes the most pmem one flush may take
 * @param sized whether the budget is L0's only bound (the pmem-sized L0)
 */
public record PmemBudget(long budgetBytes, long nextTableBytes, boolean sized) {
  /** With the pmem-sized L0, compaction into L1 starts when L0 holds this share of the budget. */
  public static final double SIZED_TRIGGER_SHARE = 0.75;
  /** With the pmem-sized L0, a pass moves the oldest tables until L0 would hold about this share. */
  public static final double SIZED_TARGET_SHARE = 0.5;

  /** The budget of {@code options} (meaningful in PMEM mode). */
  public static PmemBudget of(Options options) {
    return new PmemBudget(options.pmemBudgetBytes(), PmemL0.nextTableBytes(options), options.pmemSizedL0());
  }

  /**
   * Whether another memtable may not be sealed: L0 holds tables, and with the flushes already
   * waiting ({@code pendingFlushes} sealed memtables) and the one more, L0 could pass the budget.
   */
  public boolean full(int level0Files, long level0Bytes, int pendingFlushes) {
    return level0Files > 0 && level0Bytes + (pendingFlushes + 1L) * nextTableBytes > budgetBytes;
  }

  /**
   * Whether an L0 merge writing {@code mergeBytes} (its inputs' size) fits beside L0's {@code
   * level0Bytes} and one more flush: the inputs are deleted only after the merged table is
   * written, so for a while L0 holds both.
   */
  public boolean mergeFits(long level0Bytes, long mergeBytes) {
    return level0Bytes + mergeBytes + nextTableBytes <= budgetBytes;
  }

  /** L0's compaction score by bytes (at least 1: compact into L1). */
  public double level0Score(long level0Bytes) {
    return level0Bytes / (budgetBytes * (sized ? SIZED_TRIGGER_SHARE : 0.5));
  }

  /** Bytes of the oldest L0 tables a new slice pass should take: everything, or the excess over the target. */
  public long passBytes(long level0Bytes) {
    return sized ? Math.max(1, level0Bytes - (long) (budgetBytes * SIZED_TARGET_SHARE)) : Long.MAX_VALUE;
  }

  /**
   * Whether a compaction may write value references (key-value separation) while the pmem tables
   * (L0's and the Containers SSTables reference) take {@code pmemTableBytes}: only while they fit
   * the budget; past it values are written inline again, so the Containers stop growing.
   */
  public boolean valuesFit(long pmemTableBytes) {
    return pmemTableBytes <= budgetBytes;
  }
}
