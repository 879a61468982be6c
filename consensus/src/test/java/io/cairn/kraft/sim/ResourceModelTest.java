package io.cairn.kraft.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.InvalidArgumentException;
import io.cairn.kraft.api.Mode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The simulator's resource model: NIC queues and wire time, CPU queues, and what they do to a
 * cluster under an open-loop load. Everything here is virtual time, so the figures are exact.
 */
class ResourceModelTest {
  private static final ResourceModel GIGABIT_NO_SPREAD = new ResourceModel(1, 50, 0, 4, 6, 0.5, 2);

  @Test
  void aFrameWaitsForBothPortsAndThePropagationDelay() {
    EventLoop loop = new EventLoop();
    SimNetwork network = new SimNetwork(loop, new SplittableRandom(1), GIGABIT_NO_SPREAD);
    NodeResources a = new NodeResources(GIGABIT_NO_SPREAD);
    NodeResources b = new NodeResources(GIGABIT_NO_SPREAD);
    List<Long> arrivals = new ArrayList<>();
    // 1,250 bytes at 1 Gbit/s: 10 µs on each port, 50 µs on the wire.
    network.send(0, 1, a, b, 1250, 0, () -> arrivals.add(loop.now()));
    network.send(0, 1, a, b, 1250, 0, () -> arrivals.add(loop.now()));
    loop.runUntil(Long.MAX_VALUE);
    assertThat(arrivals).containsExactly(70L, 80L);
    assertThat(a.bytesSent()).isEqualTo(2500);
    assertThat(b.bytesReceived()).isEqualTo(2500);
  }

  @Test
  void manySendersQueueAtOneReceiversIngressPort() {
    EventLoop loop = new EventLoop();
    SimNetwork network = new SimNetwork(loop, new SplittableRandom(1), GIGABIT_NO_SPREAD);
    NodeResources receiver = new NodeResources(GIGABIT_NO_SPREAD);
    List<Long> arrivals = new ArrayList<>();
    for (int sender = 1; sender <= 4; sender++) {
      network.send(sender, 0, new NodeResources(GIGABIT_NO_SPREAD), receiver, 1250, 0,
          () -> arrivals.add(loop.now()));
    }
    loop.runUntil(Long.MAX_VALUE);
    // Each egress is free (10 µs), the wire 50 µs, then the ingress port serializes them one by one.
    assertThat(arrivals).containsExactly(70L, 80L, 90L, 100L);
  }

  @Test
  void theIngressPortServesFramesInTheOrderTheyReachIt() {
    EventLoop loop = new EventLoop();
    SimNetwork network = new SimNetwork(loop, new SplittableRandom(1), GIGABIT_NO_SPREAD);
    NodeResources receiver = new NodeResources(GIGABIT_NO_SPREAD);
    List<String> arrivals = new ArrayList<>();
    // 125,000 bytes take 1,000 µs to leave their sender: they reach the receiver's port at 1,050 µs.
    network.send(1, 0, new NodeResources(GIGABIT_NO_SPREAD), receiver, 125_000, 0,
        () -> arrivals.add("big@" + loop.now()));
    // Sent later, but at the port at 60 µs: it must not wait behind the big frame.
    network.send(2, 0, new NodeResources(GIGABIT_NO_SPREAD), receiver, 1250, 0,
        () -> arrivals.add("small@" + loop.now()));
    loop.runUntil(Long.MAX_VALUE);
    assertThat(arrivals).containsExactly("small@70", "big@2050");
  }

  @Test
  void theCpuIsAFifoServer() {
    NodeResources node = new NodeResources(GIGABIT_NO_SPREAD);
    assertThat(node.runCpu(100, 5)).isEqualTo(105.0);
    assertThat(node.runCpu(100, 5)).isEqualTo(110.0);
    assertThat(node.cpuBusy(109)).isTrue();
    assertThat(node.runCpu(200, 1)).isEqualTo(201.0);
    assertThat(node.cpuBusyMicros()).isEqualTo(11.0);
    assertThat(GIGABIT_NO_SPREAD.sendCost(2000)).isEqualTo(5.0);
    assertThat(GIGABIT_NO_SPREAD.recvCost(2000)).isEqualTo(7.0);
  }

