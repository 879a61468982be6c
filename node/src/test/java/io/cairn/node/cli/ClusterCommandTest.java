package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.node.api.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster and node commands' refusals of bad input, which start no process. */
class ClusterCommandTest {
  @TempDir Path directory;

  @Test
  void badOptionsAreUsageErrors() {
    String dir = directory.resolve("c").toString();
    assertThat(CliRun.of("cluster", "up", "--nodes", "0", "--dir", dir).exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(CliRun.of("cluster", "up", "--nodes", "65", "--dir", dir).exit()).isEqualTo(ExitCodes.USAGE);
    CliRun badMode = CliRun.of("cluster", "up", "--mode", "paxos", "--dir", dir);
    assertThat(badMode.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(badMode.err()).contains("--mode must be kraft or raft");
    CliRun badConsensus = CliRun.of("cluster", "up", "--consensus", "hotstuff", "--dir", dir);
    assertThat(badConsensus.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(badConsensus.err()).contains("--consensus must be pbft or sbft");
    CliRun tooFew = CliRun.of("cluster", "up", "--consensus", "sbft", "--nodes", "3", "--dir", dir);
    assertThat(tooFew.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(tooFew.err()).contains("at least 4 nodes");
    assertThat(CliRun.of("cluster", "kill", "--dir", dir).exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(CliRun.of("node", "start").exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(Files.exists(directory.resolve("c"))).as("nothing was written").isFalse();
  }

  @Test
  void aFolderWithoutAClusterIsRefusedByName() {
    String dir = directory.toString();
    for (String[] args : new String[][] {{"cluster", "status", "--dir", dir}, {"cluster", "down", "--dir", dir},
        {"cluster", "kill", "--dir", dir, "--id", "1"}, {"cluster", "start", "--dir", dir, "--id", "1"}}) {
      CliRun run = CliRun.of(args);
      assertThat(run.exit()).as(String.join(" ", args)).isEqualTo(ExitCodes.FAILED);
      assertThat(run.err()).contains("holds no cluster").doesNotContain("Exception");
    }
  }

  @Test
  void aBadConfigFileIsRefusedWithItsReason() throws Exception {
    Path config = Files.writeString(directory.resolve("node.properties"), "format=cairn-node/1\nnode.id=x\n");
    CliRun run = CliRun.of("node", "start", "--config", config.toString());
    assertThat(run.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err()).startsWith("cairn node start: ").doesNotContain("Exception");
    CliRun missing = CliRun.of("node", "start", "--config", directory.resolve("absent.properties").toString());
    assertThat(missing.exit()).isEqualTo(ExitCodes.FAILED);
  }
}
