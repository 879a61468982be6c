package io.cairn.replication.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.kraft.api.Configuration;
import io.cairn.kraft.api.Mode;
import io.cairn.kraft.api.NodeId;
import io.cairn.kraft.api.Role;
import io.cairn.kraft.api.Status;
import io.cairn.replication.api.KraftView;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The status API's view of KRaft's topology, in member numbers. */
class TopologyViewTest {
  private final Map<NodeId, Integer> members = new HashMap<>();

  private NodeId member(int id) {
    NodeId node = NodeId.fromPublicKey(("member " + id).getBytes(StandardCharsets.UTF_8));
    members.put(node, id);
    return node;
  }

  private static Status status(Configuration configuration, List<NodeId> relays) {
    NodeId self = configuration.voters().getFirst();
    return new Status(self, Role.LEADER, 3, self, self, 10, 10, 10, configuration, Map.of(), relays, null, null);
  }

  @Test
  void everyMemberIsInExactlyOneGroupHeadedByACandidateWithTheLeadersRelay() {
    List<NodeId> voters = new ArrayList<>();
    for (int id = 1; id <= 9; id++) {
      voters.add(member(id));
    }
    NodeId learner = member(10);
    Configuration configuration = Configuration.of(voters, List.of(learner));
    KraftView plain = TopologyView.of(Mode.KRAFT, status(configuration, List.of()), members::get);
    // Pick a relay: the second member of some group with more than one member.
    KraftView.Group crowded = plain.groups().stream().filter(g -> g.members().size() > 1).findFirst().orElseThrow();
    int relay = crowded.members().get(1);
    NodeId relayNode = members.entrySet().stream().filter(e -> e.getValue() == relay).findFirst().orElseThrow().getKey();

    KraftView view = TopologyView.of(Mode.KRAFT, status(configuration, List.of(relayNode)), members::get);
    assertThat(view.mode()).isEqualTo("kraft");
    assertThat(view.candidates()).hasSize(3).doesNotContain(10).doesNotHaveDuplicates();
    assertThat(view.groups()).hasSize(3);
    List<Integer> grouped = new ArrayList<>();
    for (KraftView.Group group : view.groups()) {
      assertThat(view.candidates()).contains(group.head());
      assertThat(group.members().getFirst()).isEqualTo(group.head());
      assertThat(group.relay()).isEqualTo(group.head() == crowded.head() ? relay : 0);
      grouped.addAll(group.members());
    }
    assertThat(grouped).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
  }

  @Test
  void raftModeAndAnUnknownStatusHaveNoStructure() {
    Configuration configuration = Configuration.ofVoters(List.of(member(1), member(2), member(3)));
    assertThat(TopologyView.of(Mode.RAFT, status(configuration, List.of()), members::get))
        .isEqualTo(new KraftView("raft", List.of(), List.of()));
    assertThat(TopologyView.of(Mode.KRAFT, null, members::get)).isEqualTo(new KraftView("kraft", List.of(), List.of()));
  }
}
