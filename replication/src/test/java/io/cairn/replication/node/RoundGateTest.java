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
    assertThat(gate.mayStart(0, 0, 1, 0)).isTrue();
  }

  @Test
  void aSecondRoundWaitsForDepthOrTheBound() {
    assertThat(gate.mayStart(1, 0, 400, 9 * MS)).as("shallow queue, young call").isFalse();
    assertThat(gate.mayStart(1, 0, 999, 0)).isFalse();
    assertThat(gate.mayStart(1, 0, 1000, 0)).as("a full transaction's records pay for a round").isTrue();
    assertThat(gate.mayStart(1, 0, 1, 10 * MS)).as("the oldest call reached the bound").isTrue();
  }

  @Test
  void theWaitEndsWhereMayStartTurnsTrue() {
    assertThat(gate.waitNanos(0, 0, 1, 0)).as("idle: at once").isZero();
    assertThat(gate.waitNanos(1, 0, 400, 3 * MS)).as("until the oldest call reaches the bound").isEqualTo(7 * MS);
    assertThat(gate.waitNanos(1, 0, 1000, 0)).as("deep enough").isZero();
    assertThat(gate.waitNanos(1, 0, 1, 10 * MS)).isZero();
    assertThat(gate.waitNanos(2, 0, 8000, 1000 * MS)).as("only a round ending opens it").isEqualTo(Long.MAX_VALUE);
    // Seeded sweep: waitNanos is 0 exactly where mayStart is true, and otherwise no later time
    // (within the bound, with the same queue and rounds) makes mayStart true before it ends.
    long seed = System.nanoTime();
    System.out.println("RoundGateTest seed " + seed);
    java.util.Random random = new java.util.Random(seed);
    RoundGate match = new RoundGate(2, 1000, 10 * MS, true);
    for (int i = 0; i < 10_000; i++) {
      RoundGate g = random.nextBoolean() ? gate : match;
      int inFlight = random.nextInt(4);
      long rounds = inFlight == 0 ? 0 : random.nextInt(3000);
      long records = random.nextInt(2000);
      long waited = random.nextLong(20 * MS);
      long wait = g.waitNanos(inFlight, rounds, records, waited);
      assertThat(wait == 0).as("seed %d: %s %d %d %d %d", seed, g, inFlight, rounds, records, waited)
          .isEqualTo(g.mayStart(inFlight, rounds, records, waited));
      if (wait > 0 && wait != Long.MAX_VALUE) {
        assertThat(g.mayStart(inFlight, rounds, records, waited + wait - 1)).as("seed %d", seed).isFalse();
        assertThat(g.mayStart(inFlight, rounds, records, waited + wait)).as("seed %d", seed).isTrue();
      }
    }
    assertThat(gate.deepEnough(0, 999)).isFalse();
    assertThat(gate.deepEnough(0, 1000)).isTrue();
  }

  @Test
  void neverMoreThanTheMostInFlight() {
    assertThat(gate.mayStart(2, 0, 8000, 1000 * MS)).isFalse();
    assertThat(new RoundGate(1, 1, 0).mayStart(1, 0, 8000, 1000 * MS)).isFalse();
  }

  @Test
  void theOldRuleIsAGateWithoutBounds() {
    RoundGate always = new RoundGate(2, 1, 0);
    assertThat(always.mayStart(1, 0, 1, 0)).isTrue();
    assertThat(always.mayStart(2, 0, 1, 0)).isFalse();
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
        RoundGate.DEFAULT_OVERLAP_RECORDS, RoundGate.DEFAULT_OVERLAP_WAIT_MILLIS * MS, true));
  }

  @Test
  void withTheMatchASecondRoundStartsOnceItIsAsLargeAsTheRoundInFlight() {
    RoundGate match = new RoundGate(2, 1000, 10 * MS, true);
    assertThat(match.mayStart(1, 400, 399, 0)).as("smaller than the round in flight, young call").isFalse();
    assertThat(match.mayStart(1, 400, 400, 0)).as("as large as the round in flight").isTrue();
    assertThat(match.mayStart(1, 5000, 1000, 0)).as("a full transaction's records still start one").isTrue();
    assertThat(match.mayStart(1, 400, 100, 10 * MS)).as("the bound still holds").isTrue();
    assertThat(match.mayStart(2, 100, 8000, 1000 * MS)).as("never beyond the most in flight").isFalse();
    assertThat(match.waitNanos(1, 400, 100, 4 * MS)).as("until the bound, or woken by more calls").isEqualTo(6 * MS);
    assertThat(match.deepEnough(400, 399)).isFalse();
    assertThat(match.deepEnough(400, 400)).isTrue();
    assertThat(match.deepEnough(0, 999)).as("no round in flight: only the depth counts").isFalse();
    assertThat(gate.mayStart(1, 400, 400, 0)).as("without the match: the rule before session 12").isFalse();
  }

  @Test
  void theMatchIsOnUnlessTheNodeTurnsItOff() {
    String before = System.getProperty(RoundGate.MATCH_IN_FLIGHT_PROPERTY);
    try {
      System.setProperty(RoundGate.MATCH_IN_FLIGHT_PROPERTY, "false");
      assertThat(RoundGate.fromProperties().matchInFlight()).isFalse();
      System.setProperty(RoundGate.MATCH_IN_FLIGHT_PROPERTY, "true");
      assertThat(RoundGate.fromProperties().matchInFlight()).isTrue();
    } finally {
      if (before == null) {
        System.clearProperty(RoundGate.MATCH_IN_FLIGHT_PROPERTY);
      } else {
        System.setProperty(RoundGate.MATCH_IN_FLIGHT_PROPERTY, before);
      }
    }
  }
}
