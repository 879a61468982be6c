package io.cairn.replication.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.InvalidArgumentException;
import org.junit.jupiter.api.Test;

class RoundGateTest {
  private static final long MS = 1_000_000L;
  private final RoundGate gate = new RoundGate(2, 1000, 10 * MS);

  @Test
  void anIdleBatcherStartsAtOnce() {
    assertThat(gate.mayStart(0, 1, 0)).isTrue();
  }

  @Test
  void aSecondRoundWaitsForDepthOrTheBound() {
    assertThat(gate.mayStart(1, 400, 9 * MS)).as("shallow queue, young call").isFalse();
    assertThat(gate.mayStart(1, 999, 0)).isFalse();
    assertThat(gate.mayStart(1, 1000, 0)).as("a full transaction's records pay for a round").isTrue();
    assertThat(gate.mayStart(1, 1, 10 * MS)).as("the oldest call reached the bound").isTrue();
  }

  @Test
  void theWaitEndsWhereMayStartTurnsTrue() {
    assertThat(gate.waitNanos(0, 1, 0)).as("idle: at once").isZero();
    assertThat(gate.waitNanos(1, 400, 3 * MS)).as("until the oldest call reaches the bound").isEqualTo(7 * MS);
    assertThat(gate.waitNanos(1, 1000, 0)).as("deep enough").isZero();
    assertThat(gate.waitNanos(1, 1, 10 * MS)).isZero();
    assertThat(gate.waitNanos(2, 8000, 1000 * MS)).as("only a round ending opens it").isEqualTo(Long.MAX_VALUE);
    // Seeded sweep: waitNanos is 0 exactly where mayStart is true, and otherwise no later time
    // (within the bound, with the same queue and rounds) makes mayStart true before it ends.
    long seed = System.nanoTime();
    java.util.Random random = new java.util.Random(seed);
    for (int i = 0; i < 10_000; i++) {
      int inFlight = random.nextInt(4);
      long records = random.nextInt(2000);
      long waited = random.nextLong(20 * MS);
      long wait = gate.waitNanos(inFlight, records, waited);
      assertThat(wait == 0).as("seed %d: %d %d %d", seed, inFlight, records, waited)
          .isEqualTo(gate.mayStart(inFlight, records, waited));
      if (wait > 0 && wait != Long.MAX_VALUE) {
        assertThat(gate.mayStart(inFlight, records, waited + wait - 1)).as("seed %d", seed).isFalse();
        assertThat(gate.mayStart(inFlight, records, waited + wait)).as("seed %d", seed).isTrue();
      }
    }
    assertThat(gate.deepEnough(999)).isFalse();
    assertThat(gate.deepEnough(1000)).isTrue();
  }

  @Test
  void neverMoreThanTheMostInFlight() {
    assertThat(gate.mayStart(2, 8000, 1000 * MS)).isFalse();
    assertThat(new RoundGate(1, 1, 0).mayStart(1, 8000, 1000 * MS)).isFalse();
  }

  @Test
  void theOldRuleIsAGateWithoutBounds() {
    RoundGate always = new RoundGate(2, 1, 0);
    assertThat(always.mayStart(1, 1, 0)).isTrue();
    assertThat(always.mayStart(2, 1, 0)).isFalse();
  }

  @Test
  void badSettingsAreRefusedWithTheirNames() {
    assertThatThrownBy(() -> new RoundGate(0, 1, 0)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining(RoundGate.MAX_IN_FLIGHT_PROPERTY);
    assertThatThrownBy(() -> new RoundGate(2, 0, 0)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> new RoundGate(2, 1, -1)).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void defaultsWhenNoPropertyIsSet() {
    assertThat(RoundGate.fromProperties()).isEqualTo(new RoundGate(RoundGate.DEFAULT_MAX_IN_FLIGHT,
        RoundGate.DEFAULT_OVERLAP_RECORDS, RoundGate.DEFAULT_OVERLAP_WAIT_MILLIS * MS));
  }
}
