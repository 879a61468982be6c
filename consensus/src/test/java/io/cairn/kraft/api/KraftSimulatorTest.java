package io.cairn.kraft.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Short sweeps of the simulator with every chaos fault on: no safety violation, no liveness
 * failure, every history linearizable. The long sweeps (10,000 seeds at 5 nodes, 1,000 at 25)
 * are CLI commands, see docs/kraft.md; the slow-tagged test below runs 1,000 seeds per mode.
 */
class KraftSimulatorTest {
  private static void assertClean(KraftSimulator.Settings settings, long firstSeed, int seeds) {
    KraftSimulator.Report report = KraftSimulator.sweep(settings, firstSeed, seeds, 2, (seed, passed) -> { });
    List<String> failures = new ArrayList<>();
    for (KraftSimulator.Failure failure : report.failures()) {
      failures.add("seed " + failure.seed() + ": " + failure.description() + "\n  replay: "
          + settings.replayCommand(failure.seed()));
    }
    assertThat(failures).as("failing seeds").isEmpty();
    assertThat(report.seeds()).isEqualTo(seeds);
    assertThat(report.elections()).isGreaterThanOrEqualTo(seeds);
    assertThat(report.snapshotsInstalled()).as("snapshots were exercised").isPositive();
    assertThat(report.configurationChanges()).as("membership churn was exercised").isPositive();
  }

  @Test
  void raftFiveNodesWithAllFaults() {
    assertClean(KraftSimulator.Settings.defaults(Mode.RAFT, 5), 1, 150);
  }

  @Test
  void kraftFiveNodesWithAllFaults() {
    assertClean(KraftSimulator.Settings.defaults(Mode.KRAFT, 5), 1, 150);
  }

  @Test
  void kraftNineNodesWithDirectAcknowledgementsAndRelayedVotes() {
    KraftSimulator.Settings settings = new KraftSimulator.Settings(Mode.KRAFT, AckPath.DIRECT, 9, "all", 4000, 4, true, 100);
    assertClean(settings, 1, 40);
  }

  @Test
  void kraftAndRaftStaySafeWithTheResourceModelOn() {
    assertClean(new KraftSimulator.Settings(Mode.KRAFT, AckPath.VIA_RELAY, 5, "all", 4000, 4, false, 256, 1), 1, 40);
    assertClean(new KraftSimulator.Settings(Mode.RAFT, AckPath.VIA_RELAY, 5, "all", 4000, 4, false, 256, 1), 1, 20);
  }

  @Test
  void replayCommandNamesEverySetting() {
    KraftSimulator.Settings settings = new KraftSimulator.Settings(Mode.KRAFT, AckPath.DIRECT, 7, "crash,loss", 900, 3, true, 64);
    assertThat(settings.replayCommand(42)).isEqualTo("./cairn sim kraft --mode kraft --nodes 7 --faults loss,crash"
        + " --acks direct --relay-votes --chaos-ms 900 --clients 3 --value-bytes 64 --seed 42 --trace");
    KraftSimulator.Settings modelled = new KraftSimulator.Settings(Mode.RAFT, AckPath.VIA_RELAY, 5, "none", 900, 3,
        false, 0, 10);
    assertThat(modelled.replayCommand(7)).contains(" --link-gbps 10.0 ");
  }

  @Test
  void aReplayReproducesTheSweepsRunExactly() {
    KraftSimulator.Settings settings = KraftSimulator.Settings.defaults(Mode.KRAFT, 5);
    KraftSimulator.Report inSweep = KraftSimulator.sweep(settings, 17, 1, 1, (seed, passed) -> { });
    List<String> trace = new ArrayList<>();
    KraftSimulator.Report replay = KraftSimulator.replay(settings, 17, trace::add);
    assertThat(replay.events()).isEqualTo(inSweep.events());
    assertThat(replay.elections()).isEqualTo(inSweep.elections());
    assertThat(replay.leaderMessagesPerEntry()).isEqualTo(inSweep.leaderMessagesPerEntry());
    assertThat(trace).isNotEmpty().anyMatch(line -> line.contains("leads term"));
  }

  @Tag("slow")
  @Test
  void thousandSeedsPerModeAtFiveNodes() {
    assertClean(KraftSimulator.Settings.defaults(Mode.RAFT, 5), 1000, 1000);
    assertClean(KraftSimulator.Settings.defaults(Mode.KRAFT, 5), 1000, 1000);
  }

  @Tag("slow")
  @Test
  void fiveHundredSeedsPerModeWithTheResourceModel() {
    assertClean(new KraftSimulator.Settings(Mode.RAFT, AckPath.VIA_RELAY, 5, "all", 4000, 4, false, 256, 1), 5000, 500);
    assertClean(new KraftSimulator.Settings(Mode.KRAFT, AckPath.VIA_RELAY, 5, "all", 4000, 4, false, 256, 1), 5000, 500);
  }
}
