package io.cairn.lsm.internal.compaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.lsm.internal.table.TableKind;
import io.cairn.lsm.internal.version.FileMetaData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which NVMTables the pmem-sized L0 merges: the newest run of one size tier, fan-in long. */
class L0MergePickerTest {
  private static final long MIB = 1 << 20;
  private final L0MergePicker picker = new L0MergePicker(4, 4 * MIB, 1024 * MIB);
  private long nextNumber = 1;

  private FileMetaData table(long bytes) {
    return new FileMetaData(nextNumber++, bytes, new byte[] {'a', 0, 0, 0, 0, 0, 0, 0, 0},
        new byte[] {'z', 0, 0, 0, 0, 0, 0, 0, 0}, TableKind.NVMTABLE, new byte[0]);
  }

  @Test
  void tiersGrowByTheFanIn() {
    assertThat(picker.tier(1)).isZero();
    assertThat(picker.tier(16 * MIB - 1)).isZero();
    assertThat(picker.tier(16 * MIB)).isEqualTo(1);
    assertThat(picker.tier(64 * MIB)).isEqualTo(2);
    assertThat(picker.tier(Long.MAX_VALUE)).isLessThanOrEqualTo(62);
  }

  @Test
  void theNewestFourOfOneTierAreMergedOldestFirst() {
    List<FileMetaData> level0 = new ArrayList<>(List.of(table(40 * MIB), table(5 * MIB), table(4 * MIB),
        table(4 * MIB)));
    assertThat(picker.pick(level0)).as("three of tier 0 behind one of tier 1").isEmpty();
    level0.add(table(4 * MIB));
    assertThat(picker.pick(level0)).containsExactlyElementsOf(level0.subList(1, 5));
    level0.add(table(4 * MIB));
    assertThat(picker.pick(level0)).as("the newest run only").containsExactlyElementsOf(level0.subList(2, 6));
  }

  @Test
  void aTableInASlicePassOrAnSstableEndsTheRun() {
    List<FileMetaData> level0 = new ArrayList<>(List.of(table(4 * MIB)));
    level0.set(0, level0.get(0).withCompactedThrough(new byte[] {'m'}));
    level0.addAll(List.of(table(4 * MIB), table(4 * MIB), table(4 * MIB)));
    assertThat(picker.pick(level0)).isEmpty();
    level0.add(table(4 * MIB));
    assertThat(picker.pick(level0)).containsExactlyElementsOf(level0.subList(1, 5));
    FileMetaData sstable = new FileMetaData(nextNumber++, 4 * MIB, level0.get(1).smallest(), level0.get(1).largest(),
        TableKind.SSTABLE, new byte[0]);
    level0.add(2, sstable);
    assertThat(picker.pick(level0)).isEmpty();
  }

  @Test
  void mergesBeyondTheOutputBoundAreNotPicked() {
    L0MergePicker small = new L0MergePicker(4, 4 * MIB, 15 * MIB);
    assertThat(small.pick(List.of(table(4 * MIB), table(4 * MIB), table(4 * MIB), table(4 * MIB)))).isEmpty();
    assertThat(small.pick(List.of(table(3 * MIB), table(3 * MIB), table(3 * MIB), table(3 * MIB)))).hasSize(4);
  }
}
