package io.cairn.kraft.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.kraft.kademlia.Topology;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shapes a KRaft leader replicates in, as transcripts: for 4, 5, 7 and 10 voters (the scripted
 * cluster's fixed ids, so the topology is always the same), the groups, then what the leader sends
 * for one proposal and for one heartbeat round. A group with fewer than three members besides the
 * leader (a relay and one member at most) is served directly, as Raft serves it; a larger one gets
 * one append through its relay, the others in the fanout (kraft.md §7.5).
 */
class ReplicationShapeTest {

  /** Groups (head first, the leader starred), then the leader's sends after one proposal and one heartbeat round. */
  private static String transcript(int voters) {
    ScriptedCluster c = new ScriptedCluster(voters, b -> b.mode(Mode.KRAFT).rankStaggerTicks(2));
    Topology topology = Topology.of(c.status("n1").configuration());
    String leader = null;
    for (int i = 1; i <= voters && leader == null; i++) {
      if (topology.isCandidate(c.id("n" + i))) {
        leader = "n" + i;
      }
    }
    c.elect(leader);
    c.run(2);
    NodeId leaderId = c.id(leader);
    StringBuilder out = new StringBuilder();
    out.append(voters).append(" voters, groups:");
    for (Topology.Group group : topology.groups()) {
      out.append(" [");
      List<String> names = new ArrayList<>();
      for (NodeId member : group.members()) {
        names.add(c.name(member) + (member.equals(leaderId) ? "*" : ""));
      }
      out.append(String.join(" ", names)).append(']');
    }
    out.append('\n');
    out.append("relays:");
    c.status(leader).relays().forEach(relay -> out.append(' ').append(c.name(relay)));
    out.append('\n');
    c.clearSent();
    c.propose(leader, "x");
    out.append("append:");
    appendSends(c, leaderId, AppendRequest.class, out);
    c.stabilize();
    c.run(2);
    assertThat(c.allApplied(List.of("x"))).as("every member applied the entry").isTrue();
    c.clearSent();
    c.tick(leader, 1); // heartbeatTicks(1): one round
    out.append("heartbeat:");
    appendSends(c, leaderId, HeartbeatRequest.class, out);
    return out.toString();
  }

  private static void appendSends(ScriptedCluster c, NodeId leaderId, Class<? extends RelayableRequest> type,
      StringBuilder out) {
    List<String> sends = new ArrayList<>();
    for (Message message : c.sent()) {
      if (type.isInstance(message) && message.from().equals(leaderId) && message.relay() == null) {
        RelayableRequest request = (RelayableRequest) message;
        StringBuilder send = new StringBuilder(" ").append(c.name(message.to()));
        if (!request.fanout().isEmpty()) {
          List<String> fanout = new ArrayList<>();
          request.fanout().forEach(member -> fanout.add(c.name(member)));
          send.append("->{").append(String.join(" ", fanout)).append('}');
        }
        sends.add(send.toString());
      }
    }
    out.append(String.join(",", sends)).append('\n');
  }

  @Test
  void fourVotersAreServedDirectly() {
    // Before session 13: "append: n3->{n4}, n2", n4 two hops away.
    assertThat(transcript(4)).isEqualTo("""
        4 voters, groups: [n3 n4] [n1*] [n2]
        relays:
        append: n3, n4, n2
        heartbeat: n3, n4, n2
        """);
  }

  @Test
  void fiveVotersAreServedDirectly() {
    // Before session 13: "append: n3->{n4}, n5->{n2}": commit (two followers) waited for the slower
    // of two relays or a member two hops away, the shape of 38 % of 5-node draws.
    assertThat(transcript(5)).isEqualTo("""
        5 voters, groups: [n3 n4] [n1*] [n5 n2]
        relays:
        append: n3, n4, n5, n2
        heartbeat: n3, n4, n5, n2
        """);
  }

  @Test
  void sevenVotersRelayOnlyTheGroupsOfThree() {
    // Before session 13: "append: n6->{n3 n4}, n7, n5->{n1}".
    assertThat(transcript(7)).isEqualTo("""
        7 voters, groups: [n6 n3 n4] [n7] [n2* n5 n1]
        relays: n6
        append: n6->{n3 n4}, n7, n5, n1
        heartbeat: n6->{n3 n4}, n7, n5, n1
        """);
  }

  @Test
  void tenVotersRelayTheGroupsOfThreeAndMore() {
    // Before session 13: "append: n9->{n3}, n6->{n8 n4}, n7, n5->{n2 n10}".
    assertThat(transcript(10)).isEqualTo("""
        10 voters, groups: [n9 n3] [n6 n8 n4] [n1* n7] [n5 n2 n10]
        relays: n6 n5
        append: n9, n3, n6->{n8 n4}, n7, n5->{n2 n10}
        heartbeat: n9, n3, n6->{n8 n4}, n7, n5->{n2 n10}
        """);
  }
}
