package io.cairn.lsm.internal.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.lsm.api.KeyComparator;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.internal.fs.InMemoryFileLayer;
import io.cairn.lsm.internal.key.InternalKeyComparator;
import io.cairn.lsm.internal.key.InternalKeyFormat;
import io.cairn.lsm.internal.key.KeyOrder;
import io.cairn.lsm.internal.table.TableKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A version's level lists are one class whatever their length (session 16): the read path's
 * calls on them ({@code Version.get}, {@code findFile}) must not meet a second receiver class when
 * a flush or a compaction changes how many files a level holds, or the JIT's code that inlined
 * them traps and is compiled again. Immutable, as {@code List.copyOf}'s lists were.
 */
class LevelFilesTest {
  private final VersionSet versions = new VersionSet(Path.of("/db"), new InMemoryFileLayer(), Options.builder().build(),
      new InternalKeyComparator(KeyOrder.of(KeyComparator.BYTEWISE)), file -> { });
  private long number = 10;

  @Test
  void everyLevelListIsOneClassFromNoneToManyFilesAndImmutable() {
    versions.create();
    Set<Class<?>> classes = new HashSet<>();
    for (int count = 0; count <= 4; count++) {
      if (count > 0) {
        addTable(0);
        addTable(1);
      }
      Version current = versions.peekCurrent();
      for (int level = 0; level < current.levelCount(); level++) {
        List<FileMetaData> files = current.files(level);
        classes.add(files.getClass());
        if (level <= 1) {
          assertThat(files).as("level %d after %d tables each", level, count).hasSize(count);
        }
      }
    }
    assertThat(classes).as("the level lists' classes over 0-4 files per level").hasSize(1);
    List<FileMetaData> level0 = versions.peekCurrent().files(0);
    assertThatThrownBy(() -> level0.add(level0.get(0))).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> level0.set(0, level0.get(1))).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aLevelFindsItsFilesByKeyAsBefore() {
    versions.create();
    for (int i = 0; i < 3; i++) {
      addTable(1);
    }
    List<FileMetaData> level1 = versions.peekCurrent().files(1);
    InternalKeyComparator comparator = new InternalKeyComparator(KeyOrder.of(KeyComparator.BYTEWISE));
    for (int i = 0; i < level1.size(); i++) {
      byte[] inside = level1.get(i).smallest();
      assertThat(Version.findFile(comparator, level1, inside, 0, inside.length)).isEqualTo(i);
    }
    byte[] after = key(999_999, "z");
    assertThat(Version.findFile(comparator, level1, after, 0, after.length)).isEqualTo(level1.size());
  }

  private void addTable(int level) {
    VersionEdit edit = new VersionEdit();
    long n = number++;
    edit.addFile(level, new FileMetaData(n, 1 << 20, key(n, "a"), key(n, "z"), TableKind.SSTABLE, new byte[0]));
    versions.markFileNumberUsed(number);
    versions.logAndApply(edit);
  }

  private static byte[] key(long n, String suffix) {
    return InternalKeyFormat.encode(String.format("%08d%s", n, suffix).getBytes(StandardCharsets.UTF_8), n,
        InternalKeyFormat.TYPE_VALUE);
  }
}
