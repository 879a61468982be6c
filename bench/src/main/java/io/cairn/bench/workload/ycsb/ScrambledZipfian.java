package io.cairn.bench.workload.ycsb;

import java.util.random.RandomGenerator;

/**
 * YCSB's "zipfian" request distribution: zipfian popularity (constant 0.99) whose popular items
 * are spread over the key space instead of packed at its start. A rank is drawn from a zipfian
 * over ten billion items and hashed ({@link YcsbKeys#fnv64}) onto {@code [0, items)}, as YCSB's
 * {@code ScrambledZipfianGenerator} does. Drawing from the large space first keeps the
 * popularity curve the same whatever {@code items} is; the hash decides which records are hot.
 *
 * <p>Thread-safety: one thread.
 */
public final class ScrambledZipfian {
  /** The size of the zipfian space the ranks are drawn from, as YCSB's. */
  public static final long SPACE = 10_000_000_000L;

  /** zeta of {@link #SPACE}, computed once (YCSB keeps it as a constant, 26.469...). */
  private static final double SPACE_ZETA = Zipfian.zeta(SPACE, Zipfian.THETA);

  private final long items;
  private final Zipfian ranks = new Zipfian(SPACE, Zipfian.THETA, SPACE_ZETA);

  /** @param items the values are in {@code [0, items)}; at least 1 */
  public ScrambledZipfian(long items) {
    if (items < 1) {
      throw new IllegalArgumentException("items must be at least 1, was " + items);
    }
    this.items = items;
  }

  /** The next value, in {@code [0, items)}. */
  public long next(RandomGenerator random) {
    return YcsbKeys.fnv64(ranks.next(random)) % items;
  }
}
