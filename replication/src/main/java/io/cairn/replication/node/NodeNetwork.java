package io.cairn.replication.node;

import io.cairn.chain.api.Identity;
import io.cairn.chain.api.RecordStore;
import io.cairn.chain.api.Transaction;
import io.cairn.common.CairnException;
import io.cairn.kraft.api.BasicStatus;
import io.cairn.kraft.api.Configuration;
import io.cairn.kraft.api.Message;
import io.cairn.kraft.api.NodeId;
import io.cairn.kraft.api.Role;
import io.cairn.kraft.wire.BodyCache;
import io.cairn.kraft.wire.MessageDecoder;
import io.cairn.kraft.wire.MessageEncoder;
import io.cairn.replication.api.NodeChange;
import io.cairn.replication.api.NodeConfig;
import io.cairn.replication.api.NodeStatus;
import io.cairn.replication.ledger.LedgerMachine;
import io.cairn.replication.dag.DagGossip;
import io.cairn.replication.transport.Frame;
import java.util.function.BiConsumer;
import io.cairn.replication.transport.Transport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's side of the transport: KRaft messages and forwarded transactions out (the driver's
 * {@link Driver.Network}), and every inbound frame dispatched: KRaft messages and refusals to the
 * driver thread, forwarded transactions to the driver once their signature verified (on the
 * connection's event loop, off the driver thread: it is the costly check; in arrival order),
 * requests between members to {@link Calls}. A payload that does not decode is logged and
 * dropped; the connection stays up (its frame passed the checksum, so the sender is a member
 * running other code, not line noise).
 *
 * <p>Thread-safety: thread-safe.
 */
final class NodeNetwork implements Driver.Network, BftLedger.Peers, BftMembership.Network {
  private static final Logger LOG = LoggerFactory.getLogger(NodeNetwork.class);
  /** A peer silent for this long is not counted alive. */
  private static final long ALIVE_NANOS = TimeUnit.SECONDS.toNanos(3);

  private final NodeConfig config;
  private final Transport transport;
  private final Calls calls;
  /** Append bodies of the driver's current batch of sends; the driver thread's alone. */
  private final BodyCache bodies = new BodyCache();
  private final ExecutorService workers;
  private final Map<NodeId, Integer> members = new ConcurrentHashMap<>();
  private final Map<Integer, NodeId> nodeIds = new ConcurrentHashMap<>();
  private volatile List<NodeConfig.Member> listed;
  private volatile Driver driver;
  /** Set instead of {@link #driver} in a PBFT/SBFT cluster. */
  private volatile BftLedger bftLedger;
  private volatile io.cairn.replication.api.BftRunner bftRunner;
  /** Member ids by replica index (the member list's order; a PBFT/SBFT group appends added replicas). */
  private volatile int[] memberIds;
  private volatile BiConsumer<Integer, byte[]> dagInbound;

  NodeNetwork(NodeConfig config, Identity identity, RecordStore records, ExecutorService workers) {
    this.config = config;
    this.workers = workers;
    Map<Integer, Transport.Peer> cluster = new HashMap<>();
    for (NodeConfig.Member member : config.members()) {
      cluster.put(member.id(), new Transport.Peer(member.peer(), member.key()));
      members.put(ClusterBootstrap.nodeId(member), member.id());
      nodeIds.put(member.id(), ClusterBootstrap.nodeId(member));
    }
    this.listed = config.members();
    this.memberIds = config.members().stream().mapToInt(NodeConfig.Member::id).toArray();
    this.transport = new Transport(config.clusterId(), identity, config.nodeId(), cluster, this::received);
    this.calls = new Calls(transport, workers);
    RecordSources.serve(calls, records);
  }

  /**
   * Makes the peers those of the node list {@code nodes} (ledger state), keeping any node that is
   * still a member of KRaft's {@code configuration} (a removed node is served until the
   * configuration drops it). An empty list (a ledger from before node lists) changes nothing.
   * Driver thread.
   */
  void syncPeers(List<NodeChange> nodes, Configuration configuration) {
    if (nodes.isEmpty()) {
      return;
    }
    List<NodeConfig.Member> now = new ArrayList<>();
    for (NodeChange node : nodes) {
      now.add(new NodeConfig.Member(node.number(), node.peer(), node.http(), node.key(), null));
      if (!nodeIds.containsKey(node.number())) {
        members.put(node.nodeId(), node.number());
        nodeIds.put(node.number(), node.nodeId());
      }
      if (node.number() != config.nodeId() && !transport.hasPeer(node.number())) {
        LOG.info("member {}: node {} joined the node list; connecting to {}", config.nodeId(), node.number(), node.peer());
        transport.addPeer(node.number(), new Transport.Peer(node.peer(), node.key()));
      }
    }
    for (Map.Entry<Integer, NodeId> known : List.copyOf(nodeIds.entrySet())) {
      int number = known.getKey();
      if (nodes.stream().noneMatch(n -> n.number() == number) && !configuration.isMember(known.getValue())) {
        nodeIds.remove(number);
        members.remove(known.getValue());
        if (number != config.nodeId()) {
          LOG.info("member {}: node {} left the cluster; disconnecting", config.nodeId(), number);
          transport.removePeer(number);
        }
      }
    }
    listed = List.copyOf(now);
  }

  /** Where {@code DAG} frames go from now on (they are dropped before: this member runs no DAG). */
  void attachDag(BiConsumer<Integer, byte[]> inbound) {
    dagInbound = inbound;
  }

  /** The transport as the DAG gossip sends through it. */
  DagGossip.Network dagNetwork() {
    return new DagGossip.Network() {
      @Override
      public boolean send(int peer, Frame frame) {
        return transport.send(peer, frame);
      }

      @Override
      public void flush() {
        transport.flush();
      }
    };
  }

  void attach(Driver value) {
    driver = value;
  }

  /** Wires a PBFT/SBFT member instead of a KRaft driver. */
  void attach(BftLedger ledger, io.cairn.replication.api.BftRunner runner) {
    bftLedger = ledger;
    bftRunner = runner;
  }

  /** The link the BFT runner sends through: replica index to member id, frames of type BFT. */
  io.cairn.replication.api.BftRunner.Link bftLink() {
    return new io.cairn.replication.api.BftRunner.Link() {
      @Override
      public boolean send(int to, byte[] message) {
        int[] ids = memberIds;
        return to >= 0 && to < ids.length && transport.send(ids[to], new Frame(Frame.Type.BFT, message));
      }

      @Override
      public void flush() {
        transport.flush();
      }
    };
  }

  /**
   * Replica {@code replica} of a PBFT/SBFT group joined as member {@code member} (runner thread,
   * before anything is sent to it): its index maps to that member, the transport connects to it,
   * and the status lists it. One already known changes nothing.
   */
  @Override
  public void addReplica(int replica, NodeConfig.Member member) {
    int[] ids = memberIds;
    if (replica < ids.length) {
      return;
    }
    if (replica != ids.length) {
      throw new IllegalStateException("replica " + replica + " added after " + ids.length + " replicas");
    }
    int[] grown = java.util.Arrays.copyOf(ids, ids.length + 1);
    grown[replica] = member.id();
    if (member.id() != config.nodeId() && !transport.hasPeer(member.id())) {
      LOG.info("member {}: replica {} (node {}) joined the group; connecting to {}", config.nodeId(), replica,
          member.id(), member.peer());
      transport.addPeer(member.id(), new Transport.Peer(member.peer(), member.key()));
    }
    List<NodeConfig.Member> now = new ArrayList<>(listed);
    if (now.stream().noneMatch(m -> m.id() == member.id())) {
      now.add(member);
    }
    listed = List.copyOf(now);
    memberIds = grown;
  }

  @Override
  public int[] replicaIds() {
    return memberIds.clone();
  }

  /** The member ids of every replica but this one (PBFT/SBFT). */
  int[] peerIds() {
    return java.util.Arrays.stream(memberIds).filter(id -> id != config.nodeId()).toArray();
  }

  /** The replica index of member {@code id}, -1 when it is not listed. */
  int replicaOf(int id) {
    int[] memberIds = this.memberIds;
    for (int i = 0; i < memberIds.length; i++) {
      if (memberIds[i] == id) {
        return i;
      }
    }
    return -1;
  }

  /** The member id of replica {@code index}. */
  int memberAt(int index) {
    return memberIds[index];
  }

  void start() {
    transport.start(config.peerListen());
  }

  Transport transport() {
    return transport;
  }

  Calls calls() {
    return calls;
  }

  private void received(int peer, Frame frame) {
    if (bftRunner != null) {
      receivedBft(peer, frame);
      return;
    }
    Driver current = driver;
    try {
      switch (frame.type()) {
        case RAFT -> {
          byte[] payload = frame.payload();
          MessageDecoder.Split split = MessageDecoder.decodeSplit(payload);
          Message message = split.message();
          long arrivedNanos = System.nanoTime();
          if (message instanceof io.cairn.kraft.api.SnapshotResponse response) {
            // The sender releases the next chunks at once, on its own thread; the protocol only
            // keeps account of the answer and may take its time.
            current.snapshotSender().answered(response, arrivedNanos);
          } else if (message instanceof io.cairn.kraft.api.AppendResponse response && !response.reject()) {
            current.snapshotSender().appended(response.from(), response.index());
          }
          if (message instanceof io.cairn.kraft.api.SnapshotChunk chunk) {
            current.chunkArrived(chunk, arrivedNanos); // answered from here, not behind the driver's work
          } else {
            current.execute(() -> {
              // A relay's forwarded copies go out with the body bytes it received, not re-encoded.
              bodies.remember(message, payload, split.bodyOffset(), payload.length - split.bodyOffset());
              current.step(message, arrivedNanos);
            });
          }
        }
        // Checked here, on the connection's event loop, so a member's transactions reach the
        // driver in the order it sent them (its nonces in order).
        case FORWARD -> forwarded(peer, frame.payload(), current);
        case REFUSE -> {
          Wire.Refusal refusal = Wire.refusal(frame.payload());
          current.execute(() -> current.refused(refusal));
        }
        case REQUEST -> calls.requested(peer, frame.payload());
        case RESPONSE -> calls.answered(frame.payload());
        case DAG -> {
          BiConsumer<Integer, byte[]> inbound = dagInbound;
          if (inbound != null) {
            inbound.accept(peer, frame.payload());
          }
        }
        default -> LOG.warn("member {} sent an unexpected {} frame", peer, frame.type());
      }
    } catch (CairnException malformed) {
      LOG.warn("dropping a malformed {} frame from member {}: {}", frame.type(), peer, malformed.getMessage());
    }
  }

  private void receivedBft(int peer, Frame frame) {
    io.cairn.replication.api.BftRunner runner = bftRunner;
    BftLedger ledger = bftLedger;
    try {
      switch (frame.type()) {
        case BFT -> runner.received(replicaOf(peer), frame.payload());
        case FORWARD -> workers.execute(() -> {
          Transaction transaction = verified(peer, frame.payload());
          if (transaction != null) {
            runner.execute(() -> ledger.forwarded(transaction, peer));
          }
        });
        case REFUSE -> {
          Wire.Refusal refusal = Wire.refusal(frame.payload());
          runner.execute(() -> ledger.refused(refusal));
        }
        case REQUEST -> calls.requested(peer, frame.payload());
        case RESPONSE -> calls.answered(frame.payload());
        default -> LOG.warn("member {} sent an unexpected {} frame", peer, frame.type());
      }
    } catch (CairnException malformed) {
      LOG.warn("dropping a malformed {} frame from member {}: {}", frame.type(), peer, malformed.getMessage());
    }
  }

  /** The forwarded transaction in {@code payload} if it decodes and its signature verifies; refused otherwise. */
  private Transaction verified(int peer, byte[] payload) {
    Transaction transaction;
    try {
      transaction = Transaction.decode(payload);
    } catch (CairnException malformed) {
      LOG.warn("dropping a malformed transaction forwarded by member {}: {}", peer, malformed.getMessage());
      return null;
    }
    if (!transaction.signatureValid()) {
      refuse(new BlockCutter.Queued(transaction, peer), Wire.REFUSAL_DEFINITIVE, "the signature does not verify");
      return null;
    }
    return transaction;
  }

  @Override
  public void broadcast(Transaction transaction) {
    Frame frame = new Frame(Frame.Type.FORWARD, transaction.encode());
    for (int id : memberIds) {
      if (id != config.nodeId()) {
        transport.send(id, frame);
      }
    }
    transport.flush();
  }

  private void forwarded(int peer, byte[] payload, Driver current) {
    Transaction transaction = verified(peer, payload);
    if (transaction != null) {
      current.execute(() -> current.forwarded(transaction, peer));
    }
  }

  @Override
  public void send(Message message) {
    Integer member = members.get(message.destination());
    if (member == null || member == config.nodeId()) {
      LOG.debug("no member for the destination of {}", message);
      return;
    }
    BodyCache.Body body = bodies.bodyOf(message);
    transport.send(member, new Frame(Frame.Type.RAFT, MessageEncoder.encodeEnvelope(message),
        new Frame.Tail(body.array(), body.offset(), body.length())));
  }

  @Override
  public void flush() {
    transport.flush();
    bodies.clear();
  }

  @Override
  public void flushAside() {
    transport.flush(); // the body cache is the driver's: only its own flush clears it
  }

  @Override
  public boolean forward(int leader, Transaction transaction) {
    return transport.send(leader, new Frame(Frame.Type.FORWARD, transaction.encode()));
  }

  @Override
  public void refuse(BlockCutter.Queued queued, int kind, String reason) {
    Wire.Refusal refusal = new Wire.Refusal(queued.transaction().id(), kind, reason);
    if ((queued.origin() == 0 || queued.origin() == config.nodeId()) && bftRunner != null) {
      BftLedger ledger = bftLedger;
      bftRunner.execute(() -> ledger.refused(refusal));
    } else if (queued.origin() == 0 || queued.origin() == config.nodeId()) {
      Driver current = driver;
      current.execute(() -> current.refused(refusal));
    } else {
      transport.send(queued.origin(), Wire.refuse(refusal));
    }
  }

  @Override
  public int memberOf(NodeId id) {
    Integer member = members.get(id);
    return member == null ? 0 : member;
  }

  /** The status API's view. */
  NodeStatus status(BasicStatus raft, Map<NodeId, Long> match, LedgerMachine machine) {
    long now = System.nanoTime();
    List<NodeStatus.MemberStatus> list = new ArrayList<>();
    for (NodeConfig.Member member : listed) {
      boolean self = member.id() == config.nodeId();
      boolean alive = self || alive(member.id(), now);
      Long matched = match.get(nodeIds.get(member.id()));
      long matchIndex = matched == null ? -1 : matched;
      boolean lagging = matched != null && raft.lastIndex() - matched > NodeStatus.LAG_ENTRIES;
      list.add(new NodeStatus.MemberStatus(member.id(), member.peer(), member.http(), self, alive, matchIndex, lagging));
    }
    int leader = raft.leader() == null ? 0 : memberOf(raft.leader());
    String role = raft.role() == Role.PRE_CANDIDATE ? "pre-candidate" : raft.role().name().toLowerCase(Locale.ROOT);
    return new NodeStatus(config.nodeId(), role, raft.term(), raft.commit(), machine.appliedIndex(), leader,
        machine.ledger().blockCount(), list, transport.bytesSent());
  }

  /**
   * The status API's view of a PBFT/SBFT member: role {@code primary}, {@code backup} or {@code
   * view-change}, term = the view, leader = the view's primary, commit index = the highest sequence
   * number executed, applied index = the ledger's.
   */
  NodeStatus bftStatus(io.cairn.replication.api.BftRunner.Status bft, LedgerMachine machine) {
    long now = System.nanoTime();
    List<NodeStatus.MemberStatus> list = new ArrayList<>();
    for (NodeConfig.Member member : listed) {
      boolean self = member.id() == config.nodeId();
      boolean alive = self || alive(member.id(), now);
      list.add(new NodeStatus.MemberStatus(member.id(), member.peer(), member.http(), self, alive, -1, false));
    }
    String role = !bft.member() ? "joining" : bft.viewChanging() ? "view-change"
        : bft.primary() == bft.replica() ? "primary" : "backup";
    int[] ids = memberIds;
    return new NodeStatus(config.nodeId(), role, bft.view(), bft.executed(), machine.appliedIndex(),
        bft.primary() < ids.length ? ids[bft.primary()] : 0, machine.ledger().blockCount(), list, transport.bytesSent());
  }

  private boolean alive(int member, long now) {
    long heard = transport.lastHeardNanos(member);
    return transport.connected(member) && heard != 0 && now - heard < ALIVE_NANOS;
  }

  void close() {
    transport.close();
  }
}
