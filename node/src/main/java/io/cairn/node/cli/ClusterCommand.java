package io.cairn.node.cli;

import io.cairn.node.api.ExitCodes;
import io.cairn.node.cluster.LocalCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cairn cluster}: a cluster of node processes on this machine, kept in one folder ({@link
 * LocalCluster}). See {@code docs/node.md}.
 */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description = "Run a local ledger cluster of N node processes on loopback.",
    subcommands = {ClusterUpCommand.class, ClusterStatusCommand.class, ClusterCommand.Down.class,
        ClusterCommand.Kill.class, ClusterCommand.Start.class, ClusterMembershipCommands.AddNode.class,
        ClusterMembershipCommands.RemoveNode.class},
    commandListHeading = "%nCommands:%n")
public final class ClusterCommand implements Callable<Integer> {
  /** The default cluster folder. */
  static final String DEFAULT_DIR = "cairn-cluster";

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  /** The {@code --dir D} option shared by the cluster commands. */
  static final class Dir {
    @Option(names = "--dir", paramLabel = "DIR", defaultValue = DEFAULT_DIR,
        description = "The cluster's folder (default: ${DEFAULT-VALUE}).")
    Path dir;

    LocalCluster open() {
      return LocalCluster.open(dir);
    }
  }

  /** {@code cairn cluster down}: stop every node. */
  @Command(name = "down", mixinStandardHelpOptions = true,
      description = {"Stop every node of the cluster (SIGTERM; SIGKILL after the grace period).",
          "A node's pmem folder (cluster up --pmem-dir) is kept, as its data is: it holds the node's newest"
              + " log entries and records; remove it with the cluster's folder."})
  static final class Down implements Callable<Integer> {
    @Mixin Dir dir;

    @Option(names = "--grace-s", paramLabel = "S", defaultValue = "15",
        description = "Seconds a node has to stop cleanly before it is killed (default ${DEFAULT-VALUE}).")
    int graceSeconds;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      LocalCluster cluster = dir.open();
      int stopped = cluster.stopAll(Duration.ofSeconds(graceSeconds));
      spec.commandLine().getOut().println("stopped " + stopped + " node(s)");
      for (java.nio.file.Path pmem : cluster.pmemDirs()) {
        // The nodes' pmem L0 and WAL are part of their state, like the data directories: kept.
        spec.commandLine().getOut().println("kept pmem " + pmem);
      }
      return ExitCodes.OK;
    }
  }

  /** {@code cairn cluster kill --id N}: SIGKILL one node. */
  @Command(name = "kill", mixinStandardHelpOptions = true, description = "Kill one node with SIGKILL.")
  static final class Kill implements Callable<Integer> {
    @Mixin Dir dir;

    @Option(names = "--id", paramLabel = "N", required = true, description = "The node's id.")
    int id;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      dir.open().kill(id);
      spec.commandLine().getOut().println("killed node " + id);
      return ExitCodes.OK;
    }
  }

  /** {@code cairn cluster start --id N}: start one stopped node again. */
  @Command(name = "start", mixinStandardHelpOptions = true,
      description = "Start one node of the cluster again (after kill or down); returns once its API answers.")
  static final class Start implements Callable<Integer> {
    @Mixin Dir dir;

    @Option(names = "--id", paramLabel = "N", required = true, description = "The node's id.")
    int id;

    @Option(names = "--timeout-s", paramLabel = "S", defaultValue = "60",
        description = "Seconds to wait for its client API (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      LocalCluster cluster = dir.open();
      cluster.start(id);
      cluster.awaitAnswer(id, Duration.ofSeconds(timeoutSeconds));
      spec.commandLine().getOut().println("node " + id + " " + cluster.url(id));
      return ExitCodes.OK;
    }
  }
}
