package io.cairn.pmem.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.InvalidArgumentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PmemCheckTest {
  @TempDir Path dir;

  @Test
  void everyAvailableBackendPassesItsSelfTestAndLeavesNothingBehind() throws IOException {
    PmemCheck.Report report = PmemCheck.run(dir);
    assertThat(report.directory()).isEqualTo(dir.toAbsolutePath().normalize());
    assertThat(report.backends()).extracting(PmemCheck.BackendResult::backend)
        .containsExactly(PmemBackend.FFM, PmemBackend.LIBPMEM, PmemBackend.LLPL, PmemBackend.CRASH_SIMULATION);
    for (PmemCheck.BackendResult result : report.backends()) {
      if (result.available()) {
        assertThat(result.selfTest()).as(result.backend().id()).isEqualTo("ok");
        assertThat(result.reason()).isEmpty();
        assertThat(result.mode()).isNotNull();
      } else {
        assertThat(result.selfTest()).isNull();
        assertThat(result.reason()).isNotBlank();
      }
    }
    assertThat(report.passed()).isTrue();
    assertThat(report.cacheFlush()).isNotBlank();
    assertThat(report.autoFlush()).isNotBlank();
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void theFfmSelfTestFailsClearlyWhereFilesCannotBeWritten() throws IOException {
    Path readOnly = Files.createDirectory(dir.resolve("read-only"));
    readOnly.toFile().setWritable(false);
    try {
      PmemCheck.BackendResult result = PmemCheck.selfTest(PmemBackend.FFM, readOnly);
      if (Files.isWritable(readOnly)) {
        assertThat(result.selfTest()).as("running as root: permissions are not enforced").isEqualTo("ok");
      } else {
        assertThat(result.selfTest()).startsWith("failed: ");
        assertThat(result.passed()).isFalse();
      }
    } finally {
      readOnly.toFile().setWritable(true);
    }
  }

  @Test
  void aMissingDirectoryIsAnInvalidArgument() {
    assertThatThrownBy(() -> PmemCheck.run(dir.resolve("absent")))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("not a directory");
  }
}
