package io.cairn.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.common.CairnException;
import io.cairn.kraft.api.Mode;
import io.cairn.node.client.NodeClient;
import io.cairn.node.process.ProcessControl;
import io.cairn.replication.api.NodeConfig;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Test harness of a {@link LocalCluster} of real node processes: optional {@link FaultProxy} on
 * every link (node configs rewritten so that the dialing member reaches its peer through the
 * proxy), and the end-of-test checks. {@link #close} stops every node and then kills by pid
 * whatever is left, so a failing test leaves no process behind.
 */
final class ClusterHarness implements AutoCloseable {
  /** Small heaps: several node JVMs share the test machine. */
  static final String NODE_JAVA_OPTS = "-Xmx256m -XX:+UseSerialGC";

  final LocalCluster cluster;
  private final Map<String, FaultProxy> proxies = new HashMap<>();
  private final List<ProcessHandle> launched = new ArrayList<>();

  private ClusterHarness(LocalCluster cluster) {
    this.cluster = cluster;
  }

  /** Writes an {@code nodes}-node cluster into {@code dir}, with a proxy on each link when asked. */
  static ClusterHarness create(Path dir, int nodes, Mode mode, boolean withProxies) throws IOException {
    System.setProperty("cairn.node.javaOpts", NODE_JAVA_OPTS);
    ClusterHarness harness = new ClusterHarness(LocalCluster.create(dir, nodes, mode, false).stopWithThisProcess());
    if (withProxies) {
      harness.insertProxies();
    }
    return harness;
  }

  /** The cluster that {@code cairn cluster up} made in {@code dir}. */
  static ClusterHarness open(Path dir) {
    return new ClusterHarness(LocalCluster.open(dir));
  }

  private void insertProxies() throws IOException {
    List<Integer> ids = cluster.ids();
    Map<Integer, NodeConfig> configs = new HashMap<>();
    for (int id : ids) {
      configs.put(id, NodeConfig.load(cluster.config(id)));
    }
    for (int a : ids) {
      NodeConfig config = configs.get(a);
      List<NodeConfig.Member> members = new ArrayList<>();
      for (NodeConfig.Member member : config.members()) {
        if (member.id() > a) {
          // The lower id dials: its view of the higher member's address is the proxy.
          FaultProxy proxy = new FaultProxy(configs.get(member.id()).peerListen());
          proxies.put(a + "-" + member.id(), proxy);
          members.add(new NodeConfig.Member(member.id(), InetSocketAddress.createUnresolved("127.0.0.1", proxy.port()),
              member.http(), member.key(), member.admission()));
        } else {
          members.add(member);
        }
      }
      new NodeConfig(config.clusterId(), config.nodeId(), config.nodeKey(), config.peerListen(), config.httpListen(),
          config.dataDir(), config.pmemDir(), config.mode(), config.genesis(), members).store(cluster.config(a));
    }
  }

  /** The proxy of the link between {@code a} and {@code b}. */
  FaultProxy link(int a, int b) {
    return proxies.get(Math.min(a, b) + "-" + Math.max(a, b));
  }

  /** Every proxy touching node {@code id}. */
  List<FaultProxy> linksOf(int id) {
    List<FaultProxy> links = new ArrayList<>();
    for (int other : cluster.ids()) {
      if (other != id) {
        links.add(link(id, other));
      }
    }
    return links;
  }

  void healAll() {
    proxies.values().forEach(FaultProxy::heal);
  }

  /** Starts node {@code id}, remembering its process for {@link #close}. */
  void start(int id) {
    launched.add(cluster.start(id).toHandle());
  }

  void startAll() {
    for (int id : cluster.ids()) {
      start(id);
    }
  }

  NodeClient client(int id) {
    return cluster.client(id, Duration.ofSeconds(5));
  }

  /** Waits until every node answers with the same block count and block hashes; returns the hashes. */
  List<String> awaitIdenticalChains(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<Integer, List<String>> chains = new HashMap<>();
    while (true) {
      chains.clear();
      try {
        for (int id : cluster.ids()) {
          chains.put(id, blockHashes(client(id)));
        }
        if (new HashSet<>(chains.values()).size() == 1) {
          return chains.values().iterator().next();
        }
      } catch (CairnException notYet) {
        // a node still starting or catching up
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("chains differ after " + timeout.toSeconds() + " s: " + summary(chains));
      }
      ProcessControl.sleep(Duration.ofMillis(500));
    }
  }

  private static String summary(Map<Integer, List<String>> chains) {
    StringBuilder out = new StringBuilder();
    chains.forEach((id, hashes) -> out.append("node ").append(id).append(": ").append(hashes.size()).append(" blocks; "));
    return out.toString();
  }

  /** Every block hash of the node's chain, by height. */
  static List<String> blockHashes(NodeClient client) {
    long count = client.blocks().getJsonNumber("count").longValue();
    List<String> hashes = new ArrayList<>();
    for (long height = 0; height < count; height++) {
      hashes.add(client.block(height).orElseThrow().getString("hash"));
    }
    return hashes;
  }

  /** Every record key anchored in the node's chain. */
  static Set<String> anchoredKeys(NodeClient client) {
    long count = client.blocks().getJsonNumber("count").longValue();
    Set<String> keys = new HashSet<>();
    for (long height = 0; height < count; height++) {
      JsonObject block = client.block(height).orElseThrow();
      for (JsonValue transaction : block.getJsonArray("transactions")) {
        Optional.ofNullable(transaction.asJsonObject().getJsonArray("records")).ifPresent(records -> {
          for (JsonValue key : records) {
            keys.add(((JsonString) key).getString());
          }
        });
      }
    }
    return keys;
  }

  /** Asserts that every acknowledged anchor is on every node's (identical) chain. */
  void assertAcknowledgedAnchorsSurvive(Set<String> acknowledged, Duration timeout) {
    List<String> chain = awaitIdenticalChains(timeout);
    assertThat(chain).isNotEmpty();
    for (int id : cluster.ids()) {
      Set<String> anchored = anchoredKeys(client(id));
      assertThat(anchored).as("node %d holds every acknowledged anchor", id).containsAll(acknowledged);
    }
  }

  @Override
  public void close() {
    try {
      cluster.stopAll(Duration.ofSeconds(5));
    } finally {
      for (ProcessHandle process : launched) {
        if (process.isAlive()) {
          process.destroyForcibly();
          ProcessControl.awaitExit(process, Duration.ofSeconds(10));
        }
      }
      for (int id : cluster.ids()) {
        cluster.pidFile(id).live().ifPresent(ProcessHandle::destroyForcibly);
      }
      for (FaultProxy proxy : proxies.values()) {
        try {
          proxy.close();
        } catch (IOException ignored) {
          // closing
        }
      }
    }
  }
}
