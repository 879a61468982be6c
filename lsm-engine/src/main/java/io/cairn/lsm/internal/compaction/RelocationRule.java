package io.cairn.lsm.internal.compaction;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongUnaryOperator;

/**
 * Which pmem value Containers a compaction empties by relocation (garbage collection under
 * key-value separation; RocksDB's integrated BlobDB {@code blob_garbage_collection_age_cutoff} and
 * {@code ..._force_threshold}, WiscKey's vLog tail). Among the Containers held by references alone
 * (not listed in L0), ordered by number, i.e. by age:
 *
 * <ul>
 *   <li>the oldest {@code floor(ageCutoff * n)} of the {@code n} qualify;
 *   <li>so does every Container whose garbage share {@code 1 - referenced / size} exceeds {@code
 *       garbageThreshold}: {@code size} its pmem bytes, {@code referenced} the value bytes the
 *       current version's SSTables reference in it (exact: each live entry lies in exactly one
 *       table of a version).
 * </ul>
 *
 * A compaction that meets a reference into a qualifying Container copies the value into a new
 * Container and references that instead. Bound: after a compaction of every table that references
 * a qualifying Container (a manual {@code compactRange} does that), each remaining old Container
 * has {@code size <= referenced / (1 - garbageThreshold)}, and each new one holds only live
 * values, so the Containers' pmem bytes are at most {@code k * live + overhead} with {@code k = 1 /
 * (1 - garbageThreshold)} (see {@code docs/engine.md}). The age cutoff alone makes every value move
 * within {@code 1 / ageCutoff} generations of Containers while compactions cover its key range.
 *
 * @param ageCutoff the oldest fraction in [0, 1] (0: none by age)
 * @param garbageThreshold garbage share in [0, 1] above which a Container qualifies (1: never)
 */
public record RelocationRule(double ageCutoff, double garbageThreshold) {
  /**
   * Default age cutoff: none. RocksDB's 0.25 copies the values of the oldest quarter even when
   * they are all live (a load followed by reads, the paper workload), a pmem-to-pmem copy that
   * buys nothing; the garbage threshold alone keeps the bound.
   */
  public static final double DEFAULT_AGE_CUTOFF = 0;
  /** Default garbage threshold: half of a Container dead (k = 2). */
  public static final double DEFAULT_GARBAGE_THRESHOLD = 0.5;

  /** Checks the ranges. */
  public RelocationRule {
    if (!(ageCutoff >= 0 && ageCutoff <= 1) || !(garbageThreshold >= 0 && garbageThreshold <= 1)) {
      throw new IllegalArgumentException("relocation rule out of range: age cutoff " + ageCutoff
          + ", garbage threshold " + garbageThreshold + " (both in [0, 1])");
    }
  }

  /** Whether any Container can ever qualify. */
  public boolean enabled() {
    return ageCutoff > 0 || garbageThreshold < 1;
  }

  /** The bytes-per-live-byte bound {@code 1 / (1 - garbageThreshold)} (infinite at threshold 1). */
  public double bound() {
    return 1 / (1 - garbageThreshold);
  }

  /**
   * The qualifying Containers.
   *
   * @param referenced value bytes referenced per Container held by references alone (numbers
   *     not listed in L0)
   * @param sizeOf pmem bytes of a Container, or a negative number when it is unknown (then only
   *     its age counts)
   */
  public Set<Long> pick(Map<Long, Long> referenced, LongUnaryOperator sizeOf) {
    Set<Long> picked = new HashSet<>();
    if (!enabled()) {
      return picked;
    }
    TreeMap<Long, Long> byAge = new TreeMap<>(referenced);
    int oldest = (int) Math.floor(ageCutoff * byAge.size());
    int index = 0;
    for (Map.Entry<Long, Long> entry : byAge.entrySet()) {
      long size = sizeOf.applyAsLong(entry.getKey());
      boolean garbage = size > 0 && 1 - (double) entry.getValue() / size > garbageThreshold;
      if (index++ < oldest || garbage) {
        picked.add(entry.getKey());
      }
    }
    return picked;
  }
}
