package io.cairn.replication.node;

import io.cairn.chain.api.Identity;
import io.cairn.chain.api.RecordStore;
import io.cairn.chain.api.Transaction;
import io.cairn.common.CairnException;
import io.cairn.kraft.api.BasicStatus;
import io.cairn.kraft.api.Message;
import io.cairn.kraft.api.MessageCodec;
import io.cairn.kraft.api.NodeId;
import io.cairn.kraft.api.Role;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's side of the transport: KRaft messages and forwarded transactions out (the driver's
 * {@link Driver.Network}), and every inbound frame dispatched: KRaft messages and refusals to the
 * driver thread, forwarded transactions to the driver once their signature verified (on a worker:
 * it is the costly check), requests between members to {@link Calls}. A payload that does not
 * decode is logged and dropped; the connection stays up (its frame passed the checksum, so the
 * sender is a member running other code, not line noise).
 *
 * <p>Thread-safety: thread-safe.
 */
final class NodeNetwork implements Driver.Network {
  private static final Logger LOG = LoggerFactory.getLogger(NodeNetwork.class);
  /** A peer silent for this long is not counted alive. */
  private static final long ALIVE_NANOS = TimeUnit.SECONDS.toNanos(3);

  private final NodeConfig config;
  private final Transport transport;
  private final Calls calls;
  private final ExecutorService workers;
  private final Map<NodeId, Integer> members = new HashMap<>();
  private final Map<Integer, NodeId> nodeIds = new HashMap<>();
  private volatile Driver driver;
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
    this.transport = new Transport(config.clusterId(), identity, config.nodeId(), cluster, this::received);
    this.calls = new Calls(transport, workers);
    RecordSources.serve(calls, records);
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
    Driver current = driver;
    try {
      switch (frame.type()) {
        case RAFT -> {
          Message message = MessageCodec.decode(frame.payload());
          current.execute(() -> current.step(message));
        }
        case FORWARD -> workers.execute(() -> forwarded(peer, frame.payload(), current));
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

  private void forwarded(int peer, byte[] payload, Driver current) {
    Transaction transaction;
    try {
      transaction = Transaction.decode(payload);
    } catch (CairnException malformed) {
      LOG.warn("dropping a malformed transaction forwarded by member {}: {}", peer, malformed.getMessage());
      return;
    }
    if (!transaction.signatureValid()) {
      refuse(new BlockCutter.Queued(transaction, peer), Wire.REFUSAL_DEFINITIVE, "the signature does not verify");
      return;
    }
    current.execute(() -> current.forwarded(transaction, peer));
  }

  @Override
  public void send(Message message) {
    Integer member = members.get(message.destination());
    if (member == null || member == config.nodeId()) {
      LOG.debug("no member for the destination of {}", message);
      return;
    }
    transport.send(member, new Frame(Frame.Type.RAFT, MessageCodec.encode(message)));
  }

  @Override
  public void flush() {
    transport.flush();
  }

  @Override
  public boolean forward(int leader, Transaction transaction) {
    return transport.send(leader, new Frame(Frame.Type.FORWARD, transaction.encode()));
  }

  @Override
  public void refuse(BlockCutter.Queued queued, int kind, String reason) {
    Wire.Refusal refusal = new Wire.Refusal(queued.transaction().id(), kind, reason);
    if (queued.origin() == 0 || queued.origin() == config.nodeId()) {
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
    for (NodeConfig.Member member : config.members()) {
      boolean self = member.id() == config.nodeId();
      long heard = self ? now : transport.lastHeardNanos(member.id());
      boolean alive = self || (transport.connected(member.id()) && heard != 0 && now - heard < ALIVE_NANOS);
      Long matched = match.get(nodeIds.get(member.id()));
      long matchIndex = matched == null ? -1 : matched;
      boolean lagging = matched != null && raft.lastIndex() - matched > NodeStatus.LAG_ENTRIES;
      list.add(new NodeStatus.MemberStatus(member.id(), member.peer(), member.http(), self, alive, matchIndex, lagging));
    }
    int leader = raft.leader() == null ? 0 : memberOf(raft.leader());
    String role = raft.role() == Role.PRE_CANDIDATE ? "pre-candidate" : raft.role().name().toLowerCase(Locale.ROOT);
    return new NodeStatus(config.nodeId(), role, raft.term(), raft.commit(), machine.appliedIndex(), leader,
        machine.ledger().blockCount(), list);
  }

  void close() {
    transport.close();
  }
}
