package io.cairn.kraft.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.kraft.kademlia.Topology;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Kademlia-Raft (KRaft) behaviour, scripted: the candidate layer campaigns first and any node
 * later, the leader replicates through one relay per group, relays return individual answers,
 * votes and acknowledgements count per node, a dead relay's group is served directly.
 */
class KraftTest {
  private static final int VOTERS = 16;

  private static ScriptedCluster kraft(Consumer<KraftConfig.Builder> more) {
    return new ScriptedCluster(VOTERS, b -> {
      b.mode(Mode.KRAFT).rankStaggerTicks(2).relayTimeoutTicks(3);
      more.accept(b);
    });
  }

  private static Topology topology(ScriptedCluster c) {
    return Topology.of(c.status("n1").configuration());
  }

  private static String firstCandidate(ScriptedCluster c) {
    Topology topology = topology(c);
    for (int i = 1; i <= VOTERS; i++) {
      if (topology.isCandidate(c.id("n" + i))) {
        return "n" + i;
      }
    }
    throw new AssertionError("no candidate layer");
  }

  private static List<String> names(ScriptedCluster c) {
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= VOTERS; i++) {
      names.add("n" + i);
    }
    return names;
  }

  @Test
  void theCandidateLayerCampaignsFirst() {
    ScriptedCluster c = kraft(b -> { });
    Topology topology = topology(c);
    assertThat(topology.candidates()).hasSize(4);
    List<String> firstCampaigners = new ArrayList<>();
    for (int tick = 0; tick < 40 && firstCampaigners.isEmpty(); tick++) {
      c.tickAll(1);
      for (String name : names(c)) {
        if (c.status(name).role() != Role.FOLLOWER) {
          firstCampaigners.add(name);
        }
      }
      c.stabilize();
    }
    assertThat(firstCampaigners).singleElement().satisfies(name -> assertThat(topology.isCandidate(c.id(name))).isTrue());
    c.run(10);
    assertThat(topology.isCandidate(c.id(c.leader()))).isTrue();
  }

  @Test
  void anyNodeCampaignsAfterTheFallbackDelayWhenTheCandidateLayerIsDown() {
    ScriptedCluster c = kraft(b -> { });
    Topology topology = topology(c);
    for (String name : names(c)) {
      if (topology.isCandidate(c.id(name))) {
        c.crash(name);
      }
    }
    c.run(80);
    assertThat(c.leader()).isNotNull();
    assertThat(topology.isCandidate(c.id(c.leader()))).isFalse();
  }

  @Test
  void theLeaderSendsOneAppendPerGroupAndEveryMemberApplies() {
    ScriptedCluster c = kraft(b -> { });
    String leader = firstCandidate(c);
    c.elect(leader);
    c.run(2);
    c.clearSent();
    c.propose(leader, "x");
    NodeId leaderId = c.id(leader);
    List<Message> fromLeader = c.sent().stream().filter(m -> m.from().equals(leaderId)).toList();
    assertThat(fromLeader).hasSize(topology(c).groups().size());
    assertThat(fromLeader).allSatisfy(m -> assertThat(m).isInstanceOf(AppendRequest.class));
    c.stabilize();
    c.run(2);
    assertThat(c.allApplied(List.of("x"))).isTrue();
    // The answers came back bundled by relays, one response per member inside.
    List<RelayBundle> bundles = c.sent().stream()
        .filter(m -> m instanceof RelayBundle && m.to().equals(leaderId)).map(m -> (RelayBundle) m).toList();
    assertThat(bundles).isNotEmpty();
    assertThat(bundles).allSatisfy(b -> assertThat(b.responses()).allSatisfy(r -> assertThat(r.to()).isEqualTo(leaderId)));
  }

  @Test
  void withDirectAcknowledgementsMembersAnswerTheLeaderThemselves() {
    ScriptedCluster c = kraft(b -> b.ackPath(AckPath.DIRECT));
    String leader = firstCandidate(c);
    c.elect(leader);
    c.run(2);
    c.clearSent();
    c.propose(leader, "y");
    c.stabilize();
    NodeId leaderId = c.id(leader);
    assertThat(c.sent()).noneMatch(m -> m instanceof RelayBundle && m.to().equals(leaderId));
    Set<NodeId> acked = new HashSet<>();
    c.sent().stream().filter(m -> m instanceof AppendResponse && m.to().equals(leaderId) && m.relay() == null)
        .forEach(m -> acked.add(m.from()));
    assertThat(acked).hasSize(VOTERS - 1);
    c.run(2);
    assertThat(c.allApplied(List.of("y"))).isTrue();
  }

  @Test
  void votesCountOncePerVoterHoweverManyCopiesArrive() {
    ScriptedCluster c = new ScriptedCluster(5, b -> b.mode(Mode.KRAFT).preVote(false));
    RawKraft candidate = c.node("n1");
    candidate.campaign();
    Ready ready = candidate.ready();
    c.storage("n1").append(ready.entries());
    c.storage("n1").setHardState(ready.hardState());
    candidate.advance(ready);
    long term = candidate.status().term();
    VoteResponse grant = new VoteResponse(c.id("n2"), c.id("n1"), term, false, false, c.id("n2"));
    candidate.step(new RelayBundle(c.id("n2"), c.id("n1"), List.of(grant, grant, grant)));
    assertThat(candidate.status().role()).as("self + n2 = 2 of 5").isEqualTo(Role.CANDIDATE);
    candidate.step(new RelayBundle(c.id("n2"), c.id("n1"),
        List.of(new VoteResponse(c.id("n3"), c.id("n1"), term, false, false, c.id("n2")))));
    assertThat(candidate.status().role()).isEqualTo(Role.LEADER);
  }

  @Test
  void aDeadRelaysGroupIsServedDirectlyAndTheRelayRotates() {
    ScriptedCluster c = kraft(b -> { });
    String leader = firstCandidate(c);
    c.elect(leader);
    c.run(2);
    List<NodeId> relays = c.status(leader).relays();
    NodeId dead = relays.stream().filter(r -> !r.equals(c.id(leader))).findFirst().orElseThrow();
    c.crash(c.name(dead));
    c.propose(leader, "z");
    c.run(6);
    assertThat(c.status(leader).relays()).doesNotContain(dead);
    Set<String> live = new HashSet<>(names(c));
    live.remove(c.name(dead));
    for (String name : live) {
      assertThat(c.appliedData(name)).as(name).containsExactly("z");
    }
  }

  @Test
  void aRelayForwardsTheSameRequestAndReturnsItsMembersAnswers() {
    ScriptedCluster c = new ScriptedCluster(5, b -> b.mode(Mode.KRAFT));
    NodeId leader = c.id("n1");
    AppendRequest request = new AppendRequest(leader, c.id("n2"), 2, 1, 1,
        List.of(new Entry(2, 2, EntryType.NORMAL, null)), 1, List.of(c.id("n3"), c.id("n4")), null, false);
    c.node("n2").step(request);
    c.stabilize();
    List<AppendRequest> forwarded = c.sent().stream()
        .filter(m -> m instanceof AppendRequest a && c.id("n2").equals(a.relay())).map(m -> (AppendRequest) m).toList();
    assertThat(forwarded).hasSize(2);
    assertThat(forwarded).allSatisfy(a -> {
      assertThat(a.from()).isEqualTo(leader);
      assertThat(a.term()).isEqualTo(request.term());
      assertThat(a.entries()).isEqualTo(request.entries());
      assertThat(a.prevIndex()).isEqualTo(request.prevIndex());
      assertThat(a.commit()).isEqualTo(request.commit());
    });
    List<RelayBundle> bundles = c.sent().stream().filter(m -> m instanceof RelayBundle).map(m -> (RelayBundle) m).toList();
    assertThat(bundles).singleElement().satisfies(b -> {
      assertThat(b.to()).isEqualTo(leader);
      assertThat(b.responses()).extracting(Message::from)
          .containsExactlyInAnyOrder(c.id("n2"), c.id("n3"), c.id("n4"));
    });
  }

  @Test
  void aRelayFeedsAMemberThatFellBehindFromItsOwnLog() {
    ScriptedCluster c = kraft(b -> b.maxEntriesBytesPerMessage(1));
    String leader = firstCandidate(c);
    c.elect(leader);
    c.run(2);
    NodeId leaderId = c.id(leader);
    List<NodeId> relays = c.status(leader).relays();
    Topology.Group group = topology(c).groups().stream()
        .filter(g -> !g.members().contains(leaderId) && g.members().size() >= 3).findFirst().orElseThrow();
    NodeId lagging = group.members().stream().filter(m -> !relays.contains(m)).findFirst().orElseThrow();
    c.dropWhere(m -> m instanceof AppendRequest && m.to().equals(lagging));
    List<String> written = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      written.add("e" + i);
      c.propose(leader, "e" + i);
      c.stabilize();
    }
    c.dropWhere(m -> false);
    c.clearSent();
    c.run(30);
    assertThat(c.appliedData(c.name(lagging))).isEqualTo(written);
    // One entry fits in a message, so the member lacked ten messages' worth. The leader probed it
    // (directly) and its relay fed it the rest from its own log, in appends naming the leader.
    long direct = c.sent().stream().filter(m -> m instanceof AppendRequest a && a.to().equals(lagging)
        && a.relay() == null && !a.entries().isEmpty()).count();
    assertThat(direct).isLessThanOrEqualTo(2);
    assertThat(c.sent()).anySatisfy(m -> {
      assertThat(m).isInstanceOfSatisfying(AppendRequest.class, a -> {
        assertThat(a.to()).isEqualTo(lagging);
        assertThat(a.from()).isEqualTo(leaderId);
        assertThat(a.relay()).isIn(group.members());
        assertThat(a.fanout()).isEmpty();
        assertThat(a.entries()).isNotEmpty();
      });
    });
  }
}
