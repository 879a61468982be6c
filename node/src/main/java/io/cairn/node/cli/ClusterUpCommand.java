package io.cairn.node.cli;

import io.cairn.bft.api.Protocol;
import io.cairn.common.CairnException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.kraft.api.Mode;
import io.cairn.node.api.ExitCodes;
import io.cairn.node.api.OptionChecks;
import io.cairn.node.cluster.AotTrainer;
import io.cairn.node.cluster.ClusterStatus;
import io.cairn.node.cluster.LocalCluster;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code cairn cluster up}: writes a new cluster's files (keys, genesis, configurations) or reuses
 * the folder's, starts every node process and waits for an elected leader.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = {"Start a local cluster of N node processes on loopback ports.",
        "A new folder gets fresh keys, a genesis and one config per node; a folder that already holds a"
            + " cluster is started again as it is."},
    footer = {"", "Prints one line per node once every node is up and a leader is elected:",
        "  node <id> <client API base URL>",
        "Without --detach it stays in the foreground and stops every node on Ctrl-C;"
            + " with it, stop them with 'cairn cluster down'."})
final class ClusterUpCommand implements Callable<Integer> {
  @Mixin ClusterCommand.Dir dir;

  @Option(names = "--nodes", paramLabel = "N",
      description = "Number of nodes, 1..64 (default for a new cluster: 3, or 4 with --consensus).")
  Integer nodes;

  @Option(names = "--mode", paramLabel = "MODE", defaultValue = "kraft",
      description = "Consensus: kraft (Kademlia-Raft, default) or raft.")
  String mode;

  @Option(names = "--consensus", paramLabel = "PROTOCOL",
      description = "Byzantine-tolerant consensus instead of --mode: pbft or sbft (at least 4 nodes; docs/bft.md).")
  String consensus;

  @Option(names = "--detach", description = "Return once the cluster is ready, leaving the nodes running.")
  boolean detach;

  @Option(names = "--token", description = "Make an API token (DIR/api.token): writes must carry it.")
  boolean token;

  @Option(names = "--dag", description = "Every node also runs the DAG chain (node start --dag); kept for later starts.")
  boolean dag;

  @Option(names = "--consortium", description = "Start the consortium chain of seed 004 instead of a ledger: --hq HQ"
      + " node processes, the folder's regulator admits enterprises (docs/consortium.md).")
  boolean consortium;

  @Option(names = "--hq", paramLabel = "N", defaultValue = "4",
      description = "With --consortium: HQ nodes, 4..64 (default ${DEFAULT-VALUE}).")
  int hqs;

  @Option(names = "--period-s", paramLabel = "S", defaultValue = "2",
      description = "With --consortium: the batching period T in seconds, may be fractional (default ${DEFAULT-VALUE};"
          + " ten minutes in the paper).")
  double periodSeconds;

  @Option(names = "--bookkeeping", paramLabel = "RULE", defaultValue = "round-robin",
      description = "With --consortium: who proposes a period's block: round-robin (default) or pow (the paper's"
          + " proof of work among HQ nodes: burns CPU for nothing a permissioned chain needs).")
  String bookkeeping;

  @Option(names = "--difficulty", paramLabel = "BITS", defaultValue = "12",
      description = "With --consortium --bookkeeping pow: leading zero bits of a block hash, 0..32 (default"
          + " ${DEFAULT-VALUE}).")
  int difficulty;

  @Option(names = "--pmem-dir", paramLabel = "DIR",
      description = "Put each node's pmem L0 and WAL in DIR/node-<id> (pmem.dir in its config; kept for 'cluster"
          + " start'): a DAX mount for real pmem, a folder under /dev/shm for emulated pmem (RAM: gone at reboot)."
          + " DIR must exist, be writable and lie outside the cluster's folder. Only for a new cluster. 'cluster"
          + " down' stops the nodes and keeps these folders (they hold the nodes' newest log entries and records);"
          + " remove them with the cluster's folder. Default: no pmem, every database on disk.")
  java.nio.file.Path pmemDir;

