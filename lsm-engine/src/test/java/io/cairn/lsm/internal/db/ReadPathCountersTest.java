package io.cairn.lsm.internal.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.DbStats;
import io.cairn.lsm.api.L0Mode;
import io.cairn.lsm.api.Options;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The point-read counters of {@link DbStats} in both L0 modes: which tables a get asks, which
 * the filter rules out, which answer in L0, and how many data blocks it reads.
 */
class ReadPathCountersTest {
  private static final int KEYS = 200;

  @TempDir Path directory;
  @TempDir Path pmemDirectory;

  private Options options(L0Mode mode) {
    Options.Builder builder = Options.builder().writeBufferBytes(1 << 20).targetFileBytes(1 << 20)
        .blockCacheBytes(1 << 20).l0CompactionTrigger(8).l0SlowdownTrigger(10).l0StopTrigger(12).l0Mode(mode);
    if (mode == L0Mode.PMEM) {
      builder.pmemDirectory(pmemDirectory);
    }
    return builder.build();
  }

  @ParameterizedTest
  @EnumSource(L0Mode.class)
  void countsWhatAGetAsksOnItsWayDown(L0Mode mode) {
    try (DbImpl db = (DbImpl) Cairn.open(directory, options(mode))) {
      for (int i = 0; i < KEYS; i += 2) {
        db.put(key(i), value(i));
      }
      assertThat(db.get(key(0))).isEqualTo(value(0));
      DbStats memtableOnly = db.stats();
      assertThat(memtableOnly.gets()).isEqualTo(1);
      assertThat(memtableOnly.getL0TablesAsked() + memtableOnly.getDeeperTablesAsked()).isZero();

      db.writes.flushMemTable();
      assertThat(db.versions.peekCurrent().fileCount(0)).isEqualTo(1);
      DbStats before = db.stats();
      for (int i = 0; i < KEYS; i += 2) {
        assertThat(db.get(key(i))).isEqualTo(value(i));
      }
      DbStats present = db.stats();
      assertThat(present.gets() - before.gets()).isEqualTo(KEYS / 2);
      assertThat(present.getL0TablesAsked() - before.getL0TablesAsked()).isEqualTo(KEYS / 2);
      assertThat(present.getL0Answers() - before.getL0Answers()).isEqualTo(KEYS / 2);
      assertThat(present.getFilterSkips() - before.getFilterSkips()).isZero();
      long blockReads = present.getBlockReads() - before.getBlockReads();
      if (mode == L0Mode.SSD) {
        assertThat(blockReads).isPositive().isLessThanOrEqualTo(KEYS / 2);
      } else {
        assertThat(blockReads).isZero();
      }

      for (int i = 1; i < KEYS - 1; i += 2) {
        assertThat(db.get(key(i))).isNull();
      }
      DbStats absent = db.stats();
      assertThat(absent.getL0TablesAsked() - present.getL0TablesAsked()).isEqualTo(KEYS / 2 - 1);
      assertThat(absent.getL0Answers() - present.getL0Answers()).isZero();
      assertThat(absent.getFilterSkips() - present.getFilterSkips()).isGreaterThanOrEqualTo((KEYS / 2 - 1) * 9 / 10);

      db.compactRange(null, null);
      assertThat(db.versions.peekCurrent().fileCount(0)).isZero();
      DbStats compacted = db.stats();
      assertThat(db.get(key(4))).isEqualTo(value(4));
      assertThat(db.get(key(4))).isEqualTo(value(4));
      DbStats deeper = db.stats();
      assertThat(deeper.getL0TablesAsked() - compacted.getL0TablesAsked()).isZero();
      assertThat(deeper.getDeeperTablesAsked() - compacted.getDeeperTablesAsked()).isEqualTo(2);
      assertThat(deeper.getBlockReads() - compacted.getBlockReads()).as("the second get hits the block cache")
          .isEqualTo(1);
      assertThat(deeper.tableOpens()).isGreaterThan(before.tableOpens());
      assertThat(deeper.tablesAskedPerGet()).isPositive();
    }
  }

  private static byte[] key(int i) {
    return String.format("key-%06d", i).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] value(int i) {
    return ("value-" + i + "-".repeat(50)).getBytes(StandardCharsets.UTF_8);
  }
}
