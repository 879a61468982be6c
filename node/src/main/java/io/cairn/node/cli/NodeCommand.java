package io.cairn.node.cli;

import io.cairn.chain.api.NodeHome;
import io.cairn.common.CairnIoException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.node.api.ExitCodes;
import io.cairn.node.http.HttpApi;
import io.cairn.node.http.WriteGuard;
import io.cairn.node.process.PidFile;
import io.cairn.node.service.LedgerService;
import io.cairn.node.service.LocalLedgerService;
import io.cairn.node.service.ReplicatedLedgerService;
import io.cairn.replication.api.LedgerNode;
import io.cairn.replication.dag.DagGossip;
import io.cairn.replication.api.NodeConfig;
import io.cairn.replication.api.NodeOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cairn node}: run one ledger node. See {@code docs/node.md}. */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = "Run one ledger node from a config file.",
    subcommands = NodeCommand.Start.class,
    commandListHeading = "%nCommands:%n")
public final class NodeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  /** {@code cairn node start --config F}: the node process, in the foreground until stopped. */
  @Command(name = "start", mixinStandardHelpOptions = true,
      description = {"Run a node in the foreground: its replicated ledger, transport and client API.",
          "Stops cleanly on SIGTERM or Ctrl-C (closes the API, then the ledger; removes the pid file)."},
      footer = {"", "Prints one line once the client API listens: node <id> <client API base URL>.",
          "The config file's format is in docs/replication.md; 'cairn cluster up' writes them."})
  static final class Start implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(NodeCommand.class);
    /** Pivot blocks this deep are confirmed and checkpointed into the ledger (docs/dag.md). */
    static final int DAG_CONFIRM_DEPTH = 3;

    @Option(names = "--config", paramLabel = "FILE", required = true, description = "The node's configuration file.")
    Path config;

    @Option(names = "--pid-file", paramLabel = "FILE",
        description = "Where to write the pid (default: node.pid beside the config file).")
    Path pidFile;

    @Option(names = "--token-file", paramLabel = "FILE",
        description = "File holding the API token that writes (POST) must carry as 'Authorization: Bearer TOKEN'."
            + " Without one, writes are open and the client API must listen on loopback.")
    Path tokenFile;

    @Option(names = "--write-timeout-ms", paramLabel = "MS", defaultValue = "10000",
        description = "How long a write waits for its commit before the API answers 503 (default ${DEFAULT-VALUE}).")
    long writeTimeoutMillis;

    @Option(names = "--dag", description = "Also run the DAG chain: blocks and transactions gossiped with the other"
        + " members started with --dag, confirmed pivot blocks checkpointed into the ledger (docs/dag.md).")
    boolean dag;

    @Option(names = "--single", description = "Run data.dir as a one-member ledger of its own (no replication,"
        + " peers ignored): the single-node ledger of 'cairn anchor --home', served over the client API.")
    boolean single;

    @Option(names = "--snapshot-every-entries", paramLabel = "N", defaultValue = "10000",
        description = "Snapshot the ledger (and compact the log) every N applied log entries (default ${DEFAULT-VALUE}).")
    long snapshotEveryEntries;

    @Option(names = "--entries-kept-after-snapshot", paramLabel = "N", defaultValue = "1000",
        description = "Log entries kept below a snapshot for followers a little behind (default ${DEFAULT-VALUE}).")
    long entriesKeptAfterSnapshot;

    @Option(names = "--exit-with", paramLabel = "PID",
        description = "Stop (as on SIGTERM) when process PID ends, however it ends. 'cluster up' without --detach,"
            + " 'bench cluster' and the tests pass their own pid, so that their nodes never outlive them.")
    Long exitWith;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
      ProcessHandle owner = owner();
      NodeConfig nodeConfig = NodeConfig.load(config);
      Path folder = config.toAbsolutePath().getParent();
      PidFile pid = new PidFile(pidFile != null ? pidFile : folder.resolve("node.pid"));
      long self = ProcessHandle.current().pid();
      pid.live().filter(process -> process.pid() != self).ifPresent(process -> {
        throw new InvalidArgumentException("a node already runs with pid file " + pid.path() + " (pid "
            + process.pid() + ")");
      });
      WriteGuard guard = guard(nodeConfig.httpListen());
      LedgerService service = single
          ? new LocalLedgerService(NodeHome.open(nodeConfig.dataDir()))
          : new ReplicatedLedgerService(LedgerNode.start(nodeConfig,
              NodeOptions.defaults().withSnapshots(snapshotEveryEntries, entriesKeptAfterSnapshot)),
              Duration.ofMillis(writeTimeoutMillis));
      if (dag) {
        if (!(service instanceof ReplicatedLedgerService replicated)) {
          service.close();
          throw new InvalidArgumentException("--dag needs a replicated node (not --single)");
        }
        replicated.node().startDag(DagGossip.Options.defaults(), DAG_CONFIRM_DEPTH);
      }
      HttpApi api;
      try {
        api = HttpApi.start(service, nodeConfig.httpListen(), guard, HttpApi.BODY_BYTES_MAX);
      } catch (RuntimeException e) {
        service.close();
        throw new CairnIoException("the client API cannot listen on " + nodeConfig.httpListen() + ": "
            + e.getMessage(), e);
      }
      pid.write(self);
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        LOG.info("node {} stopping", nodeConfig.nodeId());
        try {
          api.close();
          service.close();
        } finally {
          pid.deleteIfOwnedBy(self);
          stopped.countDown();
        }
        LOG.info("node {} stopped", nodeConfig.nodeId());
      }, "node-shutdown"));
      if (owner != null) {
        owner.onExit().thenRun(() -> Thread.ofPlatform().name("node-owner-gone").start(() -> {
          LOG.warn("node {}: process {} that it was started with has ended; stopping", nodeConfig.nodeId(),
              owner.pid());
          System.exit(ExitCodes.OK);
        }));
      }
      String url = "http://" + nodeConfig.httpListen().getHostString() + ":" + api.port();
      LOG.info("node {} ({}, {} members, mode {}) serves its client API at {}, writes {}", nodeConfig.nodeId(),
          single ? "single" : "replicated", nodeConfig.members().size(), nodeConfig.mode(), url,
          guard.isOpen() ? "open (no token)" : "need the API token");
      PrintWriter out = spec.commandLine().getOut();
      out.println("node " + nodeConfig.nodeId() + " " + url);
      out.flush();
      stopped.await();
      return ExitCodes.OK;
    }

    /** The live process of {@code --exit-with}, or null without it. */
    private ProcessHandle owner() {
      if (exitWith == null) {
        return null;
      }
      return ProcessHandle.of(exitWith).filter(ProcessHandle::isAlive).orElseThrow(() ->
          new InvalidArgumentException("--exit-with " + exitWith + ": no such process is running"));
    }

    private WriteGuard guard(InetSocketAddress listen) {
      if (tokenFile != null) {
        try {
          return WriteGuard.token(Files.readString(tokenFile));
        } catch (IOException e) {
          throw CairnIoException.wrap("read the token file " + tokenFile, e);
        }
      }
      if (!loopback(listen.getHostString())) {
        throw new InvalidArgumentException("http.listen " + listen.getHostString() + " is not a loopback address:"
            + " give --token-file so that writes need a token");
      }
      return WriteGuard.open();
    }

    private static boolean loopback(String host) {
      try {
        return InetAddress.getByName(host).isLoopbackAddress();
      } catch (UnknownHostException e) {
        throw new InvalidArgumentException("http.listen names an unknown host: " + host);
      }
    }
  }
}
