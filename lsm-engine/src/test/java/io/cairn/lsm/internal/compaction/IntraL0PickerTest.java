package io.cairn.lsm.internal.compaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.lsm.internal.table.TableKind;
import io.cairn.lsm.internal.version.FileMetaData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which L0 tables an intra-L0 merge takes: the newest run newer than a running compaction's L0
 * inputs, outside slice passes, within the byte bound; four of them beside a busy compaction, two
 * once L0 is at the slowdown trigger.
 */
class IntraL0PickerTest {
  private static final long MIB = 1 << 20;
  private static final int SLOWDOWN = 8;
  private final IntraL0Picker picker = new IntraL0Picker(64 * MIB, SLOWDOWN);
  private long nextNumber = 1;

  private FileMetaData table(long bytes) {
    return new FileMetaData(nextNumber++, bytes, new byte[] {'a', 0, 0, 0, 0, 0, 0, 0, 0},
        new byte[] {'z', 0, 0, 0, 0, 0, 0, 0, 0}, TableKind.NVMTABLE, new byte[0]);
  }

  private List<FileMetaData> tables(int count, long bytes) {
    List<FileMetaData> list = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      list.add(table(bytes));
    }
    return list;
  }

  @Test
  void nothingWhileNoCompactionHoldsL0AndL0IsBelowTheSlowdownTrigger() {
    assertThat(picker.pick(tables(SLOWDOWN - 1, 4 * MIB), -1)).isEmpty();
  }

  @Test
  void besideABusyCompactionTheNewerTablesAreMergedFromFourOn() {
    List<FileMetaData> level0 = tables(4, 4 * MIB);
    long busyThrough = level0.getLast().number();
    level0.addAll(tables(3, 4 * MIB));
    assertThat(picker.pick(level0, busyThrough)).as("three newer tables: too few").isEmpty();
    level0.add(table(4 * MIB));
    assertThat(picker.pick(level0, busyThrough)).as("the four newer tables, oldest first")
        .containsExactlyElementsOf(level0.subList(4, 8));
  }

  @Test
  void atTheSlowdownTriggerTwoTablesAreEnough() {
    List<FileMetaData> level0 = tables(SLOWDOWN - 2, 4 * MIB);
    long busyThrough = level0.getLast().number();
    level0.addAll(tables(2, 4 * MIB));
    assertThat(picker.pick(level0, busyThrough)).containsExactlyElementsOf(level0.subList(SLOWDOWN - 2, SLOWDOWN));
    assertThat(picker.pick(level0, -1)).as("nothing busy: every table within the bound")
        .containsExactlyElementsOf(level0);
  }

  @Test
  void theByteBoundAndSlicePassesEndTheRun() {
    List<FileMetaData> level0 = new ArrayList<>();
    level0.add(table(4 * MIB).withCompactedThrough(new byte[] {'m'}));
    level0.add(table(60 * MIB));
    level0.addAll(tables(SLOWDOWN - 2, 4 * MIB));
    assertThat(picker.pick(level0, -1)).as("the 60 MiB table would pass the 64 MiB bound")
        .containsExactlyElementsOf(level0.subList(2, SLOWDOWN));
    List<FileMetaData> afterPass = new ArrayList<>(List.of(level0.getFirst()));
    afterPass.addAll(tables(SLOWDOWN - 1, 4 * MIB));
    assertThat(picker.pick(afterPass, -1)).as("the sliced table is never an input")
        .containsExactlyElementsOf(afterPass.subList(1, SLOWDOWN));
    assertThat(picker.pick(tables(SLOWDOWN, 64 * MIB), -1)).as("tables at the bound stay as they are").isEmpty();
  }
}
