package io.cairn.bench.workload.ycsb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.cairn.testing.Property;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The zipfian law of ranks, and the zeta that normalises it. */
class ZipfianTest {
  private static final int SAMPLES = 200_000;

  private static double exactZeta(long n, double theta) {
    double sum = 0;
    for (long i = 1; i <= n; i++) {
      sum += 1 / Math.pow(i, theta);
    }
    return sum;
  }

  @Test
  void zetaBeyondTheExactTermsMatchesTheDirectSum() {
    long n = 3 * Zipfian.EXACT_TERMS + 12_345;
    assertThat(Zipfian.zeta(n, Zipfian.THETA)).isCloseTo(exactZeta(n, Zipfian.THETA), within(1e-9));
    assertThat(Zipfian.zeta(1000, 0.5)).isCloseTo(exactZeta(1000, 0.5), within(1e-12));
  }

  @Test
  void rankFrequenciesFollowTheLaw() {
    Property.of("zipfian ranks: P(r) ~ (r+1)^-0.99 / zeta(n)", r -> new long[] {50 + r.nextInt(5000), r.nextLong()})
        .trials(8)
        .describeWith(c -> "items=" + c[0] + " seed=" + c[1])
        .check(c -> {
          long items = c[0];
          Zipfian zipfian = new Zipfian(items);
          SplittableRandom random = new SplittableRandom(c[1]);
          long[] counts = new long[(int) items];
          for (int i = 0; i < SAMPLES; i++) {
            long rank = zipfian.next(random);
            assertThat(rank).isBetween(0L, items - 1);
            counts[(int) rank]++;
          }
          double zeta = Zipfian.zeta(items, Zipfian.THETA);
          // Ranks 0 and 1 are exact in Gray's method: within sampling noise (about 1 %).
          assertThat(counts[0] / (double) SAMPLES).isCloseTo(1 / zeta, within(0.01));
          assertThat(counts[1] / (double) SAMPLES).isCloseTo(Math.pow(2, -Zipfian.THETA) / zeta, within(0.01));
          // Beyond, the closed-form inverse approximates the law: the share of the top k ranks
          // follows zeta(k) / zeta(n).
          for (long k : new long[] {10, items / 10, items / 2}) {
            long top = 0;
            for (int r = 0; r < k; r++) {
              top += counts[r];
            }
            assertThat(top / (double) SAMPLES).as("share of top %d of %d", k, items)
                .isCloseTo(Zipfian.zeta(k, Zipfian.THETA) / zeta, within(0.03));
          }
          // And popularity falls with rank: rank 0 beats rank 9 beats rank 99 (when there is one).
          assertThat(counts[0]).isGreaterThan(counts[9]);
        });
  }

  @Test
  void growingAddsTheNewTermsToZetaAndWidensTheRanks() {
    Zipfian zipfian = new Zipfian(1000);
    zipfian.grow(5000);
    assertThat(zipfian.items()).isEqualTo(5000);
    assertThat(zipfian.zetan()).isCloseTo(exactZeta(5000, Zipfian.THETA), within(1e-9));
    SplittableRandom random = new SplittableRandom(7);
    long largest = 0;
    for (int i = 0; i < 100_000; i++) {
      largest = Math.max(largest, zipfian.next(random));
    }
    assertThat(largest).isBetween(1000L, 4999L);
    assertThatThrownBy(() -> zipfian.grow(10)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void oneItemAlwaysGivesRankZero() {
    Zipfian zipfian = new Zipfian(1);
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 1000; i++) {
      assertThat(zipfian.next(random)).isZero();
    }
  }
}
