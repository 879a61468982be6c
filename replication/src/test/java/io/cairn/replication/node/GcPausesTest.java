package io.cairn.replication.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GcPausesTest {
  @Test
  void overlapCountsOnlyThePartOfEachPauseInsideTheInterval() {
    GcPauses pauses = new GcPauses();
    pauses.add(100, 200);
    pauses.add(300, 350);
    assertEquals(0, pauses.overlap(0, 100));
    assertEquals(50, pauses.overlap(150, 250));
    assertEquals(150, pauses.overlap(0, 1_000));
    assertEquals(80, pauses.overlap(140, 320)); // 60 of the first, 20 of the second
    assertArrayEquals(new long[] {1, 100, 100}, pauses.ended(0, 300));
    assertArrayEquals(new long[] {2, 150, 100}, pauses.ended(0, 351));
  }

  /** Seeded: the ring keeps the newest CAPACITY pauses, whatever was added before them. */
  @Test
  void theRingKeepsTheNewestPauses() {
    long seed = System.nanoTime();
    System.out.println("GcPausesTest seed " + seed);
    SplittableRandom random = new SplittableRandom(seed);
    GcPauses pauses = new GcPauses();
    int total = GcPauses.CAPACITY + random.nextInt(1, 3 * GcPauses.CAPACITY);
    long expected = 0;
    for (int i = 0; i < total; i++) {
      long length = random.nextLong(1, 1_000);
      pauses.add(i * 1_000L, i * 1_000L + length);
      if (i >= total - GcPauses.CAPACITY) {
        expected += length;
      }
    }
    assertEquals(expected, pauses.overlap(Long.MIN_VALUE / 2, Long.MAX_VALUE / 2), "seed " + seed);
  }

  @Test
  void aRealCollectionIsRecorded() throws InterruptedException {
    GcPauses pauses = GcPauses.listening();
    long before = System.nanoTime();
    System.gc();
    for (int i = 0; i < 1_000 && pauses.ended(before, Long.MAX_VALUE)[0] == 0; i++) {
      Thread.sleep(20); // the notification comes on the service thread after the pause, seconds later when loaded
    }
    long[] ended = pauses.ended(before, Long.MAX_VALUE);
    assertTrue(ended[0] >= 1, pauses.toString()); // System.gc() is a full collection: one pause at least
    assertTrue(pauses.overlap(before, System.nanoTime()) > 0, pauses.toString());
  }
}
