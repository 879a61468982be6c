package io.cairn.lsm.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Write stalls are counted the same way with L0 on SSD and on pmem: a write that waits (at the
 * slowdown or stop trigger, or behind a flush) adds one stall and its waiting time; a database
 * that never had to wait reports none.
 */
class WriteStallCountersTest {
  @TempDir Path directory;

  private Options options(L0Mode mode, int l0Limit) {
    return Options.builder().l0Mode(mode).pmemDirectory(mode == L0Mode.PMEM ? directory.resolve("pmem") : null)
        .writeBufferBytes(16 << 10).targetFileBytes(16 << 10).level1MaxBytes(64 << 10).l0Limit(l0Limit)
        .compression(Compression.NONE).build();
  }

  @ParameterizedTest
  @EnumSource(L0Mode.class)
  void writesThatWaitForL0AreCountedWithTheirTime(L0Mode mode) {
    int writes = 4000;
    try (Db db = Cairn.open(directory.resolve("db"), options(mode, 1))) {
      SplittableRandom random = new SplittableRandom(3);
      byte[] value = new byte[512];
      for (int i = 0; i < writes; i++) {
        random.nextBytes(value);
        db.put(String.format("key%06d", random.nextInt(writes)).getBytes(StandardCharsets.UTF_8), value);
      }
      DbStats stats = db.stats();
      assertThat(stats.writeStalls()).isPositive().isLessThanOrEqualTo(writes);
      assertThat(stats.writeStallNanos()).isGreaterThanOrEqualTo(stats.writeStalls() * 1_000L);
      assertThat(stats.flushes()).isPositive();
      assertThat(stats.ssdWriteAmplification()).isPositive();
      // Session 15: the stalled time split by cause. With an L0 limit of one table the writers
      // wait for L0 (its slowdown zone or its stop); every cause is part of the stalled time, and
      // together they are nearly all of it (the rest is the loop's bookkeeping between waits).
      DbStats.WriteStallCauses causes = stats.stallCauses();
      assertThat(causes.slowdownNanos() + causes.l0StopNanos()).isPositive();
      assertThat(causes.pmemBudgetNanos()).isZero();
      assertThat(causes.totalNanos()).isLessThanOrEqualTo(stats.writeStallNanos())
          .isGreaterThanOrEqualTo(stats.writeStallNanos() / 2);
      DbStats.FlushTimes flushTimes = stats.flushTimes();
      assertThat(flushTimes.memTables()).isGreaterThanOrEqualTo(stats.flushes());
      assertThat(flushTimes.tableNanos()).isPositive();
      assertThat(flushTimes.installNanos()).isPositive();
      assertThat(flushTimes.tableNanos() + flushTimes.installNanos()).isLessThanOrEqualTo(flushTimes.totalNanos());
      if (mode == L0Mode.PMEM) {
        assertThat(stats.pmemFlushBytesWritten()).isEqualTo(stats.flushBytesWritten());
        assertThat(stats.ssdWriteAmplification()).isLessThan(stats.writeAmplification());
      } else {
        assertThat(stats.pmemFlushBytesWritten()).isZero();
        assertThat(stats.ssdWriteAmplification()).isEqualTo(stats.writeAmplification());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(L0Mode.class)
  void aDatabaseThatNeverWaitedReportsNoStall(L0Mode mode) {
    try (Db db = Cairn.open(directory.resolve("db"), options(mode, 12))) {
      for (int i = 0; i < 10; i++) {
        db.put(("k" + i).getBytes(StandardCharsets.UTF_8), new byte[100]);
      }
      DbStats stats = db.stats();
      assertThat(stats.writeStalls()).isZero();
      assertThat(stats.writeStallNanos()).isZero();
      assertThat(stats.stallCauses()).isEqualTo(DbStats.WriteStallCauses.NONE);
    }
  }
}
