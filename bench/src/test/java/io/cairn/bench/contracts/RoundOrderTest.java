package io.cairn.bench.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * How a round of `bench contracts` brackets its configurations with serial (session 18): serial runs
 * first and last, the others rotate between; each configuration's per-round ratio is over serial
 * interpolated at its own time between serial's two runs; and the warm-up goes on while serial's
 * last three warm-up rounds differ by more than {@link ContractsBench#SERIAL_STABLE}.
 */
class RoundOrderTest {
  @Test
  void serialOpensAndClosesEveryRoundAndTheOthersTakeEveryPlaceBetween() {
    for (int count = 2; count <= 9; count++) {
      int[][] placeSeen = new int[count][count + 1];
      for (int round = 0; round < 3 * count; round++) {
        Set<Integer> ran = new HashSet<>();
        assertThat(ContractsBench.configurationAt(round, 0, count)).isEqualTo(ContractsBench.SERIAL);
        assertThat(ContractsBench.configurationAt(round, count, count)).isEqualTo(ContractsBench.SERIAL);
        for (int turn = 1; turn < count; turn++) {
          int c = ContractsBench.configurationAt(round, turn, count);
          assertThat(c).as("count %d round %d turn %d", count, round, turn).isBetween(1, count - 1);
          ran.add(c);
          placeSeen[c][turn]++;
        }
        assertThat(ran).as("count %d round %d: every other configuration once", count, round).hasSize(count - 1);
      }
      for (int c = 1; c < count; c++) {
        for (int turn = 1; turn < count; turn++) {
          assertThat(placeSeen[c][turn]).as("count %d: configuration %d at place %d", count, c, turn).isPositive();
        }
      }
    }
  }

  @Test
  void theBaseOfARatioIsSerialOnTheLineThroughItsTwoRuns() {
    // serial at 1.0 M/s at t = 100, 0.8 M/s at t = 300: a slowdown in the round
    assertThat(ContractsBench.interpolate(100, 1.0e6, 300, 0.8e6, 100)).isEqualTo(1.0e6);
    assertThat(ContractsBench.interpolate(100, 1.0e6, 300, 0.8e6, 200)).isEqualTo(0.9e6);
    assertThat(ContractsBench.interpolate(100, 1.0e6, 300, 0.8e6, 300)).isEqualTo(0.8e6);
    assertThat(ContractsBench.interpolate(100, 1.0e6, 300, 0.8e6, 250)).isCloseTo(0.85e6, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(ContractsBench.interpolate(100, 1.0e6, 100, 0.8e6, 100)).isEqualTo(1.0e6); // one instant
  }

  @Test
  void theWarmUpGoesOnWhileSerialsLastThreeRoundsSpreadMoreThanTenPercent() {
    double[] rounds = {0.5e6, 0.9e6, 1.0e6, 1.05e6, 1.2e6, 1.0e6};
    assertThat(ContractsBench.warmupSpread(rounds, 2)).isEqualTo(1.0); // fewer than three: nothing to judge
    assertThat(ContractsBench.warmupSpread(rounds, 4)).isCloseTo(1.05e6 / 0.9e6, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(ContractsBench.warmupSpread(rounds, 4)).isGreaterThan(ContractsBench.SERIAL_STABLE);
    assertThat(ContractsBench.warmupSpread(rounds, 5)).isCloseTo(1.2 / 1.0, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(ContractsBench.warmupSpread(new double[] {0.99e6, 1.0e6, 1.05e6}, 3)).isLessThan(ContractsBench.SERIAL_STABLE);
  }
}
