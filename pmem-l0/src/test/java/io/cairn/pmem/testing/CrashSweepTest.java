package io.cairn.pmem.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.Crc32c;
import io.cairn.pmem.api.PmemDirectory;
import io.cairn.pmem.api.PmemRegion;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The sweep on a small commit protocol: a record in a region, published by a checksummed commit
 * word. Written correctly it survives a crash at every persist point; with the payload's persist
 * left out the sweep finds the crash that breaks it.
 */
class CrashSweepTest {
  private static final int PAYLOAD_OFFSET = 64;
  private static final int PAYLOAD_BYTES = 1000;

  private static byte[] payload() {
    byte[] bytes = new byte[PAYLOAD_BYTES];
    new SplittableRandom(1).nextBytes(bytes);
    return bytes;
  }

  /** Commit word: magic in the high half, CRC32C of the payload in the low half. */
  private static long commitWord(byte[] payload) {
    return (0xC0DEL << 32) | (Crc32c.of(payload) & 0xFFFFFFFFL);
  }

  private static void writeRecord(PmemDirectory directory, boolean persistPayload) {
    try (PmemRegion region = directory.create("record", 4096)) {
      byte[] payload = payload();
      region.write(PAYLOAD_OFFSET, payload);
      if (persistPayload) {
        region.persist(PAYLOAD_OFFSET, PAYLOAD_BYTES);
      }
      region.storeLongAtomic(0, commitWord(payload));
      region.persist(0, 8);
    }
  }

  /** After a crash: a committed record must be whole; an uncommitted one is ignored. */
  private static void committedRecordIsWhole(CrashSweep.CrashCase crash, CrashSimulatingDirectory recovered) {
    if (!recovered.exists("record")) {
      assertThat(crash.completed()).isFalse();
      return;
    }
    try (PmemRegion region = recovered.open("record")) {
      long commit = region.readLongAtomic(0);
      if (commit == 0) {
        assertThat(crash.completed()).as("a completed write is committed").isFalse();
        return;
      }
      byte[] payload = new byte[PAYLOAD_BYTES];
      region.read(PAYLOAD_OFFSET, payload, 0, PAYLOAD_BYTES);
      assertThat(commit).as("commit word matches the payload").isEqualTo(commitWord(payload));
    }
  }

  @Test
  void aRecordPersistedBeforeItsCommitWordSurvivesEveryCrash() {
    CrashSweep.Result result = CrashSweep.of(directory -> writeRecord(directory, true))
        .seedsPerPoint(12)
        .run(CrashSweepTest::committedRecordIsWhole);
    assertThat(result.persistPoints()).isEqualTo(3);
    assertThat(result.cases()).isEqualTo(4 * 12);
  }

  @Test
  void aCommitWordPersistedBeforeItsRecordIsCaught() {
    assertThatThrownBy(() -> CrashSweep.of(directory -> writeRecord(directory, false))
            .seedsPerPoint(12)
            .run(CrashSweepTest::committedRecordIsWhole))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("recovery check failed after a crash")
        .hasMessageContaining("commit word matches the payload")
        .hasMessageContaining("onlyCase(");
  }

  @Test
  void oneCaseCanBeReplayed() {
    AtomicInteger checks = new AtomicInteger();
    CrashSweep.Result result = CrashSweep.of(directory -> writeRecord(directory, true))
        .onlyCase(1, 0x1234L)
        .run((crash, recovered) -> {
          assertThat(crash.pointIndex()).isEqualTo(1);
          assertThat(crash.seed()).isEqualTo(0x1234L);
          assertThat(crash.point().kind()).isEqualTo(PersistPoint.Kind.FENCE);
          checks.incrementAndGet();
        });
    assertThat(result.cases()).isEqualTo(1);
    assertThat(checks).hasValue(1);
  }

  @Test
  void aWorkloadThatChangesBetweenRunsIsReported() {
    AtomicInteger runs = new AtomicInteger();
    assertThatThrownBy(() -> CrashSweep.of(directory -> {
          PmemRegion region = directory.create("r", 128);
          if (runs.incrementAndGet() == 1) {
            region.persist(0, 8);
          }
        }).run((crash, recovered) -> { }))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("not deterministic");
  }
}
