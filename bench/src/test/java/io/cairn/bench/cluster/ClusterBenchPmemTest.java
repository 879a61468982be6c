package io.cairn.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Session 18: where a Cairn run's pmem folder goes under {@code --pmem-dir}, and its bytes. */
class ClusterBenchPmemTest {
  @TempDir Path folder;

  @Test
  void eachRunGetsAFolderOfItsOwnNamedAfterThisJvmAndTheRun() {
    assertThat(ClusterBench.pmemFolder(null, folder.resolve("cairn-kraft-binary-3"))).isNull();
    Path run = ClusterBench.pmemFolder(Path.of("/dev/shm"), folder.resolve("cairn-kraft-binary-3"));
    assertThat(run).isEqualTo(Path.of("/dev/shm", ClusterBench.PMEM_RUN_PREFIX + ProcessHandle.current().pid()
        + "-cairn-kraft-binary-3"));
  }

  @Test
  void fileBytesSumsTheFilesOfEveryNodeAndIsZeroForNone() throws Exception {
    assertThat(ClusterBench.fileBytes(null)).isZero();
    assertThat(ClusterBench.fileBytes(folder.resolve("missing"))).isZero();
    Files.createDirectories(folder.resolve("node-1/log"));
    Files.createDirectories(folder.resolve("node-2/records"));
    Files.write(folder.resolve("node-1/log/000002.log"), new byte[1000]);
    Files.write(folder.resolve("node-2/records/000007.nvt"), new byte[234]);
    assertThat(ClusterBench.fileBytes(folder)).isEqualTo(1234);
  }
}
