package io.cairn.kraft.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.InvalidArgumentException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The extensions of Ongaro's thesis the core implements, one scripted scenario each: Pre-Vote
 * (§9.6), CheckQuorum, the leader lease on votes (§4.2.3), ReadIndex (§6.4), leadership transfer
 * (§3.10), learners and single-server membership changes (§4.1-4.2), and the Ready contract.
 */
class RaftThesisTest {
  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void preVoteKeepsAPartitionedNodeFromRaisingItsTerm() {
    ScriptedCluster c = new ScriptedCluster(3);
    c.elect("n1");
    long term = c.status("n1").term();
    c.isolate("n3");
    c.run(50);
    assertThat(c.status("n3").term()).as("n3 only pre-campaigned").isEqualTo(term);
    c.heal();
    c.run(2);
    assertThat(c.leader()).isEqualTo("n1");
    assertThat(c.status("n1").term()).isEqualTo(term);
  }

  @Test
  void checkQuorumLeaderStepsDownWhenCutOffFromTheMajority() {
    ScriptedCluster c = new ScriptedCluster(3);
    c.elect("n1");
    c.isolate("n1");
    c.tick("n1", 25);
    assertThat(c.status("n1").role()).isEqualTo(Role.FOLLOWER);
  }

  @Test
  void votesAreRefusedWhileALeaderWasHeardRecently() {
    ScriptedCluster c = new ScriptedCluster(3, b -> b.preVote(false));
    c.elect("n1");
    long term = c.status("n1").term();
    // n3 campaigns without Pre-Vote (as a disruptive, e.g. removed, server would): its higher term
    // is ignored by n2, which heard from n1 within the election timeout.
    c.campaign("n3");
    c.stabilize();
    assertThat(c.status("n2").term()).isEqualTo(term);
    assertThat(c.status("n2").vote()).isEqualTo(c.id("n1"));
    assertThat(c.leader()).isEqualTo("n1");
  }

  @Test
  void readIndexConfirmsLeadershipWithAHeartbeatRoundBeforeAnswering() {
    ScriptedCluster c = new ScriptedCluster(3);
    c.elect("n1");
    c.propose("n1", "x");
    c.stabilize();
    c.isolate("n1");
    c.node("n1").readIndex(bytes("r1"));
    c.stabilize();
    assertThat(c.reads("n1")).as("no quorum, no answer").isEmpty();
    c.heal();
    c.node("n1").readIndex(bytes("r2"));
    c.stabilize();
    assertThat(c.reads("n1")).extracting(ReadState::index).containsOnly(3L);
    assertThat(c.reads("n1")).extracting(r -> new String(r.context(), StandardCharsets.UTF_8))
        .contains("r2");
  }

  @Test
  void readIndexOnAFollowerIsAnsweredThroughTheLeader() {
    ScriptedCluster c = new ScriptedCluster(3);
    c.elect("n1");
    c.propose("n1", "x");
    c.stabilize();
    assertThat(c.node("n2").readIndex(bytes("f"))).isTrue();
    c.stabilize();
    assertThat(c.reads("n2")).singleElement().satisfies(r -> assertThat(r.index()).isEqualTo(3));
  }

  @Test
  void readIndexWaitsUntilTheNewLeaderCommittedInItsTerm() {
    ScriptedCluster c = new ScriptedCluster(3, b -> b.preVote(false).checkQuorum(false));
    c.dropWhere(m -> m instanceof AppendResponse);
    c.campaign("n1");
    c.stabilize();
    c.node("n1").readIndex(bytes("early"));
    c.stabilize();
    assertThat(c.reads("n1")).as("the no-op is not committed yet").isEmpty();
    c.heal();
    c.tickAll(3);
    c.stabilize();
    assertThat(c.reads("n1")).singleElement().satisfies(r -> assertThat(r.index()).isEqualTo(2));
  }

  @Test
  void leadershipTransferHandsOverAndRefusesProposalsMeanwhile() {
    ScriptedCluster c = new ScriptedCluster(3);
    c.elect("n1");
    c.cut("n1", "n3");
    c.propose("n1", "a");
    c.stabilize();
    c.node("n1").transferLeadership(c.id("n3"));
    assertThatThrownBy(() -> c.node("n1").propose(bytes("b")))
        .isInstanceOfSatisfying(ProposalDroppedException.class,
            e -> assertThat(e.reason()).isEqualTo(ProposalDroppedException.Reason.TRANSFERRING_LEADERSHIP));
    c.heal();
    c.tickAll(1);
    c.stabilize();
    assertThat(c.leader()).isEqualTo("n3");
  }

  @Test
  void learnersReceiveTheLogButNeitherVoteNorCountForCommit() {
    ScriptedCluster c = new ScriptedCluster(3);
    c.elect("n1");
    c.start("n4");
    c.node("n1").proposeConfChange(new ConfChange(ConfChange.Kind.ADD_LEARNER, c.id("n4")));
    c.stabilize();
    assertThat(c.status("n4").configuration().isLearner(c.id("n4"))).isTrue();
    c.isolate("n2");
    c.isolate("n3");
    c.propose("n1", "needs-a-voter");
    c.stabilize();
    assertThat(c.status("n4").lastIndex()).isEqualTo(c.status("n1").lastIndex());
    assertThat(c.status("n1").commit()).as("the learner's copy does not count").isLessThan(c.status("n1").lastIndex());
    c.node("n4").campaign();
    c.stabilize();
    assertThat(c.status("n4").role()).isEqualTo(Role.FOLLOWER);
  }

