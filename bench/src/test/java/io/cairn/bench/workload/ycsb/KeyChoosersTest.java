package io.cairn.bench.workload.ycsb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cairn.testing.Property;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The request distributions: where their choices fall and how they are skewed. */
class KeyChoosersTest {
  private static final int SAMPLES = 100_000;

  private static long[] histogram(KeyChooser chooser, SplittableRandom random, long records, int samples) {
    long[] counts = new long[(int) records];
    for (int i = 0; i < samples; i++) {
      long chosen = chooser.next(random, records);
      assertThat(chosen).isBetween(0L, records - 1);
      counts[(int) chosen]++;
    }
    return counts;
  }

  @Test
  void uniformStaysInItsBoundsAndIsFlat() {
    Property.of("uniform: in [0, records), each tenth about 10 %", r -> new long[] {10 + r.nextInt(10_000), r.nextLong()})
        .describeWith(c -> "records=" + c[0] + " seed=" + c[1])
        .trials(10)
        .check(c -> {
          long[] counts = histogram(RequestDistribution.UNIFORM.chooser(c[0], 0), new SplittableRandom(c[1]), c[0], SAMPLES);
          for (int tenth = 0; tenth < 10; tenth++) {
            long inTenth = 0;
            for (int i = (int) (c[0] * tenth / 10); i < c[0] * (tenth + 1) / 10; i++) {
              inTenth += counts[i];
            }
            double expected = (c[0] * (tenth + 1) / 10 - c[0] * tenth / 10) / (double) c[0];
            assertThat(inTenth / (double) SAMPLES).isCloseTo(expected, within(0.015));
          }
        });
  }

  @Test
  void uniformNeverChoosesARecordAddedAfterTheWorkloadBegan() {
    KeyChooser chooser = RequestDistribution.UNIFORM.chooser(100, 10);
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 10_000; i++) {
      assertThat(chooser.next(random, 150)).isBetween(0L, 99L);
    }
  }

  @Test
  void scrambledZipfianIsSkewedButSpreadOverTheKeySpace() {
    Property.of("scrambled zipfian: hot records spread, popularity still zipfian", r -> new long[] {1000 + r.nextInt(20_000), r.nextLong()})
        .describeWith(c -> "records=" + c[0] + " seed=" + c[1])
        .trials(6)
        .check(c -> {
          long records = c[0];
          long[] counts = histogram(RequestDistribution.ZIPFIAN.chooser(records, 0), new SplittableRandom(c[1]), records, SAMPLES);
          // Spread: each tenth of the key space gets a share near a tenth (a plain zipfian would
          // give the first tenth about 70 %). The hottest ranks land in tenths by hash, so one tenth
          // can hold ranks 0-2 (7 % between them) on top of its tenth: over 400 seeds the largest
          // share seen was 0.214 and the smallest 0.074, so the bounds are 0.03 and 0.30.
          for (int tenth = 0; tenth < 10; tenth++) {
            long inTenth = Arrays.stream(counts, (int) (records * tenth / 10), (int) (records * (tenth + 1) / 10)).sum();
            assertThat(inTenth / (double) SAMPLES).as("tenth %d", tenth).isBetween(0.03, 0.30);
          }
          // Skew: the hottest record gets at least rank 0's share of YCSB's ten-billion-item
          // zipfian (1 / zeta(1e10) = 0.038, less 10 % for sampling noise: 34 times the average at
          // 1,000 records, more above; a bound of 50 times the average failed at 1,238 records,
          // where rank 0 alone is 47 times it), and the hottest 1 % of records take at least what
          // the top ranks give them (zeta(10) / zeta(1e10) = 0.11 for 10 records).
          long[] sorted = counts.clone();
          Arrays.sort(sorted);
          assertThat(sorted[sorted.length - 1]).isGreaterThan((long) (0.9 * SAMPLES / 26.47));
          long hottestPercent = Arrays.stream(sorted, (int) (records - records / 100), (int) records).sum();
          assertThat(hottestPercent / (double) SAMPLES).isGreaterThan(0.10);
        });
  }

  @Test
  void zipfianChoosesOnlyRecordsThatExist() {
    // Room for 500 inserts, but only 20 made so far: nothing at or above 1,020 is chosen.
    KeyChooser chooser = RequestDistribution.ZIPFIAN.chooser(1000, 250);
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 20_000; i++) {
      assertThat(chooser.next(random, 1020)).isBetween(0L, 1019L);
    }
  }

  @Test
  void latestFavoursTheMostRecentInserts() {
    Property.of("latest: the newest records are the most popular", r -> new long[] {100 + r.nextInt(5000), r.nextLong()})
        .describeWith(c -> "records=" + c[0] + " seed=" + c[1])
        .trials(8)
        .check(c -> {
          long records = c[0];
          long[] counts = histogram(RequestDistribution.LATEST.chooser(records, 0), new SplittableRandom(c[1]), records, SAMPLES);
          int newest = (int) records - 1;
          assertThat(counts[newest]).isGreaterThan(counts[newest - 1]);
          assertThat(counts[newest - 1]).isGreaterThan(counts[newest - 10]);
          long newestTenth = Arrays.stream(counts, (int) (records - records / 10), (int) records).sum();
          long oldestTenth = Arrays.stream(counts, 0, (int) (records / 10)).sum();
          assertThat(newestTenth / (double) SAMPLES)
              .isCloseTo(Zipfian.zeta(records / 10, Zipfian.THETA) / Zipfian.zeta(records, Zipfian.THETA), within(0.03));
          assertThat(oldestTenth).isLessThan(newestTenth / 5);
        });
  }

  @Test
  void latestFollowsInsertsAsTheyHappen() {
    KeyChooser chooser = RequestDistribution.LATEST.chooser(1000, 100);
    SplittableRandom random = new SplittableRandom(11);
    long[] counts = histogram(chooser, random, 1000, 20_000);
    assertThat(counts[999]).isPositive();
    // After 50 inserts the newest record is 1,049, and it is the favourite.
    long[] after = histogram(chooser, random, 1050, 50_000);
    int favourite = 0;
    for (int i = 0; i < after.length; i++) {
      favourite = after[i] > after[favourite] ? i : favourite;
    }
    assertThat(favourite).isEqualTo(1049);
  }
}
