package io.cairn.bench.workload.ycsb;

import java.util.random.RandomGenerator;

/**
 * Picks the record a read, update, scan or read-modify-write goes to: a record number in {@code
 * [0, records)}, where {@code records} is how many the database holds at that moment (it grows
 * as a workload inserts). Made by {@link RequestDistribution#chooser}.
 *
 * <p>Thread-safety: one thread.
 */
public interface KeyChooser {
  /** A record number in {@code [0, records)}; {@code records >= 1}. */
  long next(RandomGenerator random, long records);
}
