package io.cairn.kraft.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.kraft.api.Mode;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The simulator's checks catch real mistakes: with a bug planted in the driver, some seed fails,
 * and it fails the check that bug should trip.
 */
class PlantedBugsTest {
  private static SimResult firstFailure(SimBug bug, Mode mode, Set<Fault> faults, int seedsMax) {
    SimOptions options = SimOptions.builder(mode, 5).faults(faults).bugs(EnumSet.of(bug)).build();
    for (long seed = 1; seed <= seedsMax; seed++) {
      SimResult result = new Simulation(options, seed, null).run();
      if (!result.passed()) {
        return result;
      }
    }
    throw new AssertionError(bug + " went unnoticed in " + seedsMax + " seeds");
  }

  @Test
  void followerReadsWithoutReadIndexAreCaughtByTheLinearizabilityChecker() {
    SimResult failure = firstFailure(SimBug.STALE_FOLLOWER_READS, Mode.KRAFT, Fault.chaos(), 100);
    assertThat(failure.linearizable()).isFalse();
    assertThat(failure.violation()).isNull();
  }

  @Tag("slow")
  @Test
  void forgettingVotesIsCaughtByTheInvariants() {
    SimResult failure = firstFailure(SimBug.FORGET_VOTE, Mode.RAFT, Fault.chaos(), 5000);
    assertThat(failure.violation()).containsAnyOf("election safety", "leader completeness", "state machine safety",
        "log matching");
  }

  @Tag("slow")
  @Test
  void sendingBeforeTheSyncIsCaughtByTheInvariants() {
    SimResult failure = firstFailure(SimBug.SEND_BEFORE_SYNC, Mode.RAFT, Fault.chaos(), 5000);
    assertThat(failure.violation()).containsAnyOf("election safety", "leader completeness", "state machine safety",
        "log matching");
  }
}
