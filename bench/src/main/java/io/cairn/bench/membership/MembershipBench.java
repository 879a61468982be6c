package io.cairn.bench.membership;

import io.cairn.bench.runner.Directories;
import io.cairn.common.CairnException;
import io.cairn.kraft.api.Mode;
import io.cairn.node.api.ExitCodes;
import io.cairn.node.api.Json;
import io.cairn.node.api.JsonOption;
import io.cairn.node.api.LineCharts;
import io.cairn.node.client.NodeClient;
import io.cairn.node.cluster.ClusterMembership;
import io.cairn.node.cluster.LocalCluster;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code cairn bench membership}: a local cluster of real node processes under a steady anchor
 * load grows one node at a time ({@code cluster add-node}'s code path) and shrinks back ({@code
 * remove-node}'s), while every write's completion second and commit latency are recorded. Reports
 * throughput and p99 commit latency per second, the p99 during changes against the steady p99,
 * the seconds without a commit, and each new node's catch-up (time and ledger bytes per second).
 */
@Command(name = "membership", mixinStandardHelpOptions = true,
    description = {"Throughput and p99 commit latency per second while a cluster grows and shrinks under load."},
    footer = {"", "--json writes {\"from\", \"to\", \"clients\", \"seconds\": [{\"second\", \"committed\", \"p99_ms\"}],"
        + " \"changes\": [{\"kind\", \"number\", \"start_s\", \"end_s\", \"catch_up_s\", \"ledger_bytes\","
        + " \"catch_up_mb_per_s\"}], \"steady_p99_ms\", \"change_p99_ms\", \"p99_ratio\","
        + " \"seconds_without_commits\", \"failed_writes\"}",
        "--chart PREFIX draws PREFIX-throughput.png and PREFIX-p99.png."})
public final class MembershipBench implements Callable<Integer> {
  @Option(names = "--from", defaultValue = "3", description = "Nodes at the start and the end (default ${DEFAULT-VALUE}).")
  int from;

  @Option(names = "--to", defaultValue = "7", description = "Nodes at the largest (default ${DEFAULT-VALUE}).")
  int to;

  @Option(names = "--clients", defaultValue = "8", description = "Concurrent clients (default ${DEFAULT-VALUE}).")
  int clients;

  @Option(names = "--record-bytes", defaultValue = "256", description = "Bytes per record (default ${DEFAULT-VALUE}).")
  int recordBytes;

  @Option(names = "--settle-s", defaultValue = "5",
      description = "Seconds of steady load before, between and after the changes (default ${DEFAULT-VALUE}).")
  int settleSeconds;

  @Option(names = "--chart", paramLabel = "PREFIX", description = "Draw the two PNG charts to PREFIX-*.png.")
  Path chart;

  @Option(names = "--dir", paramLabel = "DIR", description = "Where the cluster goes (default: a temporary folder,"
      + " deleted afterwards).")
  Path directory;

  @Mixin JsonOption json;

  @Spec CommandSpec spec;

  private record Change(String kind, int number, double start, double end, long catchUpMillis, long ledgerBytes) {}

  @Override
  public Integer call() throws Exception {
    if (from < 1 || to <= from || to > 15 || clients < 1 || recordBytes < 1 || settleSeconds < 1) {
      throw new ParameterException(spec.commandLine(), "need 1 <= --from < --to <= 15 and positive --clients,"
          + " --record-bytes, --settle-s");
    }
    PrintWriter out = spec.commandLine().getOut();
    Path root = directory != null ? directory : Files.createTempDirectory("cairn-bench-membership");
    LocalCluster cluster = LocalCluster.create(root.resolve("cluster"), from, Mode.KRAFT, false);
    List<Change> changes = new ArrayList<>();
    PerSecond perSecond;
    try {
      cluster.startAll();
      cluster.awaitReady(Duration.ofSeconds(300));
      perSecond = new PerSecond(System.nanoTime());
      List<Thread> load = startLoad(cluster, perSecond);
      ClusterMembership membership = new ClusterMembership(cluster, Duration.ofSeconds(300));
      try {
        Thread.sleep(settleSeconds * 1000L);
        for (int n = from; n < to; n++) {
          double start = perSecond.now();
          long ledgerBytes = ledgerBytes(cluster);
          ClusterMembership.Added added = membership.addNode();
          changes.add(new Change("add", added.number(), start, perSecond.now(), added.catchUpMillis(), ledgerBytes));
          out.printf("%6.1f s  added node %d (catch-up %d ms)%n", perSecond.now(), added.number(), added.catchUpMillis());
          out.flush();
          Thread.sleep(settleSeconds * 1000L);
        }
        for (int n = to; n > from; n--) {
          double start = perSecond.now();
          membership.removeNode(n);
          changes.add(new Change("remove", n, start, perSecond.now(), 0, 0));
          out.printf("%6.1f s  removed node %d%n", perSecond.now(), n);
          out.flush();
          Thread.sleep(settleSeconds * 1000L);
        }
      } finally {
        load.forEach(Thread::interrupt);
        for (Thread thread : load) {
          thread.join(30_000);
        }
      }
    } finally {
      cluster.stopAll(Duration.ofSeconds(15));
      if (directory == null) {
        Directories.deleteTree(root);
      }
    }
    return report(out, perSecond, changes);
  }

