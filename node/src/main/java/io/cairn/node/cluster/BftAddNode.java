package io.cairn.node.cluster;

import io.cairn.bft.api.AddReplica;
import io.cairn.chain.api.Identity;
import io.cairn.chain.api.KeyFiles;
import io.cairn.common.BusyException;
import io.cairn.common.CairnException;
import io.cairn.common.ErrorCode;
import io.cairn.common.InvalidArgumentException;
import io.cairn.node.client.NodeClient;
import io.cairn.node.process.ProcessControl;
import io.cairn.replication.api.BftKeys;
import io.cairn.replication.api.ClusterFiles;
import io.cairn.replication.api.NodeChange;
import io.cairn.replication.api.NodeConfig;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code cairn cluster add-node} for a {@code cluster up --consensus pbft|sbft} cluster ({@code
 * docs/bft.md} §11): a new replica joins the running group over the network.
 *
 * <ol>
 *   <li>Writes the node's folder: a new identity, free ports, and a configuration ({@code join=true})
 *       that lists the founding members (with their admissions, so its ledger starts from the same
 *       bootstrap entries) and itself last, as replica {@code n}.
 *   <li>Submits the regulator-signed node change (the ledger lists and admits the node) and waits
 *       until it is applied.
 *   <li>Starts the process: it joins as a non-voting replica that asks for the stable checkpoint.
 *   <li>Submits the regulator-signed {@link AddReplica}; once executed, every member switches to the
 *       next configuration epoch at the next checkpoint, the new replica installs the certified
 *       state, fetches the blocks it misses, and votes.
 *   <li>Returns once the new node reports itself a member ({@code primary} or {@code backup}).
 * </ol>
 *
 * <p>One addition per cluster in this version: a later joiner would need the earlier one's place in
 * the founding group, which the configuration file does not carry.
 *
 * <p>Thread-safety: not thread-safe; one command at a time per folder.
 */
final class BftAddNode {
  private static final Set<String> MEMBER_ROLES = Set.of("primary", "backup", "view-change");

  private final LocalCluster cluster;
  private final Duration timeout;
  private final ClusterMembership membership;

  BftAddNode(LocalCluster cluster, Duration timeout, ClusterMembership membership) {
    this.cluster = cluster;
    this.timeout = timeout;
    this.membership = membership;
  }

  /**
   * Adds the node; returns once it votes.
   *
   * @throws InvalidArgumentException when the cluster already grew once
   * @throws CairnException (BUSY) when a step is not carried out in time
   */
  ClusterMembership.Added add() {
    List<Integer> ids = cluster.ids();
    NodeConfig founder = NodeConfig.load(cluster.config(ids.getFirst()));
    for (int id : ids) {
      if (NodeConfig.load(cluster.config(id)).join()) {
        throw new InvalidArgumentException("node " + id + " was added to this " + founder.consensus()
            + " cluster already; this version adds one node to a PBFT/SBFT cluster");
      }
    }
    List<NodeChange> founders = new ArrayList<>();
    for (NodeConfig.Member member : founder.members()) {
      founders.add(NodeChange.founder(founder.clusterId(), member));
    }
    ClusterFiles.Joining joining = ClusterFiles.addNode(cluster.dir(), founder, founders);
    NodeConfig written = NodeConfig.load(joining.config());
    List<NodeConfig.Member> members = new ArrayList<>(founder.members());
    members.add(written.self());
    NodeConfig config = new NodeConfig(written.clusterId(), written.nodeId(), written.nodeKey(), written.peerListen(),
        written.httpListen(), written.dataDir(), written.pmemDir(), written.mode(), written.genesis(), members,
        founder.consensus(), true);
    config.store(joining.config());
    int number = config.nodeId();
    long submitted;
    try {
      membership.submit(joining.change());
      cluster.start(number);
      cluster.awaitAnswer(number, timeout);
      submitted = System.nanoTime();
      Identity regulator = KeyFiles.read(cluster.dir().resolve("regulator.key"));
      AddReplica add = new AddReplica(founder.members().size(), config.self().key().bytes(),
          config.self().peer().getHostString(), config.self().peer().getPort(), new byte[0])
          .signed(BftKeys.signer(regulator));
      submit(add);
      awaitMember(number);
    } catch (RuntimeException e) {
      cluster.stop(number, Duration.ofSeconds(10));
      cluster.retire(number, "failed-node-");
      throw e;
    }
    return new ClusterMembership.Added(number, cluster.url(number), (System.nanoTime() - submitted) / 1_000_000);
  }

  /** Sends {@code add} to the primary (any member would do), again while it is busy or unreachable. */
  private void submit(AddReplica add) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      int primary = membership.leader();
      NodeClient client = new NodeClient(cluster.url(primary), cluster.token().orElse(null), timeout);
      try {
        client.addReplica(add.encode());
        return;
      } catch (CairnException e) {
        if (e.code() != ErrorCode.BUSY && e.code() != ErrorCode.IO_ERROR || System.nanoTime() > deadline) {
          throw e;
        }
        ProcessControl.sleep(Duration.ofMillis(300));
      }
    }
  }

  /** Waits until node {@code number} reports itself a member of the group. */
  private void awaitMember(int number) {
    long deadline = System.nanoTime() + timeout.toNanos();
    NodeClient client = new NodeClient(cluster.url(number), null, Duration.ofSeconds(2));
    String role = null;
    while (System.nanoTime() < deadline) {
      try {
        JsonObject status = client.status();
        role = status.getString("role");
        if (MEMBER_ROLES.contains(role)) {
          return;
        }
      } catch (CairnException notYet) {
        if (cluster.pidFile(number).live().isEmpty()) {
          throw new BusyException("node " + number + " exited while joining; its log: " + cluster.log(number));
        }
      }
      ProcessControl.sleep(Duration.ofMillis(200));
    }
    throw new BusyException("node " + number + " did not become a member within " + timeout.toSeconds()
        + " s (role " + role + "); its log: " + cluster.log(number));
  }
}
