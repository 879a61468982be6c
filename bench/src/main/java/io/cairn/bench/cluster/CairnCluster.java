package io.cairn.bench.cluster;

import io.cairn.common.CairnException;
import io.cairn.common.ErrorCode;
import io.cairn.kraft.api.Mode;
import io.cairn.node.client.NodeClient;
import io.cairn.node.cluster.ClusterStatus;
import io.cairn.node.cluster.LocalCluster;
import io.cairn.node.http.HttpApi;
import io.cairn.node.http.WriteGuard;
import io.cairn.node.service.ReplicatedLedgerService;
import io.cairn.replication.api.ClusterFiles;
import io.cairn.replication.api.LedgerNode;
import io.cairn.replication.api.NodeConfig;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Cairn cluster for {@code bench cluster}, reached only through its client API (HTTP): either
 * real node processes ({@code cairn cluster}'s {@link LocalCluster}), or every member in this JVM
 * (a {@link LedgerNode} behind its own {@link HttpApi} on a loopback port), which is what the
 * Ratis peer is too.
 *
 * <p>Thread-safety: {@link #leader()} may be used from many threads; the rest from one.
 */
final class CairnCluster implements AutoCloseable {
  private static final Duration READY = Duration.ofSeconds(300);

  private final LocalCluster processes;
  private final List<LedgerNode> nodes;
  private final List<HttpApi> apis;
  private final NodeClient leader;
  /** The leader's member id when the members are node processes, else 0. */
  private final int leaderId;
  /** How long {@link #close} waits for each node process to stop on SIGTERM before it kills it. */
  private Duration stopGrace = Duration.ofSeconds(15);

  private CairnCluster(LocalCluster processes, List<LedgerNode> nodes, List<HttpApi> apis, NodeClient leader,
      int leaderId) {
    this.processes = processes;
    this.nodes = nodes;
    this.apis = apis;
    this.leader = leader;
    this.leaderId = leaderId;
  }

  /** {@code size} node processes in {@code folder}, once they elected a leader. */
  static CairnCluster processes(Path folder, int size, Mode mode) {
    LocalCluster cluster = LocalCluster.create(folder, size, mode, false).stopWithThisProcess();
    try {
      cluster.startAll();
      ClusterStatus status = cluster.awaitReady(READY);
      return new CairnCluster(cluster, List.of(), List.of(), cluster.client(status.leader(), Duration.ofSeconds(60)),
          status.leader());
    } catch (RuntimeException e) {
      cluster.stopAll(Duration.ofSeconds(15));
      throw e;
    }
  }

  /** {@code size} members in this JVM, each with its client API, once they elected a leader. */
  static CairnCluster inProcess(Path folder, int size, Mode mode) throws InterruptedException {
    List<LedgerNode> nodes = new ArrayList<>();
    List<HttpApi> apis = new ArrayList<>();
    try {
      for (Path file : ClusterFiles.create(folder, size, mode)) {
        NodeConfig config = NodeConfig.load(file);
        LedgerNode node = LedgerNode.start(config);
        nodes.add(node);
        apis.add(HttpApi.start(new ReplicatedLedgerService(node, Duration.ofSeconds(60)), config.httpListen(),
            WriteGuard.open(), HttpApi.BODY_BYTES_MAX));
      }
      long deadline = System.nanoTime() + READY.toNanos();
      while (System.nanoTime() < deadline) {
        for (int i = 0; i < nodes.size(); i++) {
          if ("leader".equals(nodes.get(i).status().role())) {
            String url = "http://127.0.0.1:" + apis.get(i).port();
            return new CairnCluster(null, nodes, apis, new NodeClient(url, null, Duration.ofSeconds(60)), 0);
          }
        }
        Thread.sleep(50);
      }
      throw new CairnException(ErrorCode.BUSY, "no leader was elected within " + READY.toSeconds() + " s");
    } catch (RuntimeException | InterruptedException e) {
      new CairnCluster(null, nodes, apis, null, 0).close();
      throw e;
    }
  }

  /** The leader's client API. */
  NodeClient leader() {
    return leader;
  }

  /**
   * Gives the node processes {@code grace} to stop on {@link #close} (an AOT training run's
   * processes write their configuration as they exit, which takes longer than a plain stop).
   */
  CairnCluster stopGrace(Duration grace) {
    stopGrace = grace;
    return this;
  }

  /** The leader's pid when the members are node processes (0 if it is gone), else 0. */
  long leaderPid() {
    return processes == null ? 0 : processes.pidFile(leaderId).live().map(ProcessHandle::pid).orElse(0L);
  }

  /** The leader's {@code GET /status}. */
  JsonObject leaderStatus() {
    return leader.status();
  }

  /**
   * CPU time used so far by the cluster and its clients: this JVM (the clients, and the members
   * when they run here) plus every node process.
   */
  long cpuNanos() {
    return cpu().total();
  }

  /**
   * CPU time used so far, by part: this JVM, the leader's process and each follower's process (both
   * zero when the members run in this JVM). The leader is the one elected at start; a bench run
   * that changes leaders spreads the leader's work over two processes.
   */
  Cpu cpu() {
    long client = LoadRun.jvmCpuNanos();
    long leaderNanos = 0;
    List<Long> followers = new ArrayList<>();
    if (processes != null) {
      for (int id : processes.ids()) {
        long nanos = processes.pidFile(id).live().flatMap(process -> process.info().totalCpuDuration())
            .map(Duration::toNanos).orElse(0L);
        if (id == leaderId) {
          leaderNanos = nanos;
        } else {
          followers.add(nanos);
        }
      }
    }
    return new Cpu(client, leaderNanos, followers.stream().mapToLong(Long::longValue).toArray());
  }

  /**
   * CPU nanoseconds by thread group ({@link NodeThreads}) of the leader's process and, summed, of the
   * followers' processes; empty maps when the members run in this JVM or {@code /proc} is missing.
   */
  Threads threads() {
    java.util.Map<String, Long> leaderThreads = new java.util.LinkedHashMap<>();
    java.util.Map<String, Long> followerThreads = new java.util.LinkedHashMap<>();
    if (processes != null) {
      for (int id : processes.ids()) {
        java.util.Map<String, Long> one = processes.pidFile(id).live().map(process -> NodeThreads.of(process.pid()))
            .orElseGet(java.util.LinkedHashMap::new);
        one.forEach((group, nanos) -> (id == leaderId ? leaderThreads : followerThreads).merge(group, nanos, Long::sum));
      }
    }
    return new Threads(leaderThreads, followerThreads);
  }

  /** CPU nanoseconds by thread group ({@link #threads}); {@link #minus} gives what a run used. */
  record Threads(java.util.Map<String, Long> leader, java.util.Map<String, Long> followers) {
    Threads minus(Threads before) {
      return new Threads(NodeThreads.minus(leader, before.leader), NodeThreads.minus(followers, before.followers));
    }
  }

  /** The engine counters each database reports in {@code GET /metrics}, summed by {@link #databaseBytes}. */
  static final java.util.List<String> DATABASE_COUNTERS =
      java.util.List.of("user_bytes_written", "flush_bytes_written", "compaction_bytes_read", "compaction_bytes_written");

  /**
   * Each database's byte counters since open ({@link #DATABASE_COUNTERS}, from {@code GET /metrics}),
   * of the leader's process and summed over the followers', by database name ({@code log}, {@code
   * ledger}, {@code records}); empty maps when the members run in this JVM or a node did not answer.
   */
  DatabaseBytes databaseBytes() {
    java.util.Map<String, long[]> leaderBytes = new java.util.TreeMap<>();
    java.util.Map<String, long[]> followerBytes = new java.util.TreeMap<>();
    if (processes != null) {
      for (int id : processes.ids()) {
        java.util.Map<String, long[]> one;
        try {
          one = countersOf(processes.client(id, Duration.ofSeconds(10)).getJson("/metrics"));
        } catch (RuntimeException e) {
          continue; // not answering, or a node without these counters: left out of the sums
        }
        one.forEach((name, counters) -> {
          long[] sums = (id == leaderId ? leaderBytes : followerBytes)
              .computeIfAbsent(name, unused -> new long[DATABASE_COUNTERS.size()]);
          for (int i = 0; i < sums.length; i++) {
            sums[i] += counters[i];
          }
        });
      }
    }
    return new DatabaseBytes(leaderBytes, followerBytes);
  }

  /** The {@link #DATABASE_COUNTERS} of each database in a {@code GET /metrics} answer, by name. */
  static java.util.Map<String, long[]> countersOf(JsonObject metrics) {
    java.util.Map<String, long[]> byName = new java.util.TreeMap<>();
    for (jakarta.json.JsonValue value : metrics.getJsonArray("databases")) {
      JsonObject database = value.asJsonObject();
      long[] counters = new long[DATABASE_COUNTERS.size()];
      for (int i = 0; i < counters.length; i++) {
        counters[i] = database.getJsonNumber(DATABASE_COUNTERS.get(i)).longValue();
      }
      byName.put(database.getString("name"), counters);
    }
    return byName;
  }

  /** Byte counters by database ({@link #databaseBytes}); {@link #minus} gives what a run wrote. */
  record DatabaseBytes(java.util.Map<String, long[]> leader, java.util.Map<String, long[]> followers) {
    DatabaseBytes minus(DatabaseBytes before) {
      return new DatabaseBytes(minus(leader, before.leader), minus(followers, before.followers));
    }

    private static java.util.Map<String, long[]> minus(java.util.Map<String, long[]> after,
        java.util.Map<String, long[]> before) {
      java.util.Map<String, long[]> used = new java.util.TreeMap<>();
      after.forEach((name, sums) -> {
        long[] earlier = before.getOrDefault(name, new long[sums.length]);
        long[] difference = new long[sums.length];
        for (int i = 0; i < sums.length; i++) {
          difference[i] = sums[i] - earlier[i];
        }
        used.put(name, difference);
      });
      return used;
    }
  }

  /** CPU nanoseconds by part ({@link #cpu}); {@link #minus} gives what a run used. */
  record Cpu(long client, long leader, long[] followers) {
    long total() {
      return client + leader + Arrays.stream(followers).sum();
    }

    /** The mean of the followers' nanoseconds (0 without followers). */
    double followerMean() {
      return followers.length == 0 ? 0 : (double) Arrays.stream(followers).sum() / followers.length;
    }

    Cpu minus(Cpu before) {
      long[] used = followers.clone();
      for (int i = 0; i < used.length && i < before.followers.length; i++) {
        used[i] -= before.followers[i];
      }
      return new Cpu(client - before.client, leader - before.leader, used);
    }
  }

  @Override
  public void close() {
    if (processes != null) {
      processes.stopAll(stopGrace);
    }
    for (HttpApi api : apis) {
      api.close();
    }
    for (LedgerNode node : nodes) {
      node.close();
    }
  }
}
