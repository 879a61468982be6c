package io.cairn.pmem.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cairn.common.InvalidArgumentException;
import io.cairn.pmem.api.Pmem;
import io.cairn.pmem.api.PmemBackend;
import io.cairn.pmem.api.PmemDirectory;
import io.cairn.pmem.api.PmemRegion;
import io.cairn.pmem.api.RegionOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link PmemDirectory#rename} on a file system: how a prepared pmem WAL extent is claimed (session 13). */
class FileRegionRenameTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(value = PmemBackend.class, names = {"FFM", "LIBPMEM"})
  void aRegionOpenAcrossItsRenameWritesTheRenamedFile(PmemBackend backend) {
    assumeTrue(Pmem.status(backend).available(), () -> backend + " not available");
    PmemDirectory directory = Pmem.directory(dir, RegionOptions.defaults().withBackend(backend));
    assertThat(directory.supportsRename()).isTrue();
    try (PmemRegion region = directory.create("walprep-0.extent", 4096)) {
      region.writeLong(0, 41);
      region.persist(0, 8);
      directory.rename("walprep-0.extent", "000007.log");
      region.writeLong(8, 42);
      region.persist(8, 8);
    }
    assertThat(directory.list()).containsExactly("000007.log");
    try (PmemRegion reopened = directory.open("000007.log")) {
      assertThat(reopened.readLong(0)).isEqualTo(41);
      assertThat(reopened.readLong(8)).isEqualTo(42);
    }
  }

  @Test
  void renameRefusesAMissingSourceAndAnExistingTarget() {
    PmemDirectory directory = Pmem.directory(dir, RegionOptions.defaults().withBackend(PmemBackend.FFM));
    directory.create("a", 64).close();
    directory.create("b", 64).close();
    assertThatThrownBy(() -> directory.rename("a", "b")).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("already exists");
    assertThatThrownBy(() -> directory.rename("c", "d")).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("no pmem region file");
    assertThatThrownBy(() -> directory.rename("a", "../x")).isInstanceOf(InvalidArgumentException.class);
    assertThat(directory.list()).containsExactly("a", "b");
  }
}
