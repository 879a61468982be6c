package io.cairn.bench.cluster;

import io.cairn.common.CairnException;
import io.cairn.bench.runner.Directories;
import io.cairn.kraft.api.Mode;
import io.cairn.node.api.ExitCodes;
import io.cairn.node.api.Json;
import io.cairn.node.api.JsonOption;
import io.cairn.node.client.NodeClient;
import io.cairn.node.cluster.ClusterStatus;
import io.cairn.node.cluster.LocalCluster;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code cairn bench cluster}: anchored records per second and commit latency through the client
 * API of local clusters of real node processes ({@code cairn cluster}'s {@link LocalCluster}), for
 * each cluster size and consensus mode. Each anchor is one HTTP request to the leader, timed from
 * send to receipt (committed and applied on the leader). See {@code docs/bench.md}.
 *
 * <p>Apache Ratis as the side-by-side peer is not built: only {@code "system": "cairn"} runs are
 * reported. {@code leader_bytes_per_entry} is {@code null}: the node does not count its transport
 * bytes yet.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
    description = "Anchored records/s and commit latency through the client API of local node clusters.",
    footer = {"", "--json writes {\"runs\": [{\"system\", \"mode\", \"nodes\", \"committed_per_s\", \"commit_ms_p50\","
        + " \"commit_ms_p99\", \"leader_bytes_per_entry\"}]} (leader_bytes_per_entry null: not measured yet).",
        "Only Cairn runs; the Apache Ratis peer is not built."})
public final class ClusterBench implements Callable<Integer> {
  @Option(names = "--nodes", split = ",", defaultValue = "3,5", description = "Cluster sizes (default ${DEFAULT-VALUE}).")
  List<Integer> nodes;

  @Option(names = "--mode", split = ",", defaultValue = "raft,kraft", description = "Modes (default ${DEFAULT-VALUE}).")
  List<String> modes;

  @Option(names = "--seconds", defaultValue = "10", description = "Measured seconds per run (default ${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--warmup-seconds", defaultValue = "3", description = "Unmeasured seconds first (default ${DEFAULT-VALUE}).")
  int warmupSeconds;

  @Option(names = "--clients", defaultValue = "32", description = "Concurrent clients (default ${DEFAULT-VALUE}).")
  int clients;

  @Option(names = "--record-bytes", defaultValue = "256", description = "Bytes per record (default ${DEFAULT-VALUE}).")
  int recordBytes;

  @Option(names = "--dir", paramLabel = "DIR", description = "Where the clusters go (default: a temporary folder,"
      + " deleted afterwards).")
  Path directory;

  @Mixin JsonOption json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    List<Mode> parsed = validate();
    PrintWriter out = spec.commandLine().getOut();
    Path root = directory != null ? directory : Files.createTempDirectory("cairn-bench-cluster");
    Json.Arr runs = Json.array();
    out.printf("bench cluster: %d clients, %d-byte records, %d s per run (after %d s warm-up)%n", clients, recordBytes,
        seconds, warmupSeconds);
    out.printf("%-7s %-6s %5s %14s %10s %10s%n", "system", "mode", "nodes", "committed/s", "p50 ms", "p99 ms");
    try {
      for (Mode mode : parsed) {
        for (int size : nodes) {
          Json.Obj run = run(root.resolve(mode.name().toLowerCase(Locale.ROOT) + "-" + size), mode, size);
          runs.add(run);
          out.printf("%-7s %-6s %5d %,14.0f %10.2f %10.2f%n", "cairn", run.get("mode"), size,
              (Double) run.get("committed_per_s"), (Double) run.get("commit_ms_p50"), (Double) run.get("commit_ms_p99"));
          out.flush();
        }
      }
    } finally {
      if (directory == null) {
        Directories.deleteTree(root);
      }
    }
    json.write(Json.object().put("runs", runs));
    return ExitCodes.OK;
  }

  private List<Mode> validate() {
    List<Mode> parsed = new ArrayList<>();
    for (String mode : modes) {
      try {
        parsed.add(Mode.valueOf(mode.strip().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--mode takes raft and kraft, was '" + mode + "'");
      }
    }
    for (int size : nodes) {
      if (size < 1 || size > 9) {
        throw new ParameterException(spec.commandLine(), "--nodes takes sizes in 1..9, was " + size);
      }
    }
    if (seconds < 1 || clients < 1 || recordBytes < 1 || warmupSeconds < 0) {
      throw new ParameterException(spec.commandLine(), "--seconds, --clients and --record-bytes must be positive");
    }
    return parsed;
  }

  private Json.Obj run(Path folder, Mode mode, int size) throws InterruptedException {
    LocalCluster cluster = LocalCluster.create(folder, size, mode, false);
    try {
      cluster.startAll();
      ClusterStatus status = cluster.awaitReady(Duration.ofSeconds(300));
      NodeClient leader = cluster.client(status.leader(), Duration.ofSeconds(30));
      load(leader, warmupSeconds, null);
      Histogram micros = new Histogram(3);
      long committed = load(leader, seconds, micros);
      return Json.object().put("system", "cairn").put("mode", mode.name().toLowerCase(Locale.ROOT)).put("nodes", size)
          .put("committed_per_s", Json.round((double) committed / seconds, 1))
          .put("commit_ms_p50", Json.round(micros.getValueAtPercentile(50) / 1000.0, 3))
          .put("commit_ms_p99", Json.round(micros.getValueAtPercentile(99) / 1000.0, 3))
          .put("leader_bytes_per_entry", null);
    } finally {
      cluster.stopAll(Duration.ofSeconds(15));
    }
  }

  /** {@code clients} threads anchor for {@code seconds}; returns the anchors acknowledged. */
  private long load(NodeClient leader, int seconds, Histogram latencyMicros) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    AtomicLong acknowledged = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    List<Histogram> histograms = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      Histogram histogram = new Histogram(3);
      histograms.add(histogram);
      Random random = new Random(c * 7919L + System.nanoTime());
      threads.add(Thread.ofVirtual().start(() -> {
        byte[] raw = new byte[recordBytes];
        while (System.nanoTime() < end) {
          random.nextBytes(raw);
          long start = System.nanoTime();
          try {
            leader.anchor(raw);
          } catch (CairnException failed) {
            continue;
          }
          histogram.recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
          acknowledged.incrementAndGet();
        }
      }));
    }
    for (Thread thread : threads) {
      thread.join();
    }
    if (latencyMicros != null) {
      histograms.forEach(latencyMicros::add);
    }
    return acknowledged.get();
  }
}
