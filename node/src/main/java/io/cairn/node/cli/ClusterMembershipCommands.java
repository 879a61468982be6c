package io.cairn.node.cli;

import io.cairn.node.api.ExitCodes;
import io.cairn.node.api.OptionChecks;
import io.cairn.node.cluster.ClusterMembership;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code cairn cluster add-node} and {@code cluster remove-node}: change a running local
 * cluster's membership through a regulator-signed node change ({@link ClusterMembership}).
 */
final class ClusterMembershipCommands {
  private ClusterMembershipCommands() {}

  /** {@code cairn cluster add-node}. */
  @Command(name = "add-node", mixinStandardHelpOptions = true,
      description = {"Add a node to the running cluster: write its key and configuration, start it, and submit"
          + " the regulator-signed addition to the leader.",
          "Returns once the addition is committed and applied and the node has caught up and votes."},
      footer = {"", "Prints the new node's line as 'cluster up' does:", "  node <id> <client API base URL>"})
  static final class AddNode implements Callable<Integer> {
    @Mixin ClusterCommand.Dir dir;

    @Option(names = "--timeout-s", paramLabel = "S", defaultValue = "180",
        description = "Seconds to wait for the node to catch up and vote (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      OptionChecks.requireRange(spec, "--timeout-s", timeoutSeconds, 1, 86_400);
      ClusterMembership.Added added = new ClusterMembership(dir.open(), Duration.ofSeconds(timeoutSeconds)).addNode();
      spec.commandLine().getOut().println("node " + added.number() + " " + added.url());
      return ExitCodes.OK;
    }
  }

  /** {@code cairn cluster remove-node --id N}. */
  @Command(name = "remove-node", mixinStandardHelpOptions = true,
      description = {"Remove a node from the running cluster: submit the regulator-signed removal to the leader"
          + " (the node is demoted, then dropped), then stop the node.",
          "Returns once the removal is committed and applied. The node's folder is kept as removed-node-<id>."})
  static final class RemoveNode implements Callable<Integer> {
    @Mixin ClusterCommand.Dir dir;

    @Option(names = "--id", paramLabel = "N", required = true, description = "The node's id (its number).")
    int id;

    @Option(names = "--timeout-s", paramLabel = "S", defaultValue = "120",
        description = "Seconds to wait for the removal (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      OptionChecks.requireRange(spec, "--timeout-s", timeoutSeconds, 1, 86_400);
      new ClusterMembership(dir.open(), Duration.ofSeconds(timeoutSeconds)).removeNode(id);
      spec.commandLine().getOut().println("removed node " + id);
      return ExitCodes.OK;
    }
  }
}
