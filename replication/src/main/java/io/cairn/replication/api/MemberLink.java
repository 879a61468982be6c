package io.cairn.replication.api;

import io.cairn.chain.api.Identity;
import io.cairn.replication.transport.Frame;
import io.cairn.replication.transport.Transport;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * The member transport (authenticated handshake, framed, checksummed; {@code docs/replication.md})
 * lent to an application that is not the ledger: it carries opaque payloads between the members
 * of one {@link NodeConfig} in frames of type {@code CONSORTIUM}, and nothing else. The consortium
 * chain's HQ node processes talk through it ({@code docs/consortium.md}).
 *
 * <p>Thread-safety: {@link #send}, {@link #flush} and the queries from any thread; {@link
 * Inbound#received} is called on the transport's event loops and must not block.
 */
public final class MemberLink implements AutoCloseable {
  /** Where payloads from authenticated members go. */
  @FunctionalInterface
  public interface Inbound {
    /** {@code payload} arrived from member {@code member} (on an event loop: hand it off). */
    void received(int member, byte[] payload);
  }

  private final Transport transport;

  private MemberLink(Transport transport) {
    this.transport = transport;
  }

  /**
   * Listens on {@code config.peerListen()} as member {@code config.nodeId()} ({@code self}) and
   * dials the other members of {@code config}; frames of other types are dropped.
   *
   * @throws io.cairn.common.CairnIoException when the address cannot be bound
   */
  public static MemberLink open(NodeConfig config, Identity self, Inbound inbound) {
    Map<Integer, Transport.Peer> cluster = new HashMap<>();
    for (NodeConfig.Member member : config.members()) {
      cluster.put(member.id(), new Transport.Peer(member.peer(), member.key()));
    }
    Transport transport = new Transport(config.clusterId(), self, config.nodeId(), cluster, (peer, frame) -> {
      if (frame.type() == Frame.Type.CONSORTIUM) {
        inbound.received(peer, frame.payload());
      }
    });
    InetSocketAddress listen = config.peerListen();
    transport.start(listen);
    return new MemberLink(transport);
  }

  /** Queues {@code payload} for member {@code member}; false when its backlog was full and it was dropped. */
  public boolean send(int member, byte[] payload) {
    return transport.send(member, new Frame(Frame.Type.CONSORTIUM, payload));
  }

  /** Pushes what {@link #send} queued onto the wire. */
  public void flush() {
    transport.flush();
  }

  /** Whether an authenticated connection to {@code member} is open. */
  public boolean connected(int member) {
    return transport.connected(member);
  }

  /** Connections refused so far (handshake failures, bad frames). */
  public long refusals() {
    return transport.refusals();
  }

  @Override
  public void close() {
    transport.close();
  }
}