  private List<Thread> startLoad(LocalCluster cluster, PerSecond perSecond) {
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      // Clients write through the founding nodes, which stay for the whole run.
      NodeClient node = cluster.client(1 + c % from, Duration.ofSeconds(30));
      Random random = new Random(c * 7919L + 17);
      threads.add(Thread.ofVirtual().start(() -> {
        byte[] raw = new byte[recordBytes];
        while (!Thread.currentThread().isInterrupted()) {
          random.nextBytes(raw);
          long start = System.nanoTime();
          try {
            node.anchor(raw);
            perSecond.record(System.nanoTime() - start);
          } catch (CairnException failed) {
            if (!Thread.currentThread().isInterrupted()) {
              perSecond.failed();
            }
          }
        }
      }));
    }
    return threads;
  }

  /** Bytes of the first node's ledger database on disk: what a new node has to catch up. */
  private static long ledgerBytes(LocalCluster cluster) throws IOException {
    Path ledger = cluster.config(1).resolveSibling("data").resolve("ledger");
    try (Stream<Path> files = Files.walk(ledger)) {
      return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
    }
  }

  private int report(PrintWriter out, PerSecond perSecond, List<Change> changes) {
    int last = perSecond.size() - 1;
    java.util.function.IntPredicate during = s -> changes.stream().anyMatch(c -> s + 1 > c.start() && s < c.end());
    double steady = perSecond.p99Millis(s -> s > 0 && s < last && !during.test(s));
    double changing = perSecond.p99Millis(s -> s > 0 && s < last && during.test(s));
    int silent = 0;
    for (int s = 1; s < last; s++) {
      silent += perSecond.committed(s) == 0 ? 1 : 0;
    }
    Json.Arr changeList = Json.array();
    for (Change c : changes) {
      double catchUpSeconds = c.catchUpMillis() / 1000.0;
      changeList.add(Json.object().put("kind", c.kind()).put("number", c.number())
          .put("start_s", Json.round(c.start(), 2)).put("end_s", Json.round(c.end(), 2))
          .put("catch_up_s", c.kind().equals("add") ? Json.round(catchUpSeconds, 2) : null)
          .put("ledger_bytes", c.kind().equals("add") ? c.ledgerBytes() : null)
          .put("catch_up_mb_per_s", c.kind().equals("add") && catchUpSeconds > 0
              ? Json.round(c.ledgerBytes() / 1e6 / catchUpSeconds, 2) : null));
    }
    out.printf("steady p99 %.1f ms, p99 during changes %.1f ms (ratio %.2f), %d seconds without commits,"
        + " %d failed writes%n", steady, changing, steady == 0 ? 0 : changing / steady, silent, perSecond.failures());
    json.write(Json.object().put("from", from).put("to", to).put("clients", clients).put("seconds", perSecond.toJson())
        .put("changes", changeList).put("steady_p99_ms", Json.round(steady, 3)).put("change_p99_ms", Json.round(changing, 3))
        .put("p99_ratio", steady == 0 ? null : Json.round(changing / steady, 3)).put("seconds_without_commits", silent)
        .put("failed_writes", perSecond.failures()));
    if (chart != null) {
      drawCharts(out, perSecond, changes);
    }
    return ExitCodes.OK;
  }

  private void drawCharts(PrintWriter out, PerSecond perSecond, List<Change> changes) {
    LineCharts charts = LineCharts.find().orElseThrow();
    int n = perSecond.size();
    double[] x = new double[n];
    double[] committed = new double[n];
    double[] p99 = new double[n];
    for (int s = 0; s < n; s++) {
      x[s] = s;
      committed[s] = perSecond.committed(s);
      p99[s] = perSecond.p99Millis(s);
    }
    String what = from + " to " + to + " to " + from + " nodes, " + clients + " clients; changes at "
        + changes.stream().map(c -> (c.kind().equals("add") ? "+" : "-") + c.number() + "@" + Math.round(c.start()) + "s")
            .toList();
    Path throughput = chart.resolveSibling(chart.getFileName() + "-throughput.png");
    Path latency = chart.resolveSibling(chart.getFileName() + "-p99.png");
    charts.write(new LineCharts.Chart("Commits per second (" + what + ")", "second", "anchors committed", false, false,
        List.of(new LineCharts.Series("committed/s", x, committed))), throughput);
    charts.write(new LineCharts.Chart("p99 commit latency per second (" + what + ")", "second", "p99 ms", false, false,
        List.of(new LineCharts.Series("p99 ms", x, p99))), latency);
    out.println("charts: " + throughput + ", " + latency);
  }
}
