package io.cairn.bench.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bytes one process sent over its TCP connections to given ports, read from outside it with
 * {@code ss -tinpH state established} (the kernel's {@code tcp_info}: {@code bytes_acked}, the
 * payload bytes the peer acknowledged, retransmissions not counted twice), so that {@code bench
 * cluster --ratis-jvm process} can give Ratis's leader {@code leader_bytes_per_entry} as Cairn's
 * transport counts its own (session 19): the leader's process sends its peers the log over gRPC
 * channels it opens to their server ports, so its connections to those ports carry exactly that
 * (gRPC's HTTP/2 framing and protobuf included, as Cairn's frames count theirs).
 *
 * <p>A connection is known by its two addresses; {@link #minus} counts a connection opened in the
 * window whole and loses one closed in it (a lower bound then). Where {@code ss} is missing or
 * fails, {@link #read} returns null and so does the figure.
 *
 * <p>Thread-safety: stateless.
 */
final class SocketBytes {
  private static final Pattern PID = Pattern.compile("pid=(\\d+),");
  private static final Pattern ACKED = Pattern.compile("\\bbytes_acked:(\\d+)");

  private SocketBytes() {}

  /**
   * Acknowledged bytes by connection ({@code "LOCAL PEER"}) of process {@code pid}'s connections
   * whose peer port is one of {@code ports}, in an {@code ss -tinpH state established} text (a
   * line per connection: receive and send queues, local and peer address, {@code users:((...
   * pid=N ...))}; then an indented line of its {@code tcp_info}).
   */
  static Map<String, Long> parse(String ss, long pid, Set<Integer> ports) {
    Map<String, Long> acked = new HashMap<>();
    String connection = null;
    for (String line : ss.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      if (!Character.isWhitespace(line.charAt(0))) {
        connection = null;
        String[] fields = line.trim().split("\\s+");
        Matcher owner = PID.matcher(line);
        if (fields.length >= 4 && owner.find() && Long.parseLong(owner.group(1)) == pid
            && ports.contains(port(fields[3]))) {
          connection = fields[2] + " " + fields[3];
        }
      } else if (connection != null) {
        Matcher bytes = ACKED.matcher(line);
        if (bytes.find()) {
          acked.merge(connection, Long.parseLong(bytes.group(1)), Long::sum);
        }
        connection = null;
      }
    }
    return acked;
  }

  /** The port of an address as {@code ss} prints it ({@code 127.0.0.1:80}, {@code [::ffff:127.0.0.1]:80}); -1 if none. */
  static int port(String address) {
    int colon = address.lastIndexOf(':');
    try {
      return colon < 0 ? -1 : Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Bytes sent in a window: each connection's count after less its count before (0 if it is new). */
  static long minus(Map<String, Long> after, Map<String, Long> before) {
    long sent = 0;
    for (Map.Entry<String, Long> connection : after.entrySet()) {
      sent += Math.max(0, connection.getValue() - before.getOrDefault(connection.getKey(), 0L));
    }
    return sent;
  }

  /** {@link #parse} of this machine's {@code ss} now; null when it cannot be run. */
  static Map<String, Long> read(long pid, Set<Integer> ports) {
    try {
      Process ss = new ProcessBuilder(List.of("ss", "-tinpH", "state", "established")).redirectErrorStream(true)
          .start();
      try {
        String text = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!ss.waitFor(10, TimeUnit.SECONDS) || ss.exitValue() != 0) {
          return null;
        }
        return parse(text, pid, ports);
      } finally {
        ss.destroyForcibly();
      }
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