  @Option(names = "--timeout-s", paramLabel = "S", defaultValue = "90",
      description = "Seconds to wait for every node and a leader (default ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    if (nodes != null) {
      OptionChecks.requireRange(spec, "--nodes", nodes, 1, 64);
    }
    Mode crashMode = parseMode();
    Protocol byzantine = parseConsensus();
    if (byzantine != null && nodes != null && nodes < 4) {
      throw new ParameterException(spec.commandLine(), "--consensus " + consensus + " needs at least 4 nodes (3f+1)");
    }
    int count = nodes == null ? (byzantine == null ? 3 : 4) : nodes;
    boolean fresh = !Files.exists(dir.dir.resolve("genesis.bin"));
    if (pmemDir != null) {
      if (!fresh) {
        throw new ParameterException(spec.commandLine(), "--pmem-dir is for a new cluster; " + dir.dir
            + " holds one, whose nodes keep the pmem.dir of their configs");
      }
      if (consortium) {
        throw new ParameterException(spec.commandLine(), "--pmem-dir is for ledger clusters, not --consortium");
      }
      try {
        LocalCluster.checkPmemRoot(pmemDir, dir.dir);
      } catch (InvalidArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--pmem-dir: " + e.getMessage());
      }
    }
    LocalCluster cluster = !fresh ? existing()
        : consortium ? newConsortium() : LocalCluster.create(dir.dir, count, crashMode, byzantine, token);
    if (pmemDir != null) {
      cluster.placePmem(pmemDir);
    }
    if (dag) {
      cluster.enableDag();
    }
    if (detach) {
      cluster.unbind();
    } else {
      cluster.stopWithThisProcess();
    }
    ClusterStatus status;
    try {
      AotTrainer.ensure(new PrintWriter(spec.commandLine().getErr(), true), cluster.ids().size());
      cluster.startAll();
      status = cluster.awaitReady(Duration.ofSeconds(timeoutSeconds));
    } catch (CairnException e) {
      cluster.stopAll(Duration.ofSeconds(10));
      throw e;
    }
    PrintWriter out = spec.commandLine().getOut();
    for (ClusterStatus.NodeView node : status.nodes()) {
      out.println("node " + node.id() + " " + node.url());
    }
    out.flush();
    if (detach) {
      return ExitCodes.OK;
    }
    spec.commandLine().getErr().println("cluster in " + cluster.dir() + ", leader node " + status.leader()
        + "; Ctrl-C stops every node");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      cluster.stopAll(Duration.ofSeconds(15));
      stopped.countDown();
    }, "cluster-down"));
    stopped.await();
    return ExitCodes.OK;
  }

  private LocalCluster newConsortium() {
    OptionChecks.requireRange(spec, "--hq", hqs, 4, 64);
    OptionChecks.requireRange(spec, "--difficulty", difficulty, 0, 32);
    if (!(periodSeconds >= 0.05 && periodSeconds <= 86_400)) {
      throw new ParameterException(spec.commandLine(), "--period-s must be 0.05..86400, was " + periodSeconds);
    }
    if (nodes != null || consensus != null || token || dag) {
      throw new ParameterException(spec.commandLine(), "--consortium takes --hq, --period-s, --bookkeeping and"
          + " --difficulty, not --nodes, --consensus, --token or --dag");
    }
    io.cairn.consortium.Bookkeeping rule;
    try {
      rule = io.cairn.node.consortium.ConsortiumFiles.bookkeeping(bookkeeping);
    } catch (InvalidArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--bookkeeping must be round-robin or pow, was '" + bookkeeping
          + "'");
    }
    return LocalCluster.createConsortium(dir.dir, hqs, Math.round(periodSeconds * 1000), rule, difficulty);
  }

  private LocalCluster existing() {
    LocalCluster cluster = LocalCluster.open(dir.dir);
    int count = cluster.ids().size();
    if (nodes != null && nodes != count) {
      throw new InvalidArgumentException(cluster.dir() + " holds a cluster of " + count + " nodes, not " + nodes
          + "; use another --dir for a new cluster");
    }
    return cluster;
  }

  private Protocol parseConsensus() {
    if (consensus == null) {
      return null;
    }
    return switch (consensus) {
      case "pbft" -> Protocol.PBFT;
      case "sbft" -> Protocol.SBFT;
      default -> throw new ParameterException(spec.commandLine(), "--consensus must be pbft or sbft, was '" + consensus
          + "'");
    };
  }

  private Mode parseMode() {
    try {
      return Mode.valueOf(mode.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--mode must be kraft or raft, was '" + mode + "'");
    }
  }
}
