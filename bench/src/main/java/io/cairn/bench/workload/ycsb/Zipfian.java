package io.cairn.bench.workload.ycsb;

import java.util.random.RandomGenerator;

/**
 * Zipfian ranks over {@code [0, items)}: rank {@code r} is drawn with probability proportional to
 * {@code 1 / (r + 1)^theta}, rank 0 the most popular. The method is Gray et al.'s ("Quickly
 * generating billion-record synthetic databases", SIGMOD 1994), the one YCSB's {@code
 * ZipfianGenerator} uses: one uniform draw and one power per value, after {@code zeta(items)} is
 * known. The item count may grow ({@link #grow}); zeta then grows by the new terms only.
 *
 * <p>Contract: {@code 0 <= next(random) < items()}; with {@code theta = 0.99} rank 0 has
 * probability {@code 1 / zeta(items)}, rank 1 {@code 2^-0.99 / zeta(items)}, and the law holds
 * for larger ranks up to the approximation of Gray's formula (tested in {@code ZipfianTest}).
 *
 * <p>Thread-safety: one thread.
 */
public final class Zipfian {
  /** YCSB's zipfian constant. */
  public static final double THETA = 0.99;
  /** Up to this many terms zeta is summed exactly; beyond it the tail is Euler–Maclaurin's. */
  static final long EXACT_TERMS = 1L << 20;

  private final double theta;
  private final double alpha;
  private final double zeta2;
  private long items;
  private double zetan;
  private double eta;

  /** Ranks over {@code [0, items)} with YCSB's constant 0.99. */
  public Zipfian(long items) {
    this(items, THETA);
  }

  /**
   * @param items how many ranks, at least 1
   * @param theta the skew, in (0, 1)
   */
  public Zipfian(long items, double theta) {
    this(items, theta, zeta(items, theta));
  }

  /** As {@link #Zipfian(long, double)}, with {@code zetan = zeta(items, theta)} already known. */
  Zipfian(long items, double theta, double zetan) {
    if (items < 1 || !(theta > 0 && theta < 1)) {
      throw new IllegalArgumentException("need items >= 1 and 0 < theta < 1, got " + items + ", " + theta);
    }
    this.theta = theta;
    this.alpha = 1 / (1 - theta);
    this.zeta2 = 1 + Math.pow(0.5, theta);
    this.items = items;
    this.zetan = zetan;
    this.eta = eta();
  }

  /** The number of ranks now. */
  public long items() {
    return items;
  }

  /** Zeta of the current item count: the normalising sum of {@code 1 / i^theta}, i = 1..items. */
  public double zetan() {
    return zetan;
  }

  /**
   * Widens the ranks to {@code [0, newItems)}, adding the new terms to zeta (YCSB's incremental
   * recomputation). A smaller count is refused: shrinking is never needed here.
   */
  public void grow(long newItems) {
    if (newItems < items) {
      throw new IllegalArgumentException("cannot shrink from " + items + " to " + newItems + " items");
    }
    if (newItems > items) {
      zetan += sum(items + 1, newItems, theta);
      items = newItems;
      eta = eta();
    }
  }

  /** The next rank, drawn with {@code random}. */
  public long next(RandomGenerator random) {
    double u = random.nextDouble();
    double uz = u * zetan;
    if (uz < 1) {
      return 0;
    }
    if (uz < zeta2) {
      return Math.min(1, items - 1);
    }
    long rank = (long) (items * Math.pow(eta * u - eta + 1, alpha));
    return Math.min(rank, items - 1);
  }

  private double eta() {
    if (items < 2) {
      return 0;
    }
    return (1 - Math.pow(2.0 / items, 1 - theta)) / (1 - zeta2 / zetan);
  }

  /**
   * {@code sum of 1 / i^theta for i = 1..n}: exact for the first {@link #EXACT_TERMS} terms, the
   * rest by the Euler–Maclaurin formula (integral, half the end terms, first derivative term),
   * whose error for terms this small is far below a double's precision of the result.
   */
  public static double zeta(long n, double theta) {
    return sum(1, n, theta);
  }

  private static double sum(long from, long to, double theta) {
    if (to < from) {
      return 0;
    }
    long exactTo = Math.min(to, Math.max(from, EXACT_TERMS) - 1);
    double sum = 0;
    for (long i = from; i <= exactTo; i++) {
      sum += 1 / Math.pow(i, theta);
    }
    long a = exactTo + 1;
    if (a > to) {
      return sum;
    }
    double b = to;
    double integral = (Math.pow(b, 1 - theta) - Math.pow(a, 1 - theta)) / (1 - theta);
    double ends = (Math.pow(a, -theta) + Math.pow(b, -theta)) / 2;
    double derivative = -theta * (Math.pow(b, -theta - 1) - Math.pow(a, -theta - 1)) / 12;
    return sum + integral + ends + derivative;
  }
}
