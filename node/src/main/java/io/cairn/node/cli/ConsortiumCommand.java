package io.cairn.node.cli;

import io.cairn.chain.api.Identity;
import io.cairn.chain.api.KeyFiles;
import io.cairn.common.CairnIoException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.consortium.ConsortiumSettings;
import io.cairn.node.api.ExitCodes;
import io.cairn.node.client.NodeClient;
import io.cairn.node.consortium.ConsortiumFiles;
import io.cairn.node.consortium.HqProcess;
import io.cairn.node.http.ConsortiumApi;
import io.cairn.node.process.PidFile;
import java.io.PrintWriter;
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

/**
 * {@code cairn consortium}: the consortium chain of seed 004 as processes ({@code docs/consortium.md}):
 * {@code hq} runs one HQ node (what {@code cluster up --consortium} starts), the others are the
 * clients of the regulator, the enterprises and the evaluators ({@link ConsortiumClientCommands}).
 */
@Command(name = "consortium", mixinStandardHelpOptions = true,
    description = "The consortium chain: HQ node processes, admission, encrypted uploads, verified queries.",
    subcommands = {ConsortiumCommand.Hq.class, ConsortiumCommand.Keygen.class, ConsortiumClientCommands.Admit.class,
        ConsortiumClientCommands.Revoke.class, ConsortiumClientCommands.Upload.class,
        ConsortiumClientCommands.History.class, ConsortiumClientCommands.Uploads.class,
        ConsortiumClientCommands.Blocks.class},
    commandListHeading = "%nCommands:%n")
final class ConsortiumCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  /** The options every client command shares: the cluster folder (the trust anchor) and the HQ node to ask. */
  static final class Target {
    @Option(names = "--dir", paramLabel = "DIR", defaultValue = ClusterCommand.DEFAULT_DIR,
        description = "The consortium's cluster folder: its consortium.properties names the HQ nodes' keys that"
            + " answers are checked against (default ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--hq", paramLabel = "K", defaultValue = "0",
        description = "Ask HQ node K (0..n-1) at the URL the folder lists (default ${DEFAULT-VALUE}).")
    int hq;

    @Option(names = "--node", paramLabel = "URL", description = "Ask the HQ node at this client API URL instead.")
    String url;

    @Option(names = "--timeout-s", paramLabel = "S", defaultValue = "30",
        description = "Seconds to wait for each answer (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    ConsortiumSettings settings() {
      return ConsortiumFiles.settings(dir);
    }

    NodeClient client() {
      String base = url;
      if (base == null) {
        if (hq < 0 || hq >= settings().n()) {
          throw new InvalidArgumentException("--hq must be 0.." + (settings().n() - 1) + ", was " + hq);
        }
        base = ConsortiumFiles.url(dir, hq);
      }
      return new NodeClient(base, null, Duration.ofSeconds(timeoutSeconds));
    }
  }

  @Command(name = "hq", mixinStandardHelpOptions = true,
      description = {"Run one HQ node of a consortium cluster folder in the foreground (cluster up --consortium"
          + " starts these).", "Prints 'hq K URL' once its client API listens; stops on SIGTERM."})
  static final class Hq implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(Hq.class);

    @Option(names = "--config", paramLabel = "FILE", required = true,
        description = "The member's node.properties in the consortium's cluster folder.")
    Path config;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
      PidFile pid = new PidFile(config.toAbsolutePath().getParent().resolve("node.pid"));
      long self = ProcessHandle.current().pid();
      pid.live().filter(process -> process.pid() != self).ifPresent(process -> {
        throw new InvalidArgumentException("an HQ node already runs with pid file " + pid.path() + " (pid "
            + process.pid() + ")");
      });
      HqProcess hq = HqProcess.start(config);
      ConsortiumApi api;
      try {
        api = ConsortiumApi.start(hq, hq.config().httpListen());
      } catch (RuntimeException e) {
        hq.close();
        throw new CairnIoException("the client API cannot listen on " + hq.config().httpListen() + ": "
            + e.getMessage(), e);
      }
      pid.write(self);
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          api.close();
          hq.close();
        } finally {
          pid.deleteIfOwnedBy(self);
          stopped.countDown();
        }
      }, "hq-shutdown"));
      String url = "http://" + hq.config().httpListen().getHostString() + ":" + api.port();
      LOG.info("hq {} of {} serves the consortium API at {}, height {}", hq.node().number(), hq.node().settings().n(),
          url, hq.node().ledger().height());
      PrintWriter out = spec.commandLine().getOut();
      out.println("hq " + hq.node().number() + " " + url);
      out.flush();
      stopped.await();
      return ExitCodes.OK;
    }
  }

  @Command(name = "keygen", mixinStandardHelpOptions = true,
      description = "Write a new enterprise identity (Ed25519) to a key file (0600) and print its public key.")
  static final class Keygen implements Callable<Integer> {
    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The key file to write (must not exist).")
    Path out;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      if (Files.exists(out)) {
        throw new InvalidArgumentException(out + " exists; choose another --out");
      }
      Identity identity = Identity.generate();
      KeyFiles.write(identity, out);
      spec.commandLine().getOut().println(identity.key().hex());
      return ExitCodes.OK;
    }
  }
}
