package io.cairn.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.kraft.api.Mode;
import io.cairn.node.api.ExitCodes;
import io.cairn.node.cli.CliRun;
import io.cairn.node.process.PidFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes bound to a process ({@link LocalCluster#stopWith}, {@code node start --exit-with}) stop
 * cleanly when it ends, however it ends: a benchmark or test JVM killed with SIGKILL leaves no node
 * behind. The owner here is a {@code sleep} process, killed with SIGKILL.
 */
class OwnerBindingTest {
  @TempDir Path directory;

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void aBoundNodeStopsCleanlyWhenItsOwnerIsKilled() throws Exception {
    System.setProperty("cairn.node.javaOpts", ClusterHarness.NODE_JAVA_OPTS);
    Process owner = new ProcessBuilder("sleep", "600").start();
    List<ProcessHandle> started = new ArrayList<>();
    try {
      LocalCluster cluster = LocalCluster.create(directory.resolve("cluster"), 1, Mode.KRAFT, false)
          .stopWith(owner.toHandle());
      assertThat(Files.readString(cluster.dir().resolve(LocalCluster.OWNER_FILE)).strip())
          .isEqualTo(Long.toString(owner.pid()));
      int id = cluster.ids().getFirst();
      ProcessHandle node = cluster.start(id).toHandle();
      started.add(node);
      cluster.awaitReady(Duration.ofSeconds(240));

      owner.destroyForcibly().waitFor();
      // A non-child's end is polled every few seconds at most; the bound is generous for a loaded machine.
      node.onExit().get(120, TimeUnit.SECONDS);
      assertThat(node.isAlive()).isFalse();
      // A clean stop (the shutdown hook ran) removes the node's pid file; a kill would leave it.
      assertThat(cluster.pidFile(id).read()).isEmpty();
      assertThat(Files.readString(cluster.dir().resolve("node-" + id).resolve("node.log")))
          .contains("has ended; stopping");
    } finally {
      owner.destroyForcibly();
      started.forEach(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void unbindingLetsLaterNodesOutliveTheirStarter() {
    LocalCluster cluster = LocalCluster.create(directory.resolve("cluster"), 1, Mode.KRAFT, false)
        .stopWithThisProcess();
    assertThat(new PidFile(cluster.dir().resolve(LocalCluster.OWNER_FILE)).live())
        .hasValueSatisfying(owner -> assertThat(owner.pid()).isEqualTo(ProcessHandle.current().pid()));
    cluster.unbind();
    assertThat(cluster.dir().resolve(LocalCluster.OWNER_FILE)).doesNotExist();
  }

  @Test
  void aNodeRefusesToStartBoundToAProcessThatIsNotRunning() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    LocalCluster cluster = LocalCluster.create(directory.resolve("cluster"), 1, Mode.KRAFT, false);
    int id = cluster.ids().getFirst();
    CliRun run = CliRun.of("node", "start", "--config", cluster.config(id).toString(), "--exit-with",
        Long.toString(gone.pid()));
    assertThat(run.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err()).contains("--exit-with " + gone.pid() + ": no such process is running");
    assertThat(cluster.pidFile(id).read()).isEmpty();
  }
}
