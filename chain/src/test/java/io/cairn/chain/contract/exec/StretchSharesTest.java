package io.cairn.chain.contract.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cairn.testing.Property;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The stretches' shares: equal at first, toward the faster thread, bounded, always a cut of the whole run. */
class StretchSharesTest {
  @Test
  void equalAtFirst() {
    StretchShares shares = new StretchShares(4);
    assertThat(new int[] {shares.start(0, 100, 1_000), shares.start(1, 100, 1_000), shares.start(2, 100, 1_000),
        shares.start(3, 100, 1_000), shares.start(4, 100, 1_000)}).containsExactly(100, 350, 600, 850, 1_100);
  }

  @Test
  void theFasterThreadGetsMoreAndOnTwoThreadsTheSlowerKeepsAQuarter() {
    StretchShares shares = new StretchShares(2);
    shares.observe(0, 5_000, 5_000_000); // 1 us per call
    shares.observe(1, 5_000, 7_500_000); // 1.5 us per call: it fetches its stretch from the other core
    shares.update();
    assertThat(shares.share(0)).isCloseTo(0.5 * 0.5 + 0.5 * 0.6, within(1e-9));
    assertThat(shares.start(1, 0, 10_000)).isEqualTo(5_500);
    for (int run = 0; run < 50; run++) { // far slower, for long: bounded
      shares.observe(0, 5_000, 1_000_000);
      shares.observe(1, 5_000, 100_000_000);
      shares.update();
    }
    assertThat(shares.share(1)).isCloseTo(0.25, within(1e-9));
  }

  @Test
  void aRunWithTooFewCallsOnSomeThreadTeachesNothing() {
    StretchShares shares = new StretchShares(2);
    shares.observe(0, 5_000, 1_000_000);
    shares.observe(1, StretchShares.MIN_CALLS - 1, 100_000_000);
    shares.update();
    assertThat(shares.share(0)).isEqualTo(0.5);
  }

  @Test
  void sharesAlwaysCutTheWholeRunInOrder() {
    Property.of("shares cut a run into ordered stretches covering it", (SplittableRandom random) -> random.nextLong())
        .trials(200)
        .check(seed -> {
          SplittableRandom random = new SplittableRandom(seed);
          int threads = 1 + random.nextInt(8);
          StretchShares shares = new StretchShares(threads);
          for (int run = 0; run < 20; run++) {
            for (int t = 0; t < threads; t++) {
              shares.observe(t, random.nextInt(3 * StretchShares.MIN_CALLS), 1 + random.nextInt(1_000_000_000));
            }
            shares.update();
            double sum = 0;
            for (int t = 0; t < threads; t++) {
              assertThat(shares.share(t)).isBetween(1.0 / (3 * threads) - 1e-9, 3.0 / threads + 1e-9);
              sum += shares.share(t);
            }
            assertThat(sum).isCloseTo(1, within(1e-9));
            int from = random.nextInt(100);
            int n = random.nextInt(20_000);
            assertThat(shares.start(0, from, n)).isEqualTo(from);
            assertThat(shares.start(threads, from, n)).isEqualTo(from + n);
            for (int t = 0; t < threads; t++) {
              assertThat(shares.start(t, from, n)).isLessThanOrEqualTo(shares.start(t + 1, from, n));
            }
          }
        });
  }
}
