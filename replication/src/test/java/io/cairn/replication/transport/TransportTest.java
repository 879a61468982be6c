package io.cairn.replication.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.api.Identity;
import io.cairn.common.Varints;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Three transports on loopback: authenticated delivery, and refusal of every kind of stranger. */
@Timeout(60)
class TransportTest {
  private final List<AutoCloseable> open = new ArrayList<>();

  private record Received(int from, Frame frame) {}

  private final Identity[] identities = {Identity.generate(), Identity.generate(), Identity.generate()};
  private final int[] ports = {freePort(), freePort(), freePort()};
  private final Map<Integer, Transport.Peer> cluster = new HashMap<>();
  private final List<BlockingQueue<Received>> inboxes = new ArrayList<>();

  TransportTest() {
    for (int i = 0; i < 3; i++) {
      cluster.put(i + 1, new Transport.Peer(loopback(ports[i]), identities[i].key()));
      inboxes.add(new LinkedBlockingQueue<>());
    }
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable closeable : open) {
      closeable.close();
    }
  }

  private Transport start(int id, String clusterId, Identity identity) {
    BlockingQueue<Received> inbox = inboxes.get(id - 1);
    Transport transport = new Transport(clusterId, identity, id, cluster, (from, frame) -> inbox.add(new Received(from, frame)));
    open.add(transport);
    transport.start(loopback(ports[id - 1]));
    return transport;
  }

  @Test
  void membersExchangeFramesInBothDirectionsOverOneConnectionEach() throws InterruptedException {
    Transport[] nodes = {start(1, "c1", identities[0]), start(2, "c1", identities[1]), start(3, "c1", identities[2])};
    await(() -> nodes[0].connected(2) && nodes[0].connected(3) && nodes[1].connected(3) && nodes[2].connected(1));
    for (int round = 0; round < 50; round++) {
      nodes[0].send(2, new Frame(Frame.Type.RAFT, new byte[] {(byte) round}));
      nodes[2].send(1, new Frame(Frame.Type.FORWARD, new byte[round]));
    }
    nodes[0].flush();
    nodes[2].flush();
    for (int round = 0; round < 50; round++) {
      Received at2 = inboxes.get(1).poll(10, TimeUnit.SECONDS);
      assertThat(at2).isEqualTo(new Received(1, new Frame(Frame.Type.RAFT, new byte[] {(byte) round})));
      Received at1 = inboxes.get(0).poll(10, TimeUnit.SECONDS);
      assertThat(at1).isEqualTo(new Received(3, new Frame(Frame.Type.FORWARD, new byte[round])));
    }
    assertThat(nodes[0].refusals() + nodes[1].refusals() + nodes[2].refusals()).isZero();
  }

  /**
   * Frames written from another thread while the channel is full wait in the backlog; the backlog
   * used to drain ahead of writes still queued on the event loop, and the peer got them out of order.
   */
  @Test
  void largeFramesSentFasterThanTheyLeaveArriveInOrder() throws InterruptedException {
    Transport[] nodes = {start(1, "c1", identities[0]), start(2, "c1", identities[1])};
    await(() -> nodes[0].connected(2) && nodes[1].connected(1));
    int frames = 3 * 48;
    for (int i = 0; i < frames; i++) {
      byte[] payload = new byte[256 << 10];
      Varints.putFixed32(payload, 0, i);
      assertThat(nodes[0].send(2, new Frame(Frame.Type.RAFT, payload))).isTrue();
      nodes[0].flush();
      if (i % 48 == 47) {
        for (int k = i - 47; k <= i; k++) {
          Received received = inboxes.get(1).poll(20, TimeUnit.SECONDS);
          assertThat(received).isNotNull();
          assertThat(Varints.getFixed32(received.frame().payload(), 0)).isEqualTo(k);
        }
      }
    }
  }

  @Test
  void aPeerWithAnUnknownKeyOrAnotherClusterIdIsRefusedAndDeliversNothing() throws InterruptedException {
    Transport node1 = start(1, "c1", identities[0]);
    Transport stranger = start(2, "c1", Identity.generate());
    await(() -> node1.refusals() >= 1);
    stranger.close();
    Transport otherCluster = start(3, "c2", identities[2]);
    await(() -> node1.refusals() >= 2);
    assertThat(node1.connected(2)).isFalse();
    assertThat(node1.connected(3)).isFalse();
    otherCluster.send(1, new Frame(Frame.Type.RAFT, new byte[1]));
    otherCluster.flush();
    assertThat(inboxes.get(0).poll(300, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void malformedAndOversizedFramesCloseOnlyThatConnection() throws Exception {
    Transport node1 = start(1, "c1", identities[0]);
    byte[] garbage = new byte[64];
    new java.util.SplittableRandom(7).nextBytes(garbage);
    assertClosedAfterSending(garbage);
    byte[] oversized = new byte[FrameFormat.HEADER_BYTES];
    Varints.putFixed32(oversized, 0, FrameFormat.MAGIC);
    oversized[4] = FrameFormat.VERSION;
    oversized[5] = (byte) Frame.Type.HELLO.code();
    Varints.putFixed32(oversized, 6, Integer.MAX_VALUE);
    assertClosedAfterSending(oversized);
    byte[] badCrc = FrameFormat.encode(new Frame(Frame.Type.HELLO, new byte[10]));
    badCrc[badCrc.length - 1] ^= 1;
    assertClosedAfterSending(badCrc);
    assertThat(node1.refusals()).isGreaterThanOrEqualTo(3);
    Transport node2 = start(2, "c1", identities[1]);
    await(() -> node1.connected(2));
    node2.send(1, new Frame(Frame.Type.RAFT, new byte[] {42}));
    node2.flush();
    assertThat(inboxes.get(0).poll(10, TimeUnit.SECONDS)).isEqualTo(new Received(2, new Frame(Frame.Type.RAFT, new byte[] {42})));
  }

  private void assertClosedAfterSending(byte[] bytes) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), ports[0])) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(bytes);
      out.flush();
      InputStream in = socket.getInputStream();
      // The node's HELLO may come first; then the connection must end.
      byte[] buffer = new byte[4096];
      while (in.read(buffer) >= 0) {
        // drain until the node closes
      }
    }
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met in time").isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  private static InetSocketAddress loopback(int port) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
