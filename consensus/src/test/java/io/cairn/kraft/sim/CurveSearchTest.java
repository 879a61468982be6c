package io.cairn.kraft.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.kraft.api.KraftCurves;
import io.cairn.kraft.api.Mode;
import io.cairn.testing.Property;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What makes a curve search fast must not change what it finds: the array event heap runs events
 * in the order the old priority queue did, a run stopped early gives the verdict the whole run
 * would have given, and parallel searches give the same curves as one thread.
 */
class CurveSearchTest {
  private static SimOptions loadOptions(Mode mode, int nodes, double gbps) {
    return SimOptions.builder(mode, nodes).faults(EnumSet.noneOf(Fault.class)).wireRoundTrip(false)
        .snapshotEveryEntries(1_000_000).resources(ResourceModel.datacenter(gbps)).build();
  }

  private record Scheduled(long delay, int id) {}

  @Test
  void theEventHeapRunsEventsByTimeThenBySchedulingOrder() {
    Property.of("events run by (time, scheduling order)", random -> {
      List<Scheduled> events = new ArrayList<>();
      int count = 1 + random.nextInt(1000);
      for (int i = 0; i < count; i++) {
        events.add(new Scheduled(random.nextInt(1 + random.nextInt(200)), i));
      }
      return events;
    }).trials(100).check(events -> {
      EventLoop loop = new EventLoop();
      List<Scheduled> ran = new ArrayList<>();
      for (Scheduled event : events) {
        loop.after(event.delay(), () -> ran.add(event));
      }
      loop.runUntil(Long.MAX_VALUE);
      List<Scheduled> expected = new ArrayList<>(events);
      expected.sort(Comparator.comparingLong(Scheduled::delay).thenComparingInt(Scheduled::id));
      assertThat(ran).containsExactlyElementsOf(expected);
      assertThat(loop.executed()).isEqualTo(events.size());
    });
  }

  @Test
  void eventsScheduledWhileRunningKeepTheOrder() {
    EventLoop loop = new EventLoop();
    List<String> ran = new ArrayList<>();
    loop.after(10, () -> {
      ran.add("a@" + loop.now());
      loop.after(0, () -> ran.add("c@" + loop.now()));
      loop.after(5, () -> ran.add("e@" + loop.now()));
    });
    loop.after(10, () -> ran.add("b@" + loop.now()));
    loop.after(15, () -> ran.add("d@" + loop.now()));
    loop.runUntil(12);
    assertThat(loop.now()).isEqualTo(12);
    loop.runUntil(100);
    assertThat(ran).containsExactly("a@10", "b@10", "c@10", "d@15", "e@15");
  }

  @Test
  void aRunStoppedEarlyIsOneTheWholeRunAlsoFails() {
    // 0.01 Gbit/s carries 1.25 MB/s; 500 entries/s of 4 KiB to 4 followers need 8 MB/s.
    SimOptions options = loadOptions(Mode.RAFT, 5, 0.01);
    LoadRun.Point whole = LoadRun.run(options, 3, 500, 4096, 100, 300, 300);
    LoadRun.Point stopped = LoadRun.run(options, 3, 500, 4096, 100, 300, 300, 50_000);
    assertThat(whole.stoppedEarly()).isFalse();
    assertThat(whole.sustainable(50_000)).isFalse();
    assertThat(stopped.stoppedEarly()).isTrue();
    assertThat(stopped.sustainable(50_000)).isFalse();
    assertThat(stopped.arrivals()).isLessThan(whole.arrivals());
    assertThat(stopped.events()).isLessThan(whole.events() / 2);
  }

  @Test
  void aRunTheBoundDoesNotStopIsExactlyTheRunWithoutIt() {
    SimOptions options = loadOptions(Mode.KRAFT, 5, 1);
    LoadRun.Point unbounded = LoadRun.run(options, 4, 300, 256, 100, 200, 200);
    LoadRun.Point bounded = LoadRun.run(options, 4, 300, 256, 100, 200, 200, 50_000);
    assertThat(unbounded.sustainable(50_000)).isTrue();
    assertThat(bounded).isEqualTo(unbounded);
  }

  @Test
  void curvesDoNotDependOnTheNumberOfThreads() {
    KraftCurves.Settings one = new KraftCurves.Settings(List.of(Mode.RAFT, Mode.KRAFT), List.of(3), List.of(4096),
        0.01, 50, 1, 7, 1, KraftCurves.Calibration.DATACENTER);
    KraftCurves.Settings two = new KraftCurves.Settings(List.of(Mode.RAFT, Mode.KRAFT), List.of(3), List.of(4096),
        0.01, 50, 1, 7, 2, KraftCurves.Calibration.DATACENTER);
    List<KraftCurves.Curve> first = KraftCurves.run(one, line -> { });
    assertThat(KraftCurves.run(two, line -> { })).isEqualTo(first);
    assertThat(first).hasSize(2);
    assertThat(first.getFirst().maxThroughputPerSecond()).isPositive();
    assertThat(first.getFirst().elections()).isPositive();
  }
}
