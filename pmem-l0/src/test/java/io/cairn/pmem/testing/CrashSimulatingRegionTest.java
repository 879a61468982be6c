package io.cairn.pmem.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.CorruptionException;
import io.cairn.pmem.api.Pmem;
import io.cairn.pmem.api.PmemRegion;
import io.cairn.pmem.api.RegionOptions;
import io.cairn.pmem.backend.RegionFormat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The crash simulator itself: which images it produces, persist points, power cuts, counters. */
class CrashSimulatingRegionTest {
  private static final int LINES = 16;
  private static final int LINE = PmemRegion.CACHE_LINE_BYTES;
  private static final long OLD = 0x1111111111111111L;
  private static final long NEW = 0x2222222222222222L;

  private enum Seen { KEPT, DROPPED, TORN }

  /** A region whose lines all hold durable OLD words and unflushed NEW words. */
  private static CrashSimulatingRegion oldDurableNewInFlight() {
    CrashSimulatingRegion region = CrashSimulatingRegion.create("lines", LINES * LINE);
    fillWords(region, OLD);
    region.persist(0, region.size());
    fillWords(region, NEW);
    return region;
  }

  private static void fillWords(PmemRegion region, long value) {
    for (long offset = 0; offset < region.size(); offset += 8) {
      region.writeLong(offset, value);
    }
  }

  /** The payload word at {@code offset} of a crash image. */
  private static long word(CrashImage image, long offset) {
    return ByteBuffer.wrap(image.bytes()).order(ByteOrder.LITTLE_ENDIAN).getLong((int) (RegionFormat.HEADER_BYTES + offset));
  }

  @Test
  void unflushedLinesAreKeptDroppedOrTornButNeverMixedInsideAWord() {
    CrashSimulatingRegion region = oldDurableNewInFlight();
    Set<Seen> seen = EnumSet.noneOf(Seen.class);
    for (long seed = 0; seed < 100; seed++) {
      CrashImage image = region.crash(seed);
      assertThat(image.keptLines() + image.droppedLines() + image.tornLines()).isEqualTo(LINES);
      for (int line = 0; line < LINES; line++) {
        int news = 0;
        for (int word = 0; word < LINE / 8; word++) {
          long value = word(image, line * LINE + word * 8L);
          assertThat(value).as("seed %d line %d word %d", seed, line, word).isIn(OLD, NEW);
          news += value == NEW ? 1 : 0;
        }
        seen.add(news == LINE / 8 ? Seen.KEPT : news == 0 ? Seen.DROPPED : Seen.TORN);
      }
    }
    assertThat(seen).containsExactlyInAnyOrder(Seen.values());
  }

