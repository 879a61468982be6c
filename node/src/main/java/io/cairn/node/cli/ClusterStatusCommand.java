package io.cairn.node.cli;

import io.cairn.node.api.ExitCodes;
import io.cairn.node.api.JsonOption;
import io.cairn.node.cluster.ClusterStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cairn cluster status}: every node's role, term and commit index, and the leader. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Ask every node of the cluster for its role, term and commit index.",
    footer = {"", "--json writes {\"leader\": id, \"nodes\": [{\"id\", \"number\", \"url\", \"role\", \"term\", \"commit_index\","
        + " \"alive\"}]} (leader null when none; role, term, commit_index null for a node that did not answer)."})
final class ClusterStatusCommand implements Callable<Integer> {
  @Mixin ClusterCommand.Dir dir;

  @Mixin JsonOption json;

  @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "2000",
      description = "How long to wait for each node (default ${DEFAULT-VALUE}).")
  long timeoutMillis;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ClusterStatus status = dir.open().status(Duration.ofMillis(timeoutMillis));
    PrintWriter out = spec.commandLine().getOut();
    out.printf("%-4s %-28s %-10s %8s %14s  %s%n", "id", "url", "role", "term", "commit_index", "alive");
    for (ClusterStatus.NodeView node : status.nodes()) {
      out.printf("%-4d %-28s %-10s %8s %14s  %s%n", node.id(), node.url(), node.alive() ? node.role() : "-",
          node.alive() ? node.term() : "-", node.alive() ? node.commitIndex() : "-", node.alive() ? "yes" : "no");
    }
    out.println("leader: " + (status.leader() == null ? "none" : "node " + status.leader()));
    json.write(status.toJson());
    return ExitCodes.OK;
  }
}
