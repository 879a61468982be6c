package io.cairn.replication.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StageTraceTest {
  private static final int STAGES = StageTrace.Stage.values().length;

  /** A round whose stage {@code s} took {@code gaps[s]} ms after the one before (0: not stamped). */
  private static long[] round(long startNanos, long[] gapsMillis) {
    long[] stamps = new long[STAGES];
    long now = startNanos;
    stamps[0] = now;
    for (int s = 1; s < STAGES; s++) {
      if (gapsMillis[s] > 0 || s == STAGES - 1) {
        now += gapsMillis[s] * 1_000_000;
        stamps[s] = now;
      }
    }
    return stamps;
  }

  @Test
  void theSlowestRoundsShowTheStageThatGrew() {
    SplittableRandom random = new SplittableRandom(42);
    List<long[]> rounds = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      long[] gaps = new long[STAGES];
      for (int s = 1; s < STAGES; s++) {
        gaps[s] = 1;
      }
      if (i % 100 == 7) {
        gaps[StageTrace.Stage.APPLYING.ordinal()] = 150; // three rounds waited behind a stalled applier
      }
      rounds.add(round(random.nextLong(1L << 40), gaps));
    }
    String[] lines = StageTrace.report(rounds, new GcPauses()).split("\n");
    assertEquals(4, lines.length);
    assertTrue(lines[0].startsWith("300 rounds"), lines[0]);
    assertTrue(lines[1].startsWith("median") && lines[1].contains("total    10.00") && lines[1].contains(" applying 1.00"),
        lines[1]);
    assertTrue(lines[2].startsWith("slowest 1%") && lines[2].contains("total   159.00")
        && lines[2].contains(" applying 150.00") && lines[2].contains(" committed 1.00"), lines[2]);
    assertTrue(lines[3].startsWith("slowest    total   159.00") && lines[3].endsWith(" gc 0.00"), lines[3]);
  }

  @Test
  void eachLineSaysHowLongTheProcessWasPausedDuringItsRounds() {
    List<long[]> rounds = new ArrayList<>();
    long[] gaps = new long[STAGES];
    for (int s = 1; s < STAGES; s++) {
      gaps[s] = 1; // 10 ms a round
    }
    for (int i = 0; i < 200; i++) {
      rounds.add(round(i * 20_000_000L, gaps)); // round i runs from 20 i to 20 i + 10 ms
    }
    long[] slowGaps = gaps.clone();
    slowGaps[StageTrace.Stage.COMMITTED.ordinal()] = 41; // 50 ms
    long slowStart = 200 * 20_000_000L;
    rounds.add(round(slowStart, slowGaps));
    rounds.add(round(slowStart + 1_000_000L, slowGaps));
    GcPauses pauses = new GcPauses();
    pauses.add(slowStart + 5_000_000L, slowStart + 35_000_000L); // 30 ms, inside both slow rounds
    pauses.add(slowStart + 45_000_000L, slowStart + 55_000_000L); // 10 ms: 5 ms inside the first, 6 ms inside the second
    pauses.add(-50_000_000L, -40_000_000L); // before every round
    String[] lines = StageTrace.report(rounds, pauses).split("\n");
    assertTrue(lines[1].startsWith("median") && lines[1].endsWith(" gc 0.00"), lines[1]);
    assertTrue(lines[2].startsWith("slowest 1%") && lines[2].contains(" committed 41.00") && lines[2].endsWith(" gc 35.50"),
        lines[2]);
    assertTrue(lines[3].startsWith("slowest    total    50.00") && lines[3].endsWith(" gc 36.00"), lines[3]);
    assertEquals("gc pauses in the window: 2, 40.0 ms in all, longest 30.0 ms\n",
        StageTrace.pauses(pauses.ended(0, slowStart + 60_000_000L)));
  }

  @Test
  void aStageNotStampedCountsFromTheLastStampedOne() {
    long[] gaps = new long[STAGES];
    gaps[StageTrace.Stage.TAKEN.ordinal()] = 2;
    gaps[StageTrace.Stage.SUBMITTED.ordinal()] = 3; // STORED not stamped: its time goes to SUBMITTED
    gaps[StageTrace.Stage.DONE.ordinal()] = 5; // a follower's round: no driver stages here
    String report = StageTrace.report(List.of(round(0, gaps)), new GcPauses());
    assertTrue(report.contains(" stored 0.00 submitted 3.00 proposed 0.00"), report);
    assertTrue(report.contains(" acked 0.00 done 5.00"), report);
    assertTrue(report.contains("total    10.00"), report);
  }

  @Test
  void closingWritesTheRoundsSinceTheLastReport(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws java.io.IOException {
    System.setProperty(StageTrace.PROPERTY, dir.toString());
    StageTrace trace;
    try {
      trace = StageTrace.open(7);
    } finally {
      System.clearProperty(StageTrace.PROPERTY);
    }
    for (int i = 0; i < 3; i++) { // fewer than a report needs
      long[] stamps = trace.round(System.nanoTime());
      trace.mark(stamps, StageTrace.Stage.STORED);
      trace.done(stamps);
    }
    java.nio.file.Path file = dir.resolve("stages-7.txt");
    assertEquals(false, java.nio.file.Files.exists(file));
    trace.close();
    String text = java.nio.file.Files.readString(file);
    assertTrue(text.startsWith("final 3 rounds; stage times in ms"), text);
    assertTrue(text.contains("\ngc pauses in the window: "), text);
    trace.close(); // nothing more to write
    assertEquals(text, java.nio.file.Files.readString(file));
  }

  @Test
  void theStoredStageSaysHowMuchOfItWasCpuAndWaitForACore(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    long[] gaps = new long[STAGES];
    for (int s = 1; s < STAGES; s++) {
      gaps[s] = 1;
    }
    long[] stamps = java.util.Arrays.copyOf(round(0, gaps), STAGES + 2);
    stamps[StageTrace.STORED_CPU] = 250_000L;
    stamps[StageTrace.STORED_WAIT] = 3_500_000L;
    String report = StageTrace.report(List.of(stamps), new GcPauses());
    assertTrue(report.contains(" stored_cpu 0.25 stored_runq 3.50 gc 0.00"), report);
    // a real round: the storing thread's figures come from its schedstat, and the window's threads are listed
    System.setProperty(StageTrace.PROPERTY, dir.toString());
    StageTrace trace;
    try {
      trace = StageTrace.open(8);
    } finally {
      System.clearProperty(StageTrace.PROPERTY);
    }
    long[] live = trace.round(System.nanoTime());
    long[] before = SchedStat.self();
    long spin = System.nanoTime() + 5_000_000L;
    while (System.nanoTime() < spin) {
      Thread.onSpinWait();
    }
    trace.stored(live, before);
    assertTrue(live[StageTrace.STORED_CPU] > 0 || !java.nio.file.Files.exists(java.nio.file.Path.of("/proc/thread-self/schedstat")),
        "the stored stage's CPU is counted");
    trace.done(live);
    trace.close();
    String text = java.nio.file.Files.readString(dir.resolve("stages-8.txt"));
    assertTrue(text.contains("\nrun-queue wait in the window, ms (cpu ms): all threads "), text);
  }

  @Test
  void offWithoutTheProperty() {
    System.clearProperty(StageTrace.PROPERTY);
    StageTrace trace = StageTrace.open(1);
    assertEquals(false, trace.on());
    assertEquals(null, trace.round(System.nanoTime()));
  }
}
