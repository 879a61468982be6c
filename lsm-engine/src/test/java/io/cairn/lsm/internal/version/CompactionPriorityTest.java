package io.cairn.lsm.internal.version;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.lsm.api.KeyComparator;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.internal.fs.InMemoryFileLayer;
import io.cairn.lsm.internal.key.InternalKeyComparator;
import io.cairn.lsm.internal.key.InternalKeyFormat;
import io.cairn.lsm.internal.key.KeyOrder;
import io.cairn.lsm.internal.table.TableKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Which level the compaction thread serves next, as a transcript of versions: by score, except
 * that an L0 at the slowdown trigger (writers slowed) goes before a deeper level with a higher
 * score, since only an L0 compaction frees the writers.
 */
class CompactionPriorityTest {
  private static final long MIB = 1 << 20;
  private final Options options = Options.builder().l0CompactionTrigger(4).l0SlowdownTrigger(8).l0StopTrigger(10)
      .level1MaxBytes(10 * MIB).build();
  private final VersionSet versions = new VersionSet(Path.of("/db"), new InMemoryFileLayer(), options,
      new InternalKeyComparator(KeyOrder.of(KeyComparator.BYTEWISE)), file -> { });
  private long number = 10;

  @Test
  void anL0AtTheSlowdownTriggerGoesBeforeAFullerDeeperLevel() {
    versions.create();
    addTables(1, 6, 10 * MIB);
    assertThat(versions.peekCurrent().compactionLevel()).as("L1 at 6x its target, L0 empty").isEqualTo(1);
    addTables(0, 7, 4 * MIB);
    assertThat(versions.peekCurrent().compactionScore()).isGreaterThan(1.0);
    assertThat(versions.peekCurrent().compactionLevel()).as("7 L0 tables (score 1.75) against L1's 6").isEqualTo(1);
    addTables(0, 1, 4 * MIB);
    assertThat(versions.peekCurrent().compactionLevel()).as("8 L0 tables: writers are slowed").isZero();
    assertThat(versions.peekCurrent().compactionScore()).isGreaterThanOrEqualTo(2.0);
  }

  @Test
  void aDeeperBacklogPastTheLimitGoesFirstUntilL0ReachesTheStop() {
    versions.create();
    addTables(1, 11, 10 * MIB);
    addTables(0, 8, 4 * MIB);
    assertThat(VersionSet.DEEPER_BACKLOG_LIMIT).isLessThan(11);
    assertThat(versions.peekCurrent().compactionLevel()).as("L1 11x over its target, L0 slowed").isEqualTo(1);
    addTables(0, 2, 4 * MIB);
    assertThat(versions.peekCurrent().compactionLevel()).as("10 L0 tables: writers stopped").isZero();
  }

  @Test
  void belowTheSlowdownTriggerTheHigherScoreWins() {
    versions.create();
    addTables(1, 1, 5 * MIB);
    addTables(0, 5, 4 * MIB);
    assertThat(versions.peekCurrent().compactionLevel()).as("L0 score 1.25 against L1's 0.5").isZero();
  }

  private void addTables(int level, int count, long bytes) {
    VersionEdit edit = new VersionEdit();
    for (int i = 0; i < count; i++) {
      long n = number++;
      // Disjoint key ranges, so that deeper levels stay sorted.
      edit.addFile(level, new FileMetaData(n, bytes, key(n, "a"), key(n, "z"), TableKind.SSTABLE, new byte[0]));
    }
    versions.markFileNumberUsed(number);
    versions.logAndApply(edit);
  }

  private static byte[] key(long n, String suffix) {
    return InternalKeyFormat.encode(String.format("%08d%s", n, suffix).getBytes(StandardCharsets.UTF_8), n,
        InternalKeyFormat.TYPE_VALUE);
  }
}
