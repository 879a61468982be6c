package io.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.node.api.ExitCodes;
import io.cairn.testing.Refusal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Session 18: {@code bench cluster --pmem-dir}'s refusals, before any cluster is started. */
class ClusterPmemDirOptionTest {
  @TempDir Path folder;

  @Test
  void aMissingUnwritableOrInsideTheRunFolderPmemDirectoryIsRefused() throws Exception {
    Path dir = Files.createDirectories(folder.resolve("runs"));
    Files.createDirectories(dir.resolve("pmem"));
    String[][] cases = {
        {folder.resolve("missing").toString(), "does not exist"},
        {"/proc", "is not writable"},
        {dir.resolve("pmem").toString(), "is the cluster's data folder"}};
    for (String[] bad : cases) {
      // bounded: a refusal that does not happen would run a cluster (node processes, warm-up, measured seconds)
      Cli.Result result = Refusal.within(Duration.ofSeconds(30), "bench cluster --pmem-dir " + bad[0],
          () -> Cli.run("bench", "cluster", "--systems", "cairn", "--nodes", "3", "--mode", "kraft",
              "--dir", dir.toString(), "--pmem-dir", bad[0]));
      assertThat(result.exitCode()).as("%s: %s", bad[0], result.err()).isEqualTo(ExitCodes.USAGE);
      assertThat(result.err()).as(bad[0]).contains("--pmem-dir: ").contains(bad[1]);
    }
    try (var left = Files.list(dir)) {
      assertThat(left.map(path -> path.getFileName().toString())).as("no run started").containsExactly("pmem");
    }
  }
}