  @Test
  void persistedLinesSurviveEveryCrash() {
    CrashSimulatingRegion region = CrashSimulatingRegion.create("persisted", 4096);
    region.writeLong(0, NEW);
    region.persist(0, 8);
    region.writeLong(1024, NEW);
    for (long seed = 0; seed < 50; seed++) {
      assertThat(word(region.crash(seed), 0)).isEqualTo(NEW);
    }
    assertThat(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L).stream().map(seed -> word(region.crash(seed), 1024)))
        .as("an unflushed word is sometimes lost").contains(0L, NEW);
  }

  @Test
  void aFlushWithoutAFenceIsNotDurable() {
    CrashSimulatingRegion region = CrashSimulatingRegion.create("flushed", 4096);
    region.writeLong(64, NEW);
    region.flush(64, 8);
    assertThat(region.isPersisted(64, 8)).isFalse();
    assertThat(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L).stream().map(seed -> word(region.crash(seed), 64))).contains(0L, NEW);
    region.fence();
    assertThat(region.isPersisted(64, 8)).isTrue();
    assertThat(word(region.crash(1), 64)).isEqualTo(NEW);
  }

  @Test
  void aFenceCompletesOnlyWhatWasFlushedBeforeIt() {
    CrashSimulatingRegion region = CrashSimulatingRegion.create("fence", 4096);
    region.writeLong(0, NEW);
    region.flush(0, 8);
    region.writeLong(512, NEW);
    region.fence();
    region.writeLong(1024, NEW);
    region.flush(1024, 8);
    for (long seed = 0; seed < 30; seed++) {
      assertThat(word(region.crash(seed), 0)).isEqualTo(NEW);
    }
    assertThat(region.isPersisted(512, 8)).isFalse();
    assertThat(region.isPersisted(1024, 8)).isFalse();
  }

  @Test
  void aLineWrittenAgainAfterItsFlushHoldsTheFlushedOrTheNewerBytes() {
    CrashSimulatingRegion region = CrashSimulatingRegion.create("rewrite", 4096);
    region.writeLong(0, OLD);
    region.flush(0, 8);
    region.writeLong(0, NEW);
    region.fence();
    assertThat(region.isPersisted(0, 8)).isFalse();
    List<Long> values = List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L).stream().map(seed -> word(region.crash(seed), 0)).toList();
    assertThat(values).containsOnly(OLD, NEW).contains(OLD, NEW);
  }

  @Test
  void atomicStoresAreNeverTornButUnalignedLongsCanBe() {
    long before = 0x0123456789ABCDEFL;
    long after = 0xFEDCBA9876543210L;
    CrashSimulatingRegion region = CrashSimulatingRegion.create("atomic", 4096);
    region.writeLong(8, before);
    region.writeLong(100, before);
    region.persist(0, 4096);
    region.storeLongAtomic(8, after);
    region.writeLong(100, after);
    boolean unalignedTore = false;
    for (long seed = 0; seed < 200; seed++) {
      CrashImage image = region.crash(seed);
      assertThat(word(image, 8)).isIn(before, after);
      long unaligned = word(image, 100);
      unalignedTore |= unaligned != before && unaligned != after;
    }
    assertThat(unalignedTore).as("a long across two words can tear").isTrue();
  }

  @Test
  void theSameSeedGivesTheSameImageAndOthersDiffer() {
    CrashSimulatingRegion region = oldDurableNewInFlight();
    assertThat(region.crash(42).bytes()).isEqualTo(region.crash(42).bytes());
    assertThat(CrashSimulatingRegionTest.oldDurableNewInFlight().crash(42).bytes()).isEqualTo(region.crash(42).bytes());
    assertThat(Arrays.equals(region.crash(42).bytes(), region.crash(43).bytes())).isFalse();
  }

  @Test
  void persistPointsAreListedWithTheirCallSites() {
    CrashSimulatingRegion region = CrashSimulatingRegion.create("points", 4096);
    writeTwoStepRecord(region);
    List<PersistPoint> points = region.persistPoints();
    assertThat(points).extracting(PersistPoint::index).containsExactly(0, 1);
    assertThat(points).extracting(PersistPoint::kind).containsOnly(PersistPoint.Kind.FENCE);
    assertThat(points.get(0).site()).startsWith("CrashSimulatingRegionTest.writeTwoStepRecord:");
    assertThat(points.get(0).linesFlushed()).isEqualTo(2);
    assertThat(points.get(1).linesFlushed()).isEqualTo(1);
    assertThat(points.get(0).toString()).contains("#0 fence on points completing 2 flushed line(s)");
  }

  /** Payload in lines 1-2, then a commit word in line 0: two persist points. */
  private static void writeTwoStepRecord(PmemRegion region) {
    region.fill(64, 128, (byte) 7);
    region.persist(64, 128);
    region.storeLongAtomic(0, 1);
    region.persist(0, 8);
  }

  @Test
  void aPowerCutStopsTheRunJustBeforeTheFence() {
    CrashSimulatingRegion region = CrashSimulatingRegion.create("cut", 4096);
    region.powerCutAt(1);
    assertThatThrownBy(() -> writeTwoStepRecord(region))
        .isInstanceOf(PowerCutException.class)
        .hasMessageContaining("power cut at persist point #1");
    assertThat(region.isPowerOff()).isTrue();
    assertThatThrownBy(() -> region.readLong(0)).isInstanceOf(PowerCutException.class).hasMessageContaining("power is off");
    assertThatThrownBy(() -> region.writeLong(0, 1)).isInstanceOf(PowerCutException.class);
    boolean commitLost = false;
    for (long seed = 0; seed < 20; seed++) {
      CrashImage image = region.crash(seed);
      assertThat(image.bytes()[RegionFormat.HEADER_BYTES + 64]).as("the payload was persisted before the cut").isEqualTo((byte) 7);
      commitLost |= word(image, 0) == 0;
    }
    assertThat(commitLost).as("the commit's fence never ran, so the word may be lost").isTrue();
    assertThatThrownBy(() -> region.powerCutAt(0)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void countersFindRedundantFlushesAndEmptyFences() {
    CrashSimulatingRegion region = CrashSimulatingRegion.create("counters", 4096);
    region.writeLong(0, 1);
    region.persist(0, 128);
    region.persist(0, 8);
    SimulationCounters counters = region.counters();
    assertThat(counters.writes()).isEqualTo(1);
    assertThat(counters.flushes()).isEqualTo(2);
    assertThat(counters.redundantFlushLines()).as("line 1 of the first, line 0 again in the second").isEqualTo(2);
    assertThat(counters.fences()).isEqualTo(2);
    assertThat(counters.emptyFences()).isEqualTo(1);
  }

  @Test
  void imagesOpenAsRegionsAndAsRegionFilesOfTheFileBackends(@TempDir Path dir) {
    CrashSimulatingRegion region = CrashSimulatingRegion.create("image", 4096);
    region.writeLong(256, NEW);
    region.persist(256, 8);
    CrashImage image = region.crash(3);
    assertThat(image.payloadBytes()).isEqualTo(4096);
    try (PmemRegion restarted = image.open()) {
      assertThat(restarted.readLong(256)).isEqualTo(NEW);
    }
    image.writeTo(dir.resolve("image"));
    try (PmemRegion file = Pmem.open(dir.resolve("image"), RegionOptions.defaults())) {
      assertThat(file.readLong(256)).isEqualTo(NEW);
    }
  }

  @Test
  void damagedImagesAreRefused() {
    byte[] image = CrashSimulatingRegion.create("good", 4096).crash(0).bytes();
    byte[] flipped = image.clone();
    flipped[20] ^= 1;
    assertThatThrownBy(() -> CrashSimulatingRegion.open("bad", flipped))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("checksum");
    assertThatThrownBy(() -> CrashSimulatingRegion.open("short", Arrays.copyOf(image, 100)))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("shorter than the region header");
    assertThatThrownBy(() -> CrashSimulatingRegion.open("long", Arrays.copyOf(image, image.length + 1)))
        .isInstanceOf(CorruptionException.class).hasMessageContaining("truncated or extended");
  }
}
