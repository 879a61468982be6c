package io.cairn.bench.workload.ycsb;

import java.util.Locale;

/**
 * How a YCSB workload picks the records it reads and updates (its {@code requestdistribution}),
 * with the meaning YCSB's {@code CoreWorkload} gives each.
 */
public enum RequestDistribution {
  /** Every record loaded before the workload began equally likely. */
  UNIFORM,
  /**
   * {@link ScrambledZipfian} over the records loaded plus twice the inserts the workload expects
   * to make (YCSB's allowance for growth); a number not inserted yet is drawn again.
   */
  ZIPFIAN,
  /** {@link SkewedLatest}: the newest records most popular. */
  LATEST;

  /** The name YCSB's workload files use, e.g. {@code zipfian}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * A chooser for a workload that starts with {@code records} records and expects to insert
   * about {@code expectedInserts} more.
   */
  public KeyChooser chooser(long records, long expectedInserts) {
    if (records < 1) {
      throw new IllegalArgumentException("a workload needs at least one loaded record");
    }
    return switch (this) {
      case UNIFORM -> (random, present) -> random.nextLong(Math.min(records, present));
      case ZIPFIAN -> {
        ScrambledZipfian zipfian = new ScrambledZipfian(records + 2 * expectedInserts);
        yield (random, present) -> {
          long chosen;
          do {
            chosen = zipfian.next(random);
          } while (chosen >= present);
          return chosen;
        };
      }
      case LATEST -> new SkewedLatest();
    };
  }
}
