package io.cairn.lsm.internal.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.DbStats;
import io.cairn.lsm.api.L0Mode;
import io.cairn.lsm.api.Options;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@code cairn.background-idle} property the bench's settle waits for: after a burst of
 * writes that leaves flushes and compactions due, it reads {@code false} until they are done,
 * and once it has read {@code true} no more background work happens (no compaction bytes, no
 * flushes, no table count changes), in both L0 modes.
 */
class BackgroundIdleTest {
  @TempDir Path directory;
  @TempDir Path pmemDirectory;

  @ParameterizedTest
  @EnumSource(L0Mode.class)
  void idleMeansNoBackgroundWorkIsLeft(L0Mode mode) throws InterruptedException {
    Options.Builder builder = Options.builder().writeBufferBytes(32 << 10).targetFileBytes(16 << 10)
        .level1MaxBytes(128 << 10).l0CompactionTrigger(2).l0SlowdownTrigger(6).l0StopTrigger(8).l0Mode(mode);
    if (mode == L0Mode.PMEM) {
      builder.pmemDirectory(pmemDirectory).l0SliceBytes(64 << 10);
    }
    try (Db db = Cairn.open(directory, builder.build())) {
      awaitIdle(db); // a new database: once its compaction thread has looked for work
      SplittableRandom random = new SplittableRandom(7);
      byte[] value = new byte[400];
      for (int i = 0; i < 3000; i++) {
        random.nextBytes(value);
        db.put(String.format("key%08d", random.nextInt(1_000_000)).getBytes(StandardCharsets.US_ASCII), value);
      }
      awaitIdle(db);
      DbStats settled = db.stats();
      String tables = db.property("cairn.sstables");
      assertThat(settled.flushes()).as("the writes flushed memtables").isPositive();
      TimeUnit.MILLISECONDS.sleep(300);
      DbStats later = db.stats();
      assertThat(later.compactionBytesWritten()).as("no compaction after idle").isEqualTo(settled.compactionBytesWritten());
      assertThat(later.flushes()).as("no flush after idle").isEqualTo(settled.flushes());
      assertThat(db.property("cairn.sstables")).as("no table changes after idle").isEqualTo(tables);
      assertThat(db.property("cairn.background-idle")).isEqualTo("true");
    }
  }

  /** Reads the property until it says true three times in a row (as the bench's settle does). */
  private static void awaitIdle(Db db) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    int quiet = 0;
    while (quiet < 3) {
      assertThat(System.nanoTime()).as("idle within 60 s").isLessThan(deadline);
      quiet = Boolean.parseBoolean(db.property("cairn.background-idle")) ? quiet + 1 : 0;
      TimeUnit.MILLISECONDS.sleep(10);
    }
  }
}
