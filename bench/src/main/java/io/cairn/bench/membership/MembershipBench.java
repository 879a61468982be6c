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
import io.cairn.replication.api.SnapshotTimeline;
import jakarta.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
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
        + " \"catch_up_mb_per_s\", \"snapshot_bytes\", \"snapshot_s\", \"snapshot_mb_per_s\", \"timeline\":"
        + " {\"steps_ms\", \"phases_ms\"}}],"
        + " \"steady_p99_ms\", \"change_p99_ms\", \"p99_ratio\", \"seconds_without_commits\", \"failed_writes\","
        + " \"preload_mb\", \"preload_s\", \"snapshot_mb_per_s\"}",
        "snapshot_*: the ledger snapshot the new node received (size, first chunk to installed, rate; null when it"
        + " caught up from the log); the top-level snapshot_mb_per_s is the slowest of them.",
        "timeline: the leader's and the new node's steps in ms after the addition's submission, and the phases"
        + " join, wire, check, store, install, log_tail (docs/bench.md, \"bench membership\").",
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

  @Option(names = "--preload-mb", paramLabel = "N", defaultValue = "0",
      description = "First fill the ledger with N MB (batched anchors), then restart the cluster so that it snapshots"
          + " it: added nodes catch up by snapshot (default ${DEFAULT-VALUE}: no preload).")
  int preloadMegabytes;

  @Option(names = "--chart", paramLabel = "PREFIX", description = "Draw the two PNG charts to PREFIX-*.png.")
  Path chart;

  @Option(names = "--dir", paramLabel = "DIR", description = "Where the cluster goes (default: a temporary folder,"
      + " deleted afterwards).")
  Path directory;

  @Mixin JsonOption json;

  @Spec CommandSpec spec;

  private record Change(String kind, int number, double start, double end, long catchUpMillis, long ledgerBytes,
      long snapshotBytes, long snapshotMillis, CatchUpTimeline timeline) {}

  @Override
  public Integer call() throws Exception {
    if (from < 1 || to <= from || to > 15 || clients < 1 || recordBytes < 1 || settleSeconds < 1
        || preloadMegabytes < 0) {
      throw new ParameterException(spec.commandLine(), "need 1 <= --from < --to <= 15, positive --clients,"
          + " --record-bytes, --settle-s and a non-negative --preload-mb");
    }
    PrintWriter out = spec.commandLine().getOut();
    Path root = directory != null ? directory : Files.createTempDirectory("cairn-bench-membership");
    LocalCluster cluster = LocalCluster.create(root.resolve("cluster"), from, Mode.KRAFT, false).stopWithThisProcess();
    List<Change> changes = new ArrayList<>();
    PerSecond perSecond;
    Preload.Done preload = null;
    try {
      cluster.startAll();
      cluster.awaitReady(Duration.ofSeconds(300));
      if (preloadMegabytes > 0) {
        preload = Preload.run(cluster, from, preloadMegabytes, recordBytes, out);
      }
      perSecond = new PerSecond(System.nanoTime());
      List<Thread> load = startLoad(cluster, perSecond);
      ClusterMembership membership = new ClusterMembership(cluster, Duration.ofSeconds(300));
      try {
        Thread.sleep(settleSeconds * 1000L);
        for (int n = from; n < to; n++) {
          double start = perSecond.now();
          long ledgerBytes = Preload.ledgerBytes(cluster);
          ClusterMembership.Added added = membership.addNode();
          long promotedMicros = SnapshotTimeline.nowMicros();
          JsonObject status = awaitLedger(cluster.client(added.number(), Duration.ofSeconds(30)));
          long snapshotBytes = status.getJsonNumber("snapshot_bytes_received").longValue();
          long snapshotMillis = status.getJsonNumber("snapshot_receive_ms").longValue();
          CatchUpTimeline timeline = snapshotBytes == 0 ? null : CatchUpTimeline.of(added.number(), status,
              statuses(cluster, n), promotedMicros - added.catchUpMillis() * 1000, promotedMicros);
          changes.add(new Change("add", added.number(), start, perSecond.now(), added.catchUpMillis(), ledgerBytes,
              snapshotBytes, snapshotMillis, timeline));
          out.printf("%6.1f s  added node %d (catch-up %d ms%s)%n", perSecond.now(), added.number(),
              added.catchUpMillis(), snapshotBytes == 0 ? ", from the log" : String.format(
                  ", snapshot of %.1f MB in %d ms: %.1f MB/s; %s", snapshotBytes / 1e6, snapshotMillis,
                  snapshotBytes / 1e3 / snapshotMillis, timeline.line()));
          out.flush();
          Thread.sleep(settleSeconds * 1000L);
        }
        for (int n = to; n > from; n--) {
          double start = perSecond.now();
          membership.removeNode(n);
          changes.add(new Change("remove", n, start, perSecond.now(), 0, 0, 0, 0, null));
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
    return report(out, perSecond, changes, preload);
  }

  /** The statuses of nodes 1 to {@code count} that answer (a node that does not is left out). */
  /**
   * The new node's status once its ledger holds what its log had committed when it was promoted
   * (at most 60 s later): since session 12 a node acknowledges appends while its apply lags, so the
   * promotion may come before its ledger's install of the snapshot ends, and the intake's figures
   * are complete only then.
   */
  private static JsonObject awaitLedger(NodeClient node) throws InterruptedException {
    JsonObject status = node.status();
    long target = status.getJsonNumber("commit_index").longValue();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (status.getJsonNumber("applied_index").longValue() < target && System.nanoTime() < deadline) {
      Thread.sleep(20);
      status = node.status();
    }
    return status;
  }

  private static List<JsonObject> statuses(LocalCluster cluster, int count) {
    List<JsonObject> statuses = new ArrayList<>();
    for (int node = 1; node <= count; node++) {
      try {
        statuses.add(cluster.client(node, Duration.ofSeconds(10)).status());
      } catch (CairnException unanswered) {
        // a node restarting or stopped has no transfer to report
      }
    }
    return statuses;
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

  private int report(PrintWriter out, PerSecond perSecond, List<Change> changes, Preload.Done preload) {
    int last = perSecond.size() - 1;
    java.util.function.IntPredicate during = s -> changes.stream().anyMatch(c -> s + 1 > c.start() && s < c.end());
    double steady = perSecond.p99Millis(s -> s > 0 && s < last && !during.test(s));
    double changing = perSecond.p99Millis(s -> s > 0 && s < last && during.test(s));
    int silent = 0;
    for (int s = 1; s < last; s++) {
      silent += perSecond.committed(s) == 0 ? 1 : 0;
    }
    Json.Arr changeList = Json.array();
    Double slowestSnapshot = null;
    for (Change c : changes) {
      double catchUpSeconds = c.catchUpMillis() / 1000.0;
      Double snapshotRate = c.snapshotBytes() == 0 ? null : c.snapshotBytes() / 1e3 / c.snapshotMillis();
      if (snapshotRate != null) {
        slowestSnapshot = slowestSnapshot == null ? snapshotRate : Math.min(slowestSnapshot, snapshotRate);
      }
      changeList.add(Json.object().put("kind", c.kind()).put("number", c.number())
          .put("start_s", Json.round(c.start(), 2)).put("end_s", Json.round(c.end(), 2))
          .put("catch_up_s", c.kind().equals("add") ? Json.round(catchUpSeconds, 2) : null)
          .put("ledger_bytes", c.kind().equals("add") ? c.ledgerBytes() : null)
          .put("catch_up_mb_per_s", c.kind().equals("add") && catchUpSeconds > 0
              ? Json.round(c.ledgerBytes() / 1e6 / catchUpSeconds, 2) : null)
          .put("snapshot_bytes", snapshotRate == null ? null : c.snapshotBytes())
          .put("snapshot_s", snapshotRate == null ? null : Json.round(c.snapshotMillis() / 1000.0, 3))
          .put("snapshot_mb_per_s", snapshotRate == null ? null : Json.round(snapshotRate, 1))
          .put("timeline", c.timeline() == null ? null : c.timeline().toJson()));
    }
    out.printf("steady p99 %.1f ms, p99 during changes %.1f ms (ratio %.2f), %d seconds without commits,"
        + " %d failed writes%n", steady, changing, steady == 0 ? 0 : changing / steady, silent, perSecond.failures());
    json.write(Json.object().put("from", from).put("to", to).put("clients", clients).put("seconds", perSecond.toJson())
        .put("changes", changeList).put("steady_p99_ms", Json.round(steady, 3)).put("change_p99_ms", Json.round(changing, 3))
        .put("p99_ratio", steady == 0 ? null : Json.round(changing / steady, 3)).put("seconds_without_commits", silent)
        .put("failed_writes", perSecond.failures())
        .put("preload_mb", preload == null ? null : Json.round(preload.ledgerBytes() / 1e6, 1))
        .put("preload_s", preload == null ? null : Json.round(preload.seconds(), 1))
        .put("snapshot_mb_per_s", slowestSnapshot == null ? null : Json.round(slowestSnapshot, 1)));
    if (slowestSnapshot != null) {
      out.printf("snapshot catch-up: slowest %.1f MB/s%n", slowestSnapshot);
    }
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
