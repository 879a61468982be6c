package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.kraft.api.Mode;
import io.cairn.node.api.ExitCodes;
import io.cairn.node.cluster.LocalCluster;
import io.cairn.replication.api.NodeConfig;
import io.cairn.testing.Refusal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Session 18: {@code cluster up --pmem-dir}'s refusals (nothing is written or started) and the
 * placement it writes into every node's configuration ({@code LocalCluster.placePmem}).
 */
class ClusterPmemOptionTest {
  /** A refusal takes milliseconds; a command that was not refused is stopped after this (session 19). */
  private static final Duration REFUSAL_BOUND = Duration.ofSeconds(30);

  @TempDir Path folder;

  @Test
  void aMissingUnwritableOrInsideTheClusterPmemDirectoryIsRefusedBeforeAnythingIsWritten() throws Exception {
    Path dir = folder.resolve("cluster");
    Files.createDirectories(dir.resolve("pmem"));
    Path file = Files.writeString(folder.resolve("a-file"), "x");
    record Case(String pmem, String message) {}
    for (Case bad : List.of(new Case(folder.resolve("missing").toString(), "does not exist"),
        new Case(file.toString(), "is not a directory"),
        new Case("/proc", "is not writable"),
        new Case(dir.toString(), "is the cluster's data folder"),
        new Case(dir.resolve("pmem").toString(), "is the cluster's data folder"))) {
      // bounded: a refusal that does not happen would start the cluster in the foreground and never return
      CliRun up = Refusal.within(REFUSAL_BOUND, "cluster up --pmem-dir " + bad.pmem(),
          () -> CliRun.of("cluster", "up", "--nodes", "3", "--dir", dir.toString(), "--pmem-dir", bad.pmem()));
      assertThat(up.exit()).as("%s: %s", bad.pmem(), up.err()).isEqualTo(ExitCodes.USAGE);
      assertThat(up.err()).as(bad.pmem()).contains("--pmem-dir: ").contains(bad.message());
      assertThat(Files.exists(dir.resolve("genesis.bin"))).as("nothing written for %s", bad.pmem()).isFalse();
    }
  }

  @Test
  void pmemDirIsForANewClusterOnly() {
    Path dir = folder.resolve("cluster");
    LocalCluster.create(dir, 3, Mode.KRAFT, false);
    CliRun up = Refusal.within(REFUSAL_BOUND, "cluster up --pmem-dir on an existing cluster",
        () -> CliRun.of("cluster", "up", "--dir", dir.toString(), "--pmem-dir", folder.toString()));
    assertThat(up.exit()).as(up.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(up.err()).contains("--pmem-dir is for a new cluster");
  }

  @Test
  void eachNodeGetsItsOwnPmemFolderInItsConfiguration() {
    Path dir = folder.resolve("cluster");
    Path pmem = folder.resolve("pmem");
    LocalCluster cluster = LocalCluster.create(dir, 3, Mode.KRAFT, false);
    assertThat(cluster.pmemDirs()).isEmpty();
    assertThat(cluster.placePmem(pmem)).containsExactly(pmem.resolve("node-1"), pmem.resolve("node-2"),
        pmem.resolve("node-3"));
    for (int id : cluster.ids()) {
      NodeConfig config = NodeConfig.load(cluster.config(id));
      assertThat(config.pmemDir()).isEqualTo(pmem.resolve("node-" + id));
      assertThat(config.dataDir()).isEqualTo(dir.resolve("node-" + id).resolve("data"));
    }
    assertThat(LocalCluster.open(dir).pmemDirs()).hasSize(3);
  }
}
