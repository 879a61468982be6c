package io.cairn.ffi;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cairn.common.CairnIoException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.common.NotSupportedException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs where libpmem1 is installed (CI installs it); skipped with the reason elsewhere. */
class LibPmemTest {
  @TempDir Path dir;

  @BeforeAll
  static void libpmemIsInstalled() {
    assumeTrue(LibPmem.availability().available(), LibPmem.availability()::toString);
  }

  @Test
  void createdFileIsMappedWrittenPersistedAndReadBackAfterRemapping() throws IOException {
    LibPmem pmem = LibPmem.load();
    Path file = dir.resolve("region");
    try (Arena arena = Arena.ofShared()) {
      PmemMapping mapping = pmem.mapFile(file, 8192, LibPmem.FILE_CREATE | LibPmem.FILE_EXCL, 0644, arena);
      assertThat(mapping.segment().byteSize()).isEqualTo(8192);
      MemorySegment range = mapping.segment().asSlice(4096, 16);
      range.set(JAVA_LONG, 0, 0x0102030405060708L);
      range.set(JAVA_LONG, 8, -1L);
      if (mapping.isPmem()) {
        pmem.persist(range);
      } else {
        pmem.msync(range);
      }
    }
    assertThat(Files.size(file)).isEqualTo(8192);
    try (Arena arena = Arena.ofShared()) {
      PmemMapping mapping = pmem.mapFile(file, 0, 0, 0, arena);
      assertThat(mapping.segment().get(JAVA_LONG, 4096)).isEqualTo(0x0102030405060708L);
      assertThat(mapping.segment().get(JAVA_LONG, 4104)).isEqualTo(-1L);
    }
  }

  @Test
  void memcpyPersistCopiesFromTheJavaHeapAndFlushDrainDoNotFail() {
    LibPmem pmem = LibPmem.load();
    try (Arena arena = Arena.ofShared()) {
      PmemMapping mapping = pmem.mapFile(dir.resolve("copy"), 4096, LibPmem.FILE_CREATE, 0644, arena);
      byte[] source = new byte[300];
      for (int i = 0; i < source.length; i++) {
        source[i] = (byte) (i * 7);
      }
      MemorySegment target = mapping.segment().asSlice(64, source.length);
      pmem.memcpyPersist(target, MemorySegment.ofArray(source));
      assertThat(target.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)).isEqualTo(source);
      pmem.flush(target);
      pmem.drain();
      assertThat(pmem.isPmem(target)).isEqualTo(mapping.isPmem());
    }
  }

  @Test
  void aTemporaryDirectoryIsNotPersistentMemory() {
    LibPmem pmem = LibPmem.load();
    assumeTrue(System.getenv("PMEM_IS_PMEM_FORCE") == null, "PMEM_IS_PMEM_FORCE is set");
    try (Arena arena = Arena.ofShared()) {
      PmemMapping mapping = pmem.mapFile(dir.resolve("plain"), 4096, LibPmem.FILE_CREATE, 0644, arena);
      assertThat(mapping.isPmem()).as("a @TempDir is on tmpfs or a disk, never DAX in CI").isFalse();
    }
  }

  @Test
  void mappingAMissingFileFailsWithLibpmemsMessage() {
    LibPmem pmem = LibPmem.load();
    try (Arena arena = Arena.ofShared()) {
      assertThatThrownBy(() -> pmem.mapFile(dir.resolve("absent"), 0, 0, 0, arena))
          .isInstanceOf(CairnIoException.class)
          .hasMessageContaining("pmem_map_file(" + dir.resolve("absent") + ") failed")
          .hasMessageContaining("No such file");
    }
  }

  @Test
  void rangesOutsideTheMappingAndClosedMappingsAreRefusedBeforeTheCall() {
    LibPmem pmem = LibPmem.load();
    MemorySegment whole;
    try (Arena arena = Arena.ofShared()) {
      whole = pmem.mapFile(dir.resolve("bounds"), 4096, LibPmem.FILE_CREATE, 0644, arena).segment();
      assertThatThrownBy(() -> pmem.persist(whole.asSlice(4000, 200)))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> pmem.memcpyPersist(whole.asSlice(0, 8), MemorySegment.ofArray(new byte[9])))
          .isInstanceOf(InvalidArgumentException.class);
    }
    assertThatThrownBy(() -> pmem.persist(whole)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> pmem.msync(whole)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void autoFlushIsReportedAsYesNoOrUnknown() {
    assertThat(LibPmem.load().hasAutoFlush()).isBetween(-1, 1);
  }

  @Test
  void anAbsentLibraryIsNotSupportedWithTheReason() {
    assertThatThrownBy(() -> LibPmem.load("/nonexistent/libpmem.so.1"))
        .isInstanceOf(NotSupportedException.class)
        .hasMessageStartingWith("libpmem not available: /nonexistent/libpmem.so.1 not found")
        .hasMessageContaining("libpmem1");
  }

  @Test
  void aLibraryWithoutTheSymbolsIsNotSupportedNamingTheMissingOne() {
    assertThatThrownBy(() -> LibPmem.load("libc.so.6"))
        .isInstanceOf(NotSupportedException.class)
        .hasMessageContaining("libc.so.6 has no symbol pmem_map_file");
  }
}
