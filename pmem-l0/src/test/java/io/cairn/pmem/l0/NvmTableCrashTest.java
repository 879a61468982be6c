package io.cairn.pmem.l0;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.pmem.testing.CrashSimulatingDirectory;
import io.cairn.pmem.testing.CrashSweep;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Power cuts at every persist point of a build and of a removal, each crash image recovered by
 * opening the L0 set: a table is whole or absent, never half there, and nothing else is touched.
 */
class NvmTableCrashTest {
  private static final NvmTableOptions OPTIONS = NvmTableOptions.defaults();
  private static final TreeMap<byte[], byte[]> CONTENTS = TableFixtures.randomContentsOfSize(new SplittableRandom(11), 1500, 3000);
  private static final TreeMap<byte[], byte[]> OLDER = TableFixtures.randomContents(new SplittableRandom(12), 200, 100);

  /** Recovers {@code recovered} and checks table {@code id} is whole with {@code contents}, or gone without a trace. */
  private static boolean wholeOrAbsent(CrashSimulatingDirectory recovered, long id, TreeMap<byte[], byte[]> contents) {
    try (L0TableSet set = L0TableSet.open(recovered, L0Options.defaults()); L0Version version = set.current()) {
      NvmTable table = version.table(id);
      if (table == null) {
        assertThat(recovered.list()).doesNotContain(NvmTable.tableName(id), NvmTable.containerName(id));
        return false;
      }
      TableFixtures.assertSameContents(table, contents);
      return true;
    }
  }

  /**
   * Version 2 (one region): create, records, entries, meta, model, filter, super block, commit
   * word: 8 persist points. Version 1 adds the container region's create and fence: 9.
   */
  @ParameterizedTest
  @CsvSource({"2, 8", "1, 9"})
  void aBuildCutAtAnyPersistPointLeavesTheTableWholeOrAbsent(int version, int points) {
    int[] present = new int[2];
    NvmTableOptions options = OPTIONS.withFormatVersion(version);
    CrashSweep.Result result = CrashSweep.of(directory -> TableFixtures.build(directory, 5, options, CONTENTS).close())
        .seedsPerPoint(6)
        .run((crash, recovered) -> {
          boolean whole = wholeOrAbsent(recovered, 5, CONTENTS);
          if (crash.completed()) {
            assertThat(whole).as("a finished build survives any crash").isTrue();
          }
          if (!crash.completed() && crash.pointIndex() < points - 1) {
            assertThat(whole).as("no table before its commit word is written").isFalse();
          }
          present[whole ? 1 : 0]++;
        });
    assertThat(result.persistPoints()).isEqualTo(points);
    assertThat(present[0]).isPositive();
    assertThat(present[1]).isPositive();
  }

  @Test
  void aCrashedBuildNeverDisturbsAnOlderTable() {
    CrashSweep.of(directory -> TableFixtures.build(directory, 5, OPTIONS, CONTENTS).close())
        .startingFrom(() -> {
          CrashSimulatingDirectory start = new CrashSimulatingDirectory();
          TableFixtures.build(start, 4, OPTIONS, OLDER).close();
          return start;
        })
        .seedsPerPoint(3)
        .run((crash, recovered) -> {
          assertThat(wholeOrAbsent(recovered, 4, OLDER)).isTrue();
          wholeOrAbsent(recovered, 5, CONTENTS);
        });
  }

  /** A version 2 table is one region, so its removal is one delete; a version 1 table's is two. */
  @ParameterizedTest
  @CsvSource({"2, 1", "1, 2"})
  void aRemovalCutAtAnyPointLeavesTheRemovedTableWholeOrAbsentAndTheOthersWhole(int version, int deletes) {
    NvmTableOptions options = OPTIONS.withFormatVersion(version);
    CrashSweep.Result result = CrashSweep.of(directory -> {
          try (L0TableSet set = L0TableSet.open(directory, L0Options.defaults())) {
            set.remove(List.of(4L));
          }
        })
        .startingFrom(() -> {
          CrashSimulatingDirectory start = new CrashSimulatingDirectory();
          TableFixtures.build(start, 4, options, OLDER).close();
          TableFixtures.build(start, 6, OPTIONS, OLDER).close();
          return start;
        })
        .seedsPerPoint(2)
        .run((crash, recovered) -> {
          assertThat(wholeOrAbsent(recovered, 6, OLDER)).isTrue();
          boolean removed = !wholeOrAbsent(recovered, 4, OLDER);
          if (crash.completed()) {
            assertThat(removed).isTrue();
          }
        });
    assertThat(result.persistPoints()).as("deletes").isEqualTo(deletes);
  }

  /** The full sweep with many more seeds and a bigger table: minutes, so tagged slow. */
  @Tag("slow")
  @Test
  void aLargeBuildSurvivesManyCrashImagesPerPoint() {
    TreeMap<byte[], byte[]> contents = TableFixtures.randomContentsOfSize(new SplittableRandom(13), 6000, 20_000);
    CrashSweep.of(directory -> TableFixtures.build(directory, 5, OPTIONS.withEpsilon(2), contents).close())
        .seedsPerPoint(64)
        .run((crash, recovered) -> wholeOrAbsent(recovered, 5, contents));
  }
}
