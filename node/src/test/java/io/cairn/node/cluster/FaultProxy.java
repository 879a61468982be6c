package io.cairn.node.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fault-injecting TCP proxy for one link between two nodes (test utility): it listens on a
 * loopback port and forwards every connection to {@code target}, byte for byte, unless told
 * otherwise:
 *
 * <pre>
 * delay(ms)        each chunk waits ms before it is forwarded (both directions)
 * dropUpstream     bytes from the dialer to the target are discarded (one-way partition)
 * dropDownstream   bytes from the target back to the dialer are discarded
 * partition()      every connection is cut and new ones are closed at once (full partition)
 * heal()           all faults off; connections are cut so that the nodes redial onto clean streams
 * </pre>
 *
 * <p>Discarding bytes in mid-stream leaves the receiver with a truncated or garbled frame, which
 * is itself a test of the transport's frame checks. Thread-safety: the fault switches are
 * volatile; one virtual thread accepts and two pump each connection.
 */
final class FaultProxy implements AutoCloseable {
  private final InetSocketAddress target;
  private final ServerSocket server;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile int delayMillis;
  private volatile boolean dropUpstream;
  private volatile boolean dropDownstream;
  private volatile boolean refuse;
  private volatile boolean closed;

  FaultProxy(InetSocketAddress target) throws IOException {
    // Configurations hold unresolved addresses; a socket needs a resolved one.
    this.target = new InetSocketAddress(target.getHostString(), target.getPort());
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().name("proxy-accept-" + server.getLocalPort()).start(this::acceptLoop);
  }

  int port() {
    return server.getLocalPort();
  }

  void delay(int millis) {
    delayMillis = millis;
  }

  void dropUpstream(boolean on) {
    dropUpstream = on;
  }

  void dropDownstream(boolean on) {
    dropDownstream = on;
  }

  void partition() {
    refuse = true;
    cutAll();
  }

  void heal() {
    refuse = false;
    dropUpstream = false;
    dropDownstream = false;
    delayMillis = 0;
    cutAll();
  }

  private void cutAll() {
    for (Socket socket : open) {
      closeQuietly(socket);
    }
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        if (refuse) {
          closeQuietly(client);
          continue;
        }
        Socket upstream = new Socket();
        try {
          upstream.connect(target, 2000);
        } catch (IOException unreachable) {
          closeQuietly(client);
          closeQuietly(upstream);
          continue;
        }
        open.add(client);
        open.add(upstream);
        Thread.ofVirtual().start(() -> pump(client, upstream, true));
        Thread.ofVirtual().start(() -> pump(upstream, client, false));
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void pump(Socket from, Socket to, boolean upstream) {
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int read;
      while ((read = in.read(buffer)) >= 0) {
        int delay = delayMillis;
        if (delay > 0) {
          Thread.sleep(delay);
        }
        if (upstream ? dropUpstream : dropDownstream) {
          continue;
        }
        out.write(buffer, 0, read);
        out.flush();
      }
    } catch (IOException | InterruptedException ended) {
      // a cut or closed connection ends both pumps
    } finally {
      open.remove(from);
      open.remove(to);
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    cutAll();
  }
}
