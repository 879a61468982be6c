package io.cairn.bench.runner;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * A free TCP port on the loopback interface, for the benches that start servers in this process
 * (the transport and snapshot-wire benches, the Ratis peer): the port the kernel hands out for a
 * socket bound to port 0, released at once. Another process may take it before the caller binds
 * it; the benches run alone, so that race is accepted.
 *
 * <p>Thread-safety: stateless.
 */
public final class Loopback {
  private Loopback() {}

  /** A port on 127.0.0.1 that was free a moment ago. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** {@code 127.0.0.1} with a {@linkplain #freePort free port}. */
  public static InetSocketAddress freeAddress() throws IOException {
    return new InetSocketAddress("127.0.0.1", freePort());
  }
}
