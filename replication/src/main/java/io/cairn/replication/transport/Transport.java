package io.cairn.replication.transport;

import io.cairn.chain.api.Identity;
import io.cairn.chain.api.MemberKey;
import io.cairn.common.CairnIoException;
import io.cairn.common.ClosedException;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The member-to-member TCP transport (Netty 4.2, NIO): one authenticated connection per pair of
 * members, dialed by the member with the lower id and reused in both directions; {@link Frame}s
 * in {@link FrameFormat}; the {@link Handshake} on every connection; reconnection with exponential
 * backoff ({@value #RECONNECT_MIN_MILLIS} ms doubling to {@value #RECONNECT_MAX_MILLIS} ms); a
 * bounded backlog per peer ({@link PeerLink}).
 *
 * <p>Thread-safety: {@link #send}, {@link #flush} and the queries may be called from any thread;
 * {@link Inbound#received} is called on Netty's event loops and must not block.
 */
public final class Transport implements AutoCloseable {
  static final int RECONNECT_MIN_MILLIS = 50;
  static final int RECONNECT_MAX_MILLIS = 2_000;
  static final int HANDSHAKE_TIMEOUT_MILLIS = 5_000;
  /**
   * Event-loop threads per transport: one (session 14; two before). Every connection of a member
   * is then on the same loop, so a Ready's flush to all peers wakes one thread once (Netty wakes a
   * sleeping selector only for the first task handed to it) instead of one per loop; an idle
   * member's wake-ups and its threads' fixed cost halve (docs/replication.md, "A node's fixed
   * cost"). {@code -Dcairn.transport.eventLoops=N} sets another count (for A/B runs).
   */
  static final int EVENT_LOOPS = Math.max(1, Integer.getInteger("cairn.transport.eventLoops", 1));
  private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(1 << 20, 4 << 20);

  /** Where authenticated frames go. */
  @FunctionalInterface
  public interface Inbound {
    /** {@code frame} arrived from member {@code peer} (on an event loop: hand it off, do not block). */
    void received(int peer, Frame frame);
  }

  /**
   * A member as the transport knows it.
   *
   * @param address where it listens
   * @param key its public key
   */
  public record Peer(InetSocketAddress address, MemberKey key) {}

  private final String clusterId;
  private final Identity self;
  private final int selfId;
  private final Map<MemberKey, Integer> members = new ConcurrentHashMap<>();
  private final Map<Integer, PeerLink> links = new ConcurrentHashMap<>();
  private final Inbound inbound;
  private final EventLoopGroup group;
  private final AtomicLong refusals = new AtomicLong();
  private volatile boolean closed;
  private volatile Channel server;

  /**
   * A transport for member {@code selfId} ({@code self}) of cluster {@code clusterId}, whose
   * members (this one included) are {@code cluster}.
   */
  public Transport(String clusterId, Identity self, int selfId, Map<Integer, Peer> cluster, Inbound inbound) {
    this.clusterId = Objects.requireNonNull(clusterId, "clusterId");
    this.self = Objects.requireNonNull(self, "self");
    this.selfId = selfId;
    this.inbound = Objects.requireNonNull(inbound, "inbound");
    for (Map.Entry<Integer, Peer> member : cluster.entrySet()) {
      members.put(member.getValue().key(), member.getKey());
      if (member.getKey() != selfId) {
        links.put(member.getKey(), new PeerLink(member.getKey(), member.getValue().address()));
      }
    }
    group = new MultiThreadIoEventLoopGroup(EVENT_LOOPS, NioIoHandler.newFactory());
  }

  /**
   * Listens on {@code listen} and starts dialing the peers with higher ids; returns the bound
   * address (its port is the one picked when {@code listen} asks for port 0).
   *
   * @throws CairnIoException when the address cannot be bound
   */
  public InetSocketAddress start(InetSocketAddress listen) {
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
        .childHandler(initializer(null));
    InetSocketAddress bindTo = listen.isUnresolved() ? new InetSocketAddress(listen.getHostString(), listen.getPort()) : listen;
    try {
      ChannelFuture bound = bootstrap.bind(bindTo).syncUninterruptibly();
      server = bound.channel();
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw new CairnIoException("cannot listen on " + listen + ": " + e.getMessage(), e);
    }
    for (PeerLink link : links.values()) {
      if (link.id > selfId) {
        dial(link);
      }
    }
    return (InetSocketAddress) server.localAddress();
  }

  private ChannelInitializer<SocketChannel> initializer(PeerLink dialed) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(SocketChannel channel) {
        channel.pipeline().addLast(new FrameDecoder(),
            new ConnectionHandler(Transport.this, new Handshake(clusterId, self, members), dialed));
      }
    };
  }

  /**
   * Adds member {@code id} (a node that joined the cluster): its key is accepted in handshakes from
   * now on, and it is dialed when its id is higher than this node's. Nothing happens when it is
   * known already or is this node.
   */
  public void addPeer(int id, Peer peer) {
    if (id == selfId || links.containsKey(id)) {
      return;
    }
    members.put(peer.key(), id);
    PeerLink link = new PeerLink(id, peer.address());
    links.put(id, link);
    if (server != null && id > selfId) {
      dial(link);
    }
  }

  /** Removes member {@code id} (a node that left): its key is refused from now on and its connection closed. */
  public void removePeer(int id) {
    PeerLink link = links.remove(id);
    if (link == null) {
      return;
    }
    members.values().removeIf(value -> value == id);
    Channel channel = link.channel();
    if (channel != null) {
      channel.close();
    }
  }

  /** Whether member {@code id} is a peer. */
  public boolean hasPeer(int id) {
    return links.containsKey(id);
  }

  private void dial(PeerLink link) {
    if (closed || links.get(link.id) != link) {
      return;
    }
    InetSocketAddress address = link.address.isUnresolved()
        ? new InetSocketAddress(link.address.getHostString(), link.address.getPort()) : link.address;
    new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2_000)
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
        .handler(initializer(link))
        .connect(address)
        .addListener(future -> {
          if (!future.isSuccess()) {
            redialLater(link);
          }
        });
  }

  /** Dials {@code link} again after its backoff delay, which then doubles. */
  void redialLater(PeerLink link) {
    if (closed || link == null) {
      return;
    }
    int delay = link.reconnectDelayMillis;
    link.reconnectDelayMillis = Math.min(RECONNECT_MAX_MILLIS, delay * 2);
    try {
      group.schedule(() -> dial(link), delay, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
      // closing: nothing to redial
    }
  }

  PeerLink link(int id) {
    return links.get(id);
  }

  void deliver(int peer, Frame frame) {
    if (!closed) {
      inbound.received(peer, frame);
    }
  }

  void refused() {
    refusals.incrementAndGet();
  }

  /**
   * Sends {@code frame} to member {@code peer} (written now, sent at the next {@link #flush}).
   * Returns false when the peer's backlog is full and the frame was dropped.
   *
   * @throws ClosedException after {@link #close()}
   */
  public boolean send(int peer, Frame frame) {
    if (closed) {
      throw new ClosedException("transport is closed");
    }
    PeerLink link = links.get(peer);
    if (link == null) {
      throw new IllegalArgumentException("member " + peer + " is not a peer");
    }
    return link.send(frame);
  }

  /** Sends everything written to every peer. */
  public void flush() {
    for (PeerLink link : links.values()) {
      link.flush();
    }
  }

  /** Whether an authenticated connection to {@code peer} is open. */
  public boolean connected(int peer) {
    PeerLink link = links.get(peer);
    return link != null && link.up();
  }

  /** {@link System#nanoTime()} when a frame last came from {@code peer} (0: never). */
  public long lastHeardNanos(int peer) {
    PeerLink link = links.get(peer);
    return link == null ? 0 : link.lastHeardNanos();
  }

  /** Connections refused so far (handshake failures, bad frames). */
  public long refusals() {
    return refusals.get();
  }

  /** Frames dropped so far because a backlog was full. */
  public long dropped() {
    long total = 0;
    for (PeerLink link : links.values()) {
      total += link.dropped();
    }
    return total;
  }

  /**
   * Frame bytes this member has written to its peers' connections so far (frame headers included,
   * TCP/IP overhead not; frames dropped or still in a backlog not counted).
   */
  public long bytesSent() {
    long total = 0;
    for (PeerLink link : links.values()) {
      total += link.bytesSent();
    }
    return total;
  }

  /** Frames this member has written to its peers' connections so far. */
  public long framesSent() {
    long total = 0;
    for (PeerLink link : links.values()) {
      total += link.framesSent();
    }
    return total;
  }

  /** Closes every connection and the listener; waits for the event loops to stop. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (server != null) {
      server.close().awaitUninterruptibly();
    }
    for (PeerLink link : links.values()) {
      Channel channel = link.channel();
      if (channel != null) {
        channel.close();
      }
    }
    group.shutdownGracefully(0, 500, TimeUnit.MILLISECONDS).awaitUninterruptibly();
  }
}