  @Test
  void oneConfigurationChangeAtATimeAndOnlyAfterTheLeaderCommittedInItsTerm() {
    ScriptedCluster c = new ScriptedCluster(3, b -> b.preVote(false).checkQuorum(false));
    c.dropWhere(m -> m instanceof AppendResponse);
    c.campaign("n1");
    c.stabilize();
    assertThatThrownBy(() -> c.node("n1").proposeConfChange(new ConfChange(ConfChange.Kind.ADD_LEARNER, c.declare("n4"))))
        .isInstanceOfSatisfying(ProposalDroppedException.class,
            e -> assertThat(e.reason()).isEqualTo(ProposalDroppedException.Reason.NOTHING_COMMITTED_IN_TERM));
    c.heal();
    c.tickAll(2);
    c.stabilize();
    c.dropWhere(m -> m instanceof AppendResponse);
    c.node("n1").proposeConfChange(new ConfChange(ConfChange.Kind.ADD_LEARNER, c.declare("n4")));
    assertThatThrownBy(() -> c.node("n1").proposeConfChange(new ConfChange(ConfChange.Kind.ADD_LEARNER, c.declare("n5"))))
        .isInstanceOfSatisfying(ProposalDroppedException.class,
            e -> assertThat(e.reason()).isEqualTo(ProposalDroppedException.Reason.CONFIGURATION_CHANGE_PENDING));
    assertThatThrownBy(() -> c.node("n1").proposeConfChange(new ConfChange(ConfChange.Kind.PROMOTE_LEARNER, c.id("n4"))))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void aConfigurationTakesEffectWhenAppendedAndIsRolledBackWhenTruncated() {
    ScriptedCluster c = new ScriptedCluster(5, b -> b.preVote(false).checkQuorum(false));
    c.elect("n1");
    for (String other : List.of("n3", "n4", "n5")) {
      c.cut("n1", other);
    }
    c.node("n1").proposeConfChange(new ConfChange(ConfChange.Kind.REMOVE_NODE, c.id("n5")));
    c.stabilize();
    // Appended on n1 and n2, not committed: both already count without n5.
    assertThat(c.status("n2").configuration().voters()).hasSize(4);
    c.heal();
    c.crash("n1");
    c.elect("n3");
    c.run(2);
    // n3's term overwrote the uncommitted entry on n2: the configuration is five voters again.
    assertThat(c.status("n2").configuration().voters()).hasSize(5);
    assertThat(c.status("n3").configuration().voters()).hasSize(5);
  }

  @Test
  void learnerIsPromotedAfterCatchUpRounds() {
    ScriptedCluster c = new ScriptedCluster(3);
    c.elect("n1");
    c.start("n4");
    c.node("n1").proposeConfChange(new ConfChange(ConfChange.Kind.ADD_LEARNER, c.id("n4")));
    c.stabilize();
    c.cut("n1", "n4");
    for (int i = 0; i < 20; i++) {
      c.propose("n1", "e" + i);
    }
    c.stabilize();
    c.node("n1").promoteLearner(c.id("n4"));
    assertThat(c.status("n1").promotion()).as("the learner is 20 entries behind").isEqualTo(c.id("n4"));
    assertThat(c.status("n1").configuration().isLearner(c.id("n4"))).isTrue();
    c.heal();
    c.run(3);
    assertThat(c.status("n1").configuration().isVoter(c.id("n4"))).isTrue();
    assertThat(c.status("n1").promotion()).isNull();
  }

  @Test
  void promotionOfADeadLearnerIsAbandoned() {
    ScriptedCluster c = new ScriptedCluster(3, b -> b.catchUpRoundsMax(2));
    c.elect("n1");
    c.start("n4");
    c.node("n1").proposeConfChange(new ConfChange(ConfChange.Kind.ADD_LEARNER, c.id("n4")));
    c.stabilize();
    c.crash("n4");
    c.propose("n1", "more");
    c.node("n1").promoteLearner(c.id("n4"));
    c.run(30);
    assertThat(c.status("n1").promotion()).isNull();
    assertThat(c.status("n1").lastPromotionFailure()).contains("no progress");
    assertThat(c.status("n1").configuration().isLearner(c.id("n4"))).isTrue();
  }

  @Test
  void aRemovedLeaderStepsDownOnceItsRemovalCommits() {
    ScriptedCluster c = new ScriptedCluster(3);
    c.elect("n1");
    c.node("n1").proposeConfChange(new ConfChange(ConfChange.Kind.REMOVE_NODE, c.id("n1")));
    c.stabilize();
    c.run(1);
    assertThat(c.status("n1").role()).isEqualTo(Role.FOLLOWER);
    c.run(40);
    assertThat(c.leader()).isIn("n2", "n3");
  }

  @Test
  void aLeaderDemotedThenRemovedHandsOverWithoutLosingAnEntry() {
    ScriptedCluster c = new ScriptedCluster(3);
    c.elect("n1");
    c.propose("n1", "before");
    c.stabilize();
    c.node("n1").proposeConfChange(new ConfChange(ConfChange.Kind.DEMOTE_VOTER, c.id("n1")));
    assertThatThrownBy(() -> c.node("n1").proposeConfChange(new ConfChange(ConfChange.Kind.REMOVE_NODE, c.id("n1"))))
        .isInstanceOf(ProposalDroppedException.class).hasMessageContaining("not committed yet");
    c.stabilize();
    c.run(1);
    assertThat(c.status("n1").role()).isEqualTo(Role.FOLLOWER);
    assertThat(c.status("n1").configuration().isLearner(c.id("n1"))).isTrue();
    c.run(40);
    String next = c.leader();
    assertThat(next).isIn("n2", "n3");
    c.propose(next, "after");
    c.stabilize();
    c.node(next).proposeConfChange(new ConfChange(ConfChange.Kind.REMOVE_NODE, c.id("n1")));
    c.stabilize();
    assertThat(c.status(next).configuration().members()).containsExactlyInAnyOrder(c.id("n2"), c.id("n3"));
    assertThat(c.status("n2").commit()).isEqualTo(c.status("n3").commit());
  }

  @Test
  void lateFollowerCatchesUpFromASnapshotSentInChunks() {
    ScriptedCluster c = new ScriptedCluster(3, b -> b.snapshotChunkBytes(3));
    long index = c.restartBehindACompactedLog(bytes("state-of-ten-entries"));
    c.run(5);
    long chunks = c.sent().stream().filter(m -> m instanceof SnapshotChunk).count();
    assertThat(chunks).isEqualTo((long) Math.ceil("state-of-ten-entries".length() / 3.0));
    assertThat(c.storage("n3").snapshot().data()).isEqualTo(bytes("state-of-ten-entries"));
    assertThat(c.status("n3").commit()).isEqualTo(index);
  }

  @Test
  void snapshotChunksArePipelinedUpToTheWindowAndALostChunkIsResent() {
    ScriptedCluster c = new ScriptedCluster(3, b -> b.snapshotChunkBytes(3).snapshotChunksInFlight(4));
    byte[] state = bytes("state-of-ten-entries");
    long index = c.restartBehindACompactedLog(state);
    boolean[] dropped = {false};
    c.dropWhere(m -> m instanceof SnapshotChunk chunk && chunk.offset() == 12 && !dropped[0] && (dropped[0] = true));
    c.run(30);
    assertThat(dropped[0]).isTrue();
    // Four chunks leave before the member has answered any of them.
    List<Message> transfer = c.sent().stream()
        .filter(m -> m instanceof SnapshotChunk || m instanceof SnapshotResponse).toList();
    assertThat(transfer.subList(0, 5)).extracting(m -> m instanceof SnapshotChunk chunk ? chunk.offset() : -1L)
        .containsExactly(0L, 3L, 6L, 9L, -1L);
    assertThat(c.storage("n3").snapshot().data()).isEqualTo(state);
    assertThat(c.status("n3").commit()).isEqualTo(index);
    long chunks = c.sent().stream().filter(m -> m instanceof SnapshotChunk).count();
    assertThat(chunks).isGreaterThan((long) Math.ceil(state.length / 3.0)); // the lost chunk and those after it, again
  }

  @Test
  void aSilentMemberIsProbedWithOneChunkNotTheWholeWindowAgain() {
    ScriptedCluster c = new ScriptedCluster(3, b -> b.snapshotChunkBytes(3).snapshotChunksInFlight(4));
    byte[] state = bytes("state-of-ten-entries");
    long index = c.restartBehindACompactedLog(state);
    int[] answers = {0};
    // The member takes the first window but its four answers are lost: the leader hears nothing.
    c.dropWhere(m -> m instanceof SnapshotResponse && answers[0]++ < 4);
    c.run(30);
    List<Long> offsets = c.sent().stream()
        .filter(m -> m instanceof SnapshotChunk).map(m -> ((SnapshotChunk) m).offset()).toList();
    // The window, then one probe at the acknowledged offset; its answer (12 bytes held) reopens
    // the window where the member stands.
    assertThat(offsets.subList(0, 6)).containsExactly(0L, 3L, 6L, 9L, 0L, 12L);
    assertThat(c.storage("n3").snapshot().data()).isEqualTo(state);
    assertThat(c.status("n3").commit()).isEqualTo(index);
  }

  @Test
  void readyMustBeAdvancedBeforeTheNodeTakesMoreInput() {
    ScriptedCluster c = new ScriptedCluster(3);
    RawKraft node = c.node("n1");
    node.campaign();
    Ready ready = node.ready();
    assertThatThrownBy(node::tick).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(node::ready).isInstanceOf(IllegalStateException.class);
    assertThat(node.hasReady()).isFalse();
    node.advance(ready);
    assertThat(List.of(ready.messages().size())).isNotEmpty();
  }
}
