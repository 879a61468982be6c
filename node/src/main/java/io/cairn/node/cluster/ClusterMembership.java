package io.cairn.node.cluster;

import io.cairn.chain.api.Identity;
import io.cairn.chain.api.KeyFiles;
import io.cairn.chain.api.MemberKey;
import io.cairn.common.BusyException;
import io.cairn.common.CairnException;
import io.cairn.common.ErrorCode;
import io.cairn.common.InvalidArgumentException;
import io.cairn.node.client.NodeClient;
import io.cairn.node.process.ProcessControl;
import io.cairn.replication.api.ClusterFiles;
import io.cairn.replication.api.NodeChange;
import io.cairn.replication.api.NodeConfig;
import jakarta.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Adds and removes nodes of a {@link LocalCluster} while it runs ({@code cairn cluster add-node},
 * {@code remove-node}): writes the new node's files, starts it, and submits the regulator-signed
 * {@link NodeChange} to the leader, returning once the change is carried out (the new node votes;
 * the removed node no longer votes and is stopped, its folder kept as {@code removed-node-N}).
 *
 * <p>Thread-safety: not thread-safe; one command at a time per folder.
 */
public final class ClusterMembership {
  /**
   * A node as {@code add-node} prints it.
   *
   * @param number its number
   * @param url its client API base URL
   * @param catchUpMillis from the submission of the addition (the process answering) until it votes
   */
  public record Added(int number, String url, long catchUpMillis) {}

  private final LocalCluster cluster;
  private final Duration timeout;

  /** Changes {@code cluster}; each change may take up to {@code timeout}. */
  public ClusterMembership(LocalCluster cluster, Duration timeout) {
    this.cluster = cluster;
    this.timeout = timeout;
  }

  /**
   * Adds a node: files, process, change; returns once it has caught up and votes.
   *
   * @throws CairnException (BUSY) when no leader answers or the change is not carried out in time
   */
  public Added addNode() {
    int leader = leader();
    List<NodeChange> nodes = nodes(leader);
    NodeConfig template = NodeConfig.load(cluster.config(leader));
    if (template.byzantine()) {
      return new BftAddNode(cluster, timeout, this).add();
    }
    ClusterFiles.Joining joining = ClusterFiles.addNode(cluster.dir(), template, nodes);
    int number = joining.change().number();
    long submitted;
    try {
      cluster.start(number);
      cluster.awaitAnswer(number, timeout);
      submitted = System.nanoTime();
      submit(joining.change());
    } catch (RuntimeException e) {
      cluster.stop(number, Duration.ofSeconds(10));
      cluster.retire(number, "failed-node-");
      throw e;
    }
    return new Added(number, cluster.url(number), (System.nanoTime() - submitted) / 1_000_000);
  }

  /**
   * Removes node {@code number}: change, then stops its process and retires its folder.
   *
   * @throws InvalidArgumentException when the node list has no such node
   */
  public void removeNode(int number) {
    int leader = leader();
    NodeChange listed = nodes(leader).stream().filter(n -> n.number() == number).findFirst()
        .orElseThrow(() -> new InvalidArgumentException("node " + number + " is not in the cluster's node list"));
    Identity regulator = KeyFiles.read(cluster.dir().resolve("regulator.key"));
    submit(NodeChange.remove(regulator, listed));
    cluster.stop(number, Duration.ofSeconds(15));
    cluster.retire(number, "removed-node-");
  }

  /** The leader's number, waiting up to the timeout for one. */
  int leader() {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      ClusterStatus status = cluster.status(Duration.ofSeconds(2));
      if (status.leader() != null) {
        return status.leader();
      }
      if (System.nanoTime() > deadline) {
        throw new BusyException("the cluster in " + cluster.dir() + " has no leader");
      }
      ProcessControl.sleep(Duration.ofMillis(200));
    }
  }

  private List<NodeChange> nodes(int leader) {
    NodeConfig config = NodeConfig.load(cluster.config(leader));
    JsonObject answer = cluster.client(leader, Duration.ofSeconds(10)).nodes();
    List<NodeChange> nodes = new ArrayList<>();
    for (JsonObject node : answer.getJsonArray("nodes").getValuesAs(JsonObject.class)) {
      String peer = node.getString("peer");
      int colon = peer.lastIndexOf(':');
      nodes.add(new NodeChange(NodeChange.Kind.ADD, config.clusterId(), node.getInt("number"),
          MemberKey.parse(node.getString("key")),
          InetSocketAddress.createUnresolved(peer.substring(0, colon), Integer.parseInt(peer.substring(colon + 1))),
          URI.create(node.getString("url")), null, new byte[0]));
    }
    if (nodes.isEmpty()) {
      throw new InvalidArgumentException("the cluster keeps no node list (made by an older version): it cannot change");
    }
    return nodes;
  }

  /** Sends {@code change} to the leader, again to the new leader while leadership moves. */
  void submit(NodeChange change) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      int leader = leader();
      NodeClient client = new NodeClient(cluster.url(leader), cluster.token().orElse(null), timeout);
      try {
        client.changeNodes(change.encode());
        return;
      } catch (CairnException e) {
        if (e.code() != ErrorCode.BUSY && e.code() != ErrorCode.IO_ERROR || System.nanoTime() > deadline) {
          throw e;
        }
        ProcessControl.sleep(Duration.ofMillis(300));
      }
    }
  }
}
