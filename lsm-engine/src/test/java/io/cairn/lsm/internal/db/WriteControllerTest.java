package io.cairn.lsm.internal.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The delayed write rate as a transcript: L0 sizes, drains and writes in, delays out. */
class WriteControllerTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void belowTheSlowdownTriggerNothingWaitsAndDebtIsForgiven() {
    WriteController controller = new WriteController(8, 12);
    assertThat(controller.delayNanos(1 << 30, 7, 0)).isZero();
    assertThat(controller.delayNanos(16L << 20, 8, 0)).isEqualTo(SECOND);
    assertThat(controller.delayNanos(1, 7, 1)).as("back under the trigger").isZero();
    assertThat(controller.delayNanos(16L << 20, 8, 2)).as("debt forgiven, starts afresh").isEqualTo(SECOND);
  }

  @Test
  void writesArePacedAtTheRateAndShortDelaysAreOwed() {
    WriteController controller = new WriteController(8, 12);
    long kib = 1 << 10;
    long perKib = SECOND * kib / WriteController.INITIAL_RATE_BYTES_PER_SECOND;
    long now = 0;
    int owed = 0;
    while (controller.delayNanos(kib, 8, now) == 0) {
      owed++;
    }
    assertThat(owed).as("writes whose delay was owed").isEqualTo((int) (WriteController.MIN_SLEEP_NANOS / perKib));
    // Once the writer slept what it owed, the next write starts a fresh debt.
    long afterSleep = (owed + 1) * perKib;
    assertThat(controller.delayNanos(kib, 8, afterSleep)).isZero();
  }

  @Test
  void theRateFollowsMeasuredDrainAndShrinksTowardsTheStop() {
    WriteController controller = new WriteController(8, 12);
    assertThat(controller.rateBytesPerSecond(8)).isEqualTo(WriteController.INITIAL_RATE_BYTES_PER_SECOND);
    controller.recordL0Drain(100L << 20, SECOND);
    assertThat(controller.rateBytesPerSecond(8)).isEqualTo(100L << 20);
    controller.recordL0Drain(200L << 20, SECOND);
    assertThat(controller.rateBytesPerSecond(8)).isEqualTo((long) ((0.7 * 100 + 0.3 * 200) * (1 << 20)));
    long atSlowdown = controller.rateBytesPerSecond(8);
    assertThat(controller.rateBytesPerSecond(11)).isEqualTo(atSlowdown / 4);
    assertThat(controller.rateBytesPerSecond(10)).isBetween(atSlowdown / 4, atSlowdown);
    controller.recordL0Drain(1, SECOND);
    controller.recordL0Drain(1, SECOND);
    for (int i = 0; i < 30; i++) {
      controller.recordL0Drain(1, SECOND);
    }
    assertThat(controller.rateBytesPerSecond(11)).isEqualTo(WriteController.MIN_RATE_BYTES_PER_SECOND);
  }
}
