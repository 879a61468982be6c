package io.cairn.bench.pgm;

import static io.cairn.bench.report.Median.median;

import io.cairn.pgm.KeySearch;
import io.cairn.pgm.PgmIndex;
import java.util.Arrays;

/**
 * One side-by-side measurement for {@code cairn bench pgm}: the same sorted keys and the same
 * random probes, looked up by the PGM index ({@link PgmIndex#rank}: predict, then finish inside the
 * range) and by a plain lower-bound binary search over the whole array ({@link KeySearch}, the
 * very routine the PGM side finishes with). Rounds alternate which side goes first, so drift in a
 * shared machine's speed hits both; each side's figure is its median round.
 *
 * <p>Lookups are independent (the next probe does not wait for the previous answer), i.e. this
 * measures throughput per lookup on one thread, as the JMH benchmark does.
 */
final class LookupComparison {
  /** What one distribution measured. */
  record Result(
      KeyDistribution distribution, double pgmNs, double binarySearchNs, long modelBytes,
      double buildNsPerKey, int levels, int segments) {
    double speedup() {
      return binarySearchNs / pgmNs;
    }
  }

  /** Settings of a run. */
  record Settings(int keys, int epsilon, int epsilonRecursive, int probes, int rounds, long seed) {}

  private static final int WARMUP_ROUNDS = 2;
  private static final int BUILD_WARMUP_KEYS = 1 << 20;

  /** Keeps results alive so the JIT cannot drop the lookups. */
  private static volatile long sink;

  private LookupComparison() {}

  static Result run(KeyDistribution distribution, Settings settings) {
    long[] keys = distribution.sortedKeys(settings.keys(), settings.seed());
    long[] probes = KeyDistribution.probes(keys, settings.probes(), settings.seed());
    // Build once on a prefix so the timed build runs compiled code, as a table writer's would.
    PgmIndex.build(Arrays.copyOf(keys, Math.min(keys.length, BUILD_WARMUP_KEYS)),
        settings.epsilon(), settings.epsilonRecursive());
    long buildStart = System.nanoTime();
    PgmIndex model = PgmIndex.build(keys, settings.epsilon(), settings.epsilonRecursive());
    double buildNsPerKey = (double) (System.nanoTime() - buildStart) / keys.length;
    checkAgreement(model, keys, probes);

    double[] pgm = new double[settings.rounds()];
    double[] binary = new double[settings.rounds()];
    for (int round = -WARMUP_ROUNDS; round < settings.rounds(); round++) {
      boolean pgmFirst = (round & 1) == 0;
      double first = pgmFirst ? timePgm(model, keys, probes) : timeBinarySearch(keys, probes);
      double second = pgmFirst ? timeBinarySearch(keys, probes) : timePgm(model, keys, probes);
      if (round >= 0) {
        pgm[round] = pgmFirst ? first : second;
        binary[round] = pgmFirst ? second : first;
      }
    }
    return new Result(distribution, median(pgm), median(binary), model.sizeBytes(), buildNsPerKey,
        model.levelCount(), model.segmentCount());
  }

  /** Both searches must give the same answer for every probe, or the timing means nothing. */
  private static void checkAgreement(PgmIndex model, long[] keys, long[] probes) {
    for (long probe : probes) {
      int expected = KeySearch.lowerBound(keys, probe);
      int actual = model.rank(probe, keys);
      if (actual != expected) {
        throw new IllegalStateException(String.format(
            "PGM rank %d differs from binary search %d for key 0x%016x", actual, expected, probe));
      }
    }
    if (model.windowMisses() != 0) {
      throw new IllegalStateException(model.windowMisses() + " PGM lookups missed their window");
    }
  }

  private static double timePgm(PgmIndex model, long[] keys, long[] probes) {
    long sum = 0;
    long start = System.nanoTime();
    for (long probe : probes) {
      sum += model.rank(probe, keys);
    }
    long elapsed = System.nanoTime() - start;
    sink += sum;
    return (double) elapsed / probes.length;
  }

  private static double timeBinarySearch(long[] keys, long[] probes) {
    long sum = 0;
    long start = System.nanoTime();
    for (long probe : probes) {
      sum += KeySearch.lowerBound(keys, 0, keys.length, probe);
    }
    long elapsed = System.nanoTime() - start;
    sink += sum;
    return (double) elapsed / probes.length;
  }

}