  @Test
  void badModelsAreRefused() {
    assertThatThrownBy(() -> new ResourceModel(-1, 0, 0, 0, 0, 0, 0)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> new ResourceModel(1, 0, 0, -1, 0, 0, 0)).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> ResourceModel.datacenter(0)).isInstanceOf(InvalidArgumentException.class);
    assertThat(ResourceModel.OFF.enabled()).isFalse();
  }

  private static SimOptions loadOptions(Mode mode, int nodes, double gbps) {
    return SimOptions.builder(mode, nodes).faults(EnumSet.noneOf(Fault.class)).wireRoundTrip(false)
        .snapshotEveryEntries(1_000_000).resources(ResourceModel.datacenter(gbps)).build();
  }

  @Test
  void aLightLoadCommitsEverythingQuicklyAndAReplayIsIdentical() {
    LoadRun.Point point = LoadRun.run(loadOptions(Mode.RAFT, 5, 1), 3, 500, 256, 100, 300, 300);
    assertThat(point.arrivals()).isBetween(100L, 200L);
    assertThat(point.committed()).isEqualTo(point.arrivals());
    assertThat(point.sustainable(50_000)).isTrue();
    assertThat(point.commitMicrosP99()).isLessThan(20_000);
    assertThat(LoadRun.run(loadOptions(Mode.RAFT, 5, 1), 3, 500, 256, 100, 300, 300)).isEqualTo(point);
  }

  @Test
  void aLoadBeyondTheLinksCapacityIsNotSustained() {
    // 0.01 Gbit/s carries 1.25 MB/s; 500 entries/s of 4 KiB to 4 followers need 8 MB/s.
    LoadRun.Point point = LoadRun.run(loadOptions(Mode.RAFT, 5, 0.01), 3, 500, 4096, 100, 300, 300);
    assertThat(point.sustainable(50_000)).isFalse();
    assertThat(point.committed()).isLessThan(point.arrivals());
  }

  @Test
  void kraftRelaysTheLeadersFanOut() {
    LoadRun.Point raft = LoadRun.run(loadOptions(Mode.RAFT, 25, 1), 5, 200, 1024, 200, 400, 300);
    LoadRun.Point kraft = LoadRun.run(loadOptions(Mode.KRAFT, 25, 1), 5, 200, 1024, 200, 400, 300);
    assertThat(raft.sustainable(50_000)).isTrue();
    assertThat(kraft.sustainable(50_000)).isTrue();
    // Raft's leader sends every entry to 24 followers; KRaft's to one relay per group (5 groups).
    assertThat(kraft.leaderEgressMegabytesPerSecond()).isLessThan(0.4 * raft.leaderEgressMegabytesPerSecond());
  }

  @Test
  void theSearchFindsTheKneeAndKeepsEveryPoint() {
    List<LoadRun.Point> seen = new ArrayList<>();
    CurveSearch.Result result = CurveSearch.search(loadOptions(Mode.RAFT, 3, 0.01), 4096, 50, 50, 2,
        new CurveSearch.Timing(100, 300, 300), 1, seen::add);
    // 1.25 MB/s to two followers of ~4.2 KB entries: at most ~150 entries/s.
    assertThat(result.maxThroughputPerSecond()).isBetween(25.0, 160.0);
    assertThat(result.points()).hasSameSizeAs(seen).isSortedAccordingTo(
        java.util.Comparator.comparingDouble(LoadRun.Point::offeredPerSecond));
    assertThat(result.points().getLast().sustainable(50_000)).isFalse();
  }

  @Test
  void aStartRateThatAlreadyFailsIsHalvedDownToTheKnee() {
    List<LoadRun.Point> seen = new ArrayList<>();
    // Start at 800 entries/s, over five times what the 0.01 Gbit/s link carries.
    CurveSearch.Result result = CurveSearch.search(loadOptions(Mode.RAFT, 3, 0.01), 4096, 50, 800, 1,
        new CurveSearch.Timing(100, 300, 300), 1, seen::add);
    assertThat(seen.getFirst().offeredPerSecond()).isEqualTo(800.0);
    assertThat(seen.getFirst().sustainable(50_000)).isFalse();
    assertThat(result.maxThroughputPerSecond()).isBetween(25.0, 160.0);
  }
}
