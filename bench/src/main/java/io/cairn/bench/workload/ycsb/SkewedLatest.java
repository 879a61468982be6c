package io.cairn.bench.workload.ycsb;

import java.util.random.RandomGenerator;

/**
 * YCSB's "latest" request distribution (its {@code SkewedLatestGenerator}): the most recently
 * inserted record is the most popular, the one before it the next, and so on with zipfian
 * weights (constant 0.99): the value is {@code newest - rank}, where the rank is zipfian over the
 * records present. As records are inserted the zipfian widens ({@link Zipfian#grow}).
 *
 * <p>YCSB draws the rank over {@code newest} items, so record 0 is never chosen; here it is over
 * {@code newest + 1}, so every present record can be.
 *
 * <p>Thread-safety: one thread.
 */
public final class SkewedLatest implements KeyChooser {
  private Zipfian ranks;

  @Override
  public long next(RandomGenerator random, long records) {
    if (records < 1) {
      throw new IllegalArgumentException("no record to choose from");
    }
    if (ranks == null) {
      ranks = new Zipfian(records);
    } else if (records > ranks.items()) {
      ranks.grow(records);
    }
    long newest = records - 1;
    return newest - Math.min(newest, ranks.next(random));
  }
}
