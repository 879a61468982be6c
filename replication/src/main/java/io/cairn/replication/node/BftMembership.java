package io.cairn.replication.node;

import io.cairn.bft.api.AddReplica;
import io.cairn.bft.api.Request;
import io.cairn.chain.api.MemberKey;
import io.cairn.common.BusyException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.replication.api.BftKeys;
import io.cairn.replication.api.BftRunner;
import io.cairn.replication.api.NodeChange;
import io.cairn.replication.api.NodeConfig;
import io.cairn.replication.ledger.LedgerMachine;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adding a replica to a running PBFT/SBFT group over the network ({@code docs/bft.md} §11), on the
 * member's side. Two regulator-signed items are ordered by the group, each as a request of its own
 * client ({@link #adminClient}, so a block this member proposes can never make it look done):
 *
 * <ol>
 *   <li>the node change ({@link NodeChange}, {@code docs/formats/node-change.md}): once applied, the
 *       ledger lists the node and admits its key (so it may submit and propose blocks);
 *   <li>the add-replica transaction ({@link AddReplica}, {@code docs/formats/bft-add-replica.md}):
 *       executed by the core, it ends the configuration epoch at the next checkpoint; the new
 *       replica votes from the next epoch on, after it synchronized.
 * </ol>
 *
 * <p>Whenever the core reports an added replica (executed here or found in an installed state),
 * {@link #replicaAdded} teaches the verifier its key and the transport its address, before the
 * runner sends it anything. A submission is sent again every {@link #RESEND_NANOS} (with the same
 * timestamp, so it executes once) until it is carried out or its deadline passes.
 *
 * <p>Thread-safety: the runner thread owns it.
 */
final class BftMembership {
  private static final Logger LOG = LoggerFactory.getLogger(BftMembership.class);
  /** A waiting submission is sent again after this long (the primary may have changed or dropped it). */
  static final long RESEND_NANOS = 2_000_000_000L;
  /** Client ids of the members' membership requests: this offset plus the member id. */
  static final long ADMIN_CLIENT_BASE = 1L << 32;

  /** The ledger and transport side this needs. */
  interface Network {
    /** Replica {@code replica} is member {@code member}: map it, connect to it. */
    void addReplica(int replica, NodeConfig.Member member);

    /** The member ids of every replica, in replica order. */
    int[] replicaIds();
  }

  /** A submission waiting to be carried out: a node change (add == null) or an add-replica. */
  private static final class Waiter {
    final Request request;
    final NodeChange change;
    final AddReplica add;
    final CompletableFuture<Void> future;
    final long deadlineNanos;
    long sentNanos;

    Waiter(Request request, NodeChange change, AddReplica add, CompletableFuture<Void> future, long deadlineNanos) {
      this.request = request;
      this.change = change;
      this.add = add;
      this.future = future;
      this.deadlineNanos = deadlineNanos;
    }
  }

  private final LedgerMachine machine;
  private final Network network;
  private final BftKeys.Ring keys;
  private final long client;
  private final List<Waiter> waiters = new ArrayList<>();
  private BftRunner runner;
  private long nextTimestamp = System.currentTimeMillis() * 1000;

  BftMembership(LedgerMachine machine, Network network, BftKeys.Ring keys, int selfMember) {
    this.machine = machine;
    this.network = network;
    this.keys = keys;
    this.client = adminClient(selfMember);
  }

  /** The client id under which member {@code member} orders membership requests. */
  static long adminClient(int member) {
    return ADMIN_CLIENT_BASE + member;
  }

  void attach(BftRunner value) {
    runner = value;
  }

  /** Orders the regulator-signed {@code change} (an addition); completes once the ledger here applied it. */
  void changeNodes(NodeChange change, CompletableFuture<Void> future, long deadlineNanos) {
    if (change.kind() != NodeChange.Kind.ADD) {
      future.completeExceptionally(new InvalidArgumentException(
          "a PBFT/SBFT cluster only grows: it takes node additions, not " + change.kind()));
      return;
    }
    submit(new Waiter(new Request(client, ++nextTimestamp, change.logEntry()), change, null, future, deadlineNanos));
  }

  /** Orders the admission-signed {@code add}; completes once this member entered the epoch that has it. */
  void addReplica(AddReplica add, CompletableFuture<Void> future, long deadlineNanos) {
    submit(new Waiter(new Request(client, ++nextTimestamp, add.encode()), null, add, future, deadlineNanos));
  }

  private void submit(Waiter waiter) {
    waiters.add(waiter);
    send(waiter, System.nanoTime());
  }

  private void send(Waiter waiter, long now) {
    waiter.sentNanos = now;
    runner.submit(waiter.request);
  }

  /** A node change entry was applied here with {@code outcome} (runner thread). */
  void applied(LedgerMachine.NodeChangeOutcome outcome) {
    if (outcome == null || outcome.change() == null) {
      return;
    }
    waiters.removeIf(waiter -> {
      if (waiter.change == null || !waiter.change.sameNode(outcome.change())
          || waiter.change.kind() != outcome.change().kind()) {
        return false;
      }
      if (outcome.refusal() == null) {
        waiter.future.complete(null);
      } else {
        waiter.future.completeExceptionally(new InvalidArgumentException("node change refused: " + outcome.refusal()));
      }
      return true;
    });
  }

  /**
   * The core added replica {@code add.replica()} (runner thread, before anything is sent to it):
   * its member id and client API come from the ledger's node list (the node change is ordered
   * first); a replica the list does not name (a state installed before the change was applied
   * here) takes the next member id, as {@code cluster add-node} numbers nodes.
   */
  void replicaAdded(AddReplica add) {
    MemberKey key = MemberKey.of(add.identity());
    keys.learn(add.replica(), key);
    NodeChange listed = machine.nodes().nodes().stream().filter(node -> node.key().equals(key)).findFirst()
        .orElse(null);
    int member = listed != null ? listed.number() : Arrays.stream(network.replicaIds()).max().orElse(0) + 1;
    InetSocketAddress peer = InetSocketAddress.createUnresolved(add.host(), add.port());
    URI http = listed != null ? listed.http() : URI.create("urn:cairn:unlisted-node-" + member);
    network.addReplica(add.replica(), new NodeConfig.Member(member, peer, http, key, null));
    LOG.info("replica {} added: node {} at {}", add.replica(), member, peer);
  }

  /** Completes additions this member switched to, resends what waits, fails what is overdue (runner thread). */
  void tick(BftRunner.Status status) {
    long now = System.nanoTime();
    waiters.removeIf(waiter -> {
      if (waiter.add != null && status.nodes() > waiter.add.replica() && !status.viewChanging()) {
        waiter.future.complete(null);
        return true;
      }
      if (now - waiter.deadlineNanos > 0) {
        waiter.future.completeExceptionally(new BusyException((waiter.add != null ? "the replica addition"
            : "the node change") + " was not carried out in time"));
        return true;
      }
      if (now - waiter.sentNanos >= RESEND_NANOS) {
        send(waiter, now);
      }
      return false;
    });
  }

  /** Fails every waiting submission (closing). */
  void closeAll() {
    waiters.forEach(waiter -> waiter.future.completeExceptionally(new BusyException("the node is closing")));
    waiters.clear();
  }
}
