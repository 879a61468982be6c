package io.cairn.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link SocketBytes}: a leader process's bytes to its peers' ports, from {@code ss}'s text (session 19). */
class SocketBytesTest {
  private static final String SS = String.join("\n",
      "0      0      [::ffff:127.0.0.1]:41000 [::ffff:127.0.0.1]:5002 users:((\"java\",pid=100,fd=104))",
      "\t bbr wscale:10,10 rto:208 bytes_sent:9000 bytes_retrans:500 bytes_acked:8501 bytes_received:965 segs_out:32",
      "0      0      127.0.0.1:41001 127.0.0.1:5003 users:((\"java\",pid=100,fd=105))",
      "\t cubic rto:204 bytes_sent:3001 bytes_acked:3001 bytes_received:70",
      // the leader's own server port, a client's connection into it: not sent to a peer
      "0      0      127.0.0.1:5001 127.0.0.1:52000 users:((\"java\",pid=100,fd=106))",
      "\t cubic bytes_sent:777777 bytes_acked:777777",
      // a follower's connection to another follower: another process
      "0      0      127.0.0.1:41002 127.0.0.1:5003 users:((\"java\",pid=200,fd=90))",
      "\t cubic bytes_sent:55555 bytes_acked:55555",
      "");

  @Test
  void onlyTheProcesssConnectionsToThePeersPortsAreCounted() {
    Map<String, Long> acked = SocketBytes.parse(SS, 100, Set.of(5002, 5003));

    assertThat(acked).containsOnly(Map.entry("[::ffff:127.0.0.1]:41000 [::ffff:127.0.0.1]:5002", 8501L),
        Map.entry("127.0.0.1:41001 127.0.0.1:5003", 3001L));
    assertThat(SocketBytes.port("[::ffff:127.0.0.1]:5002")).isEqualTo(5002);
    assertThat(SocketBytes.port("no-port")).isEqualTo(-1);
  }

  @Test
  void aWindowCountsEachConnectionsGrowthAndANewConnectionWhole() {
    Map<String, Long> before = Map.of("a b", 1_000L, "c d", 500L, "gone x", 9_999L);
    Map<String, Long> after = Map.of("a b", 4_000L, "c d", 500L, "new y", 250L);

    assertThat(SocketBytes.minus(after, before)).isEqualTo(3_000 + 0 + 250);
  }
}
