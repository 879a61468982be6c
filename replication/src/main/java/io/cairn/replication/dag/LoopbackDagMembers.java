package io.cairn.replication.dag;

import io.cairn.chain.api.Identity;
import io.cairn.common.CairnIoException;
import io.cairn.replication.transport.Frame;
import io.cairn.replication.transport.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiPredicate;

/**
 * DAG chain members in one process, each with its own transport (TCP on loopback, the signed
 * handshake, fresh keys), for tests and {@code cairn bench dag}: what {@code node start --dag}
 * runs per process, without the ledger.
 *
 * <p>Thread-safety: build and close from one thread; the gossips are thread-safe.
 */
public final class LoopbackDagMembers implements AutoCloseable {
  private final List<Transport> transports = new ArrayList<>();
  private final List<DagGossip> gossips = new ArrayList<>();

  private LoopbackDagMembers() {}

  /**
   * Starts {@code count} members (ids 1..count) generating blocks with {@code options}. While
   * {@code lost.test(from, to)} holds, DAG frames from member {@code from} to member {@code to}
   * are dropped (fault injection; pass {@code (from, to) -> false} for none).
   */
  public static LoopbackDagMembers start(int count, DagGossip.Options options, BiPredicate<Integer, Integer> lost) {
    LoopbackDagMembers members = new LoopbackDagMembers();
    try {
      members.startAll(count, options, lost);
    } catch (RuntimeException e) {
      members.close();
      throw e;
    }
    return members;
  }

  private void startAll(int count, DagGossip.Options options, BiPredicate<Integer, Integer> lost) {
    Identity[] identities = new Identity[count];
    InetSocketAddress[] addresses = new InetSocketAddress[count];
    Map<Integer, Transport.Peer> cluster = new HashMap<>();
    for (int i = 0; i < count; i++) {
      identities[i] = Identity.generate();
      addresses[i] = new InetSocketAddress(InetAddress.getLoopbackAddress(), freePort());
      cluster.put(i + 1, new Transport.Peer(addresses[i], identities[i].key()));
    }
    List<Integer> ids = List.copyOf(cluster.keySet());
    for (int i = 0; i < count; i++) {
      int id = i + 1;
      AtomicReference<DagGossip> self = new AtomicReference<>();
      Transport transport = new Transport("cairn-dag-loopback", identities[i], id, cluster, (peer, frame) -> {
        DagGossip gossip = self.get();
        if (frame.type() == Frame.Type.DAG && gossip != null && !lost.test(peer, id)) {
          gossip.received(peer, frame.payload());
        }
      });
      transports.add(transport);
      DagGossip gossip = new DagGossip(id, ids, DagGossip.genesis(), new DagGossip.Network() {
        @Override
        public boolean send(int peer, Frame frame) {
          return lost.test(id, peer) || transport.send(peer, frame);
        }

        @Override
        public void flush() {
          transport.flush();
        }
      }, options);
      self.set(gossip);
      gossips.add(gossip);
      transport.start(addresses[i]);
    }
    gossips.forEach(DagGossip::start);
  }

  /** The members' gossips, member 1 first. */
  public List<DagGossip> gossips() {
    return List.copyOf(gossips);
  }

  /** Stops every gossip and transport. */
  @Override
  public void close() {
    gossips.forEach(DagGossip::close);
    transports.forEach(Transport::close);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw CairnIoException.wrap("find a free loopback port", e);
    }
  }
}
