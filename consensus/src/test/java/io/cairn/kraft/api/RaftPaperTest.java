package io.cairn.kraft.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Raft's claims from the paper (Ongaro and Ousterhout, "In Search of an Understandable Consensus
 * Algorithm", §5), one scripted scenario each, in the style of etcd's {@code raft_paper_test.go}.
 * Log layout in every scenario: index 1 is the bootstrap configuration (term 1), index 2 the
 * first leader's no-op.
 */
class RaftPaperTest {
  private static ScriptedCluster plainRaft(int voters) {
    // The paper's Raft: no Pre-Vote, no CheckQuorum, so elections can be scripted directly.
    return new ScriptedCluster(voters, b -> b.preVote(false).checkQuorum(false));
  }

  @Test
  void figure8LeaderDoesNotCommitAnEarlierTermEntryByCountingReplicas() {
    ScriptedCluster c = new ScriptedCluster(5, b -> b.preVote(false).checkQuorum(false).maxEntriesBytesPerMessage(1));
    c.elect("n1");
    // (a) n1 (term 2) appends index 3 and it reaches only n2.
    for (String other : List.of("n3", "n4", "n5")) {
      c.cut("n1", other);
    }
    c.propose("n1", "a");
    c.stabilize();
    assertThat(c.storage("n2").lastIndex()).isEqualTo(3);
    // (b) n1 crashes; n5 wins term 3 with n3 and n4, appends its no-op at index 3, replicates nothing.
    c.crash("n1");
    c.heal();
    c.dropWhere(m -> m instanceof AppendRequest a && a.from().equals(c.id("n5")));
    c.elect("n5");
    assertThat(c.status("n5").term()).isEqualTo(3);
    c.crash("n5");
    c.heal();
    // (c) n1 restarts and wins term 4 (with n2, n3); it replicates its term-2 entry at index 3 to
    // n3 (one entry per message), but entries of term 4 do not get through.
    c.start("n1");
    c.dropWhere(m -> m instanceof AppendRequest a && a.entries().stream().anyMatch(e -> e.term() == 4)
        && c.storage(c.name(a.to())).lastIndex() >= 3);
    c.campaign("n1"); // term 3: n3 and n4 already voted for n5 in term 3
    c.stabilize();
    c.elect("n1");
    assertThat(c.status("n1").term()).isEqualTo(4);
    assertThat(c.storage("n3").term(3)).as("term-2 entry now on n1, n2, n3").isEqualTo(2);
    // A majority holds (3, term 2), yet it is not committed: n5 could still be elected and overwrite it.
    assertThat(c.status("n1").commit()).isEqualTo(2);
    // (e) Once an entry of term 4 reaches the majority, both commit.
    c.heal();
    for (int round = 0; round < 5; round++) {
      c.tickAll(1);
      c.stabilize();
    }
    assertThat(c.status("n1").commit()).isEqualTo(4);
    assertThat(c.appliedData("n1")).containsExactly("a");
  }

  @Test
  void eachServerVotesOnceperTermAndPersistsTheVoteBeforeReplying() {
    ScriptedCluster c = plainRaft(3);
    c.node("n2").step(new VoteRequest(c.id("n1"), c.id("n2"), 2, false, 1, 1, false, List.of(), null));
    Ready ready = c.node("n2").ready();
    assertThat(ready.hardState().vote()).isEqualTo(c.id("n1"));
    assertThat(ready.mustSync()).isTrue();
    assertThat(ready.messages()).singleElement()
        .isInstanceOfSatisfying(VoteResponse.class, r -> assertThat(r.reject()).isFalse());
    c.storage("n2").setHardState(ready.hardState());
    c.node("n2").advance(ready);
    // Same term, another candidate: refused.
    c.node("n2").step(new VoteRequest(c.id("n3"), c.id("n2"), 2, false, 1, 1, false, List.of(), null));
    assertThat(c.node("n2").ready().messages()).singleElement()
        .isInstanceOfSatisfying(VoteResponse.class, r -> assertThat(r.reject()).isTrue());
  }

  @Test
  void candidateWithAStaleLogIsNotElected() {
    ScriptedCluster c = plainRaft(3);
    c.elect("n1");
    c.isolate("n3");
    c.propose("n1", "x");
    c.stabilize();
    c.heal();
    // n3 lacks index 3: n1 and n2 refuse it (election restriction, §5.4.1).
    c.campaign("n3");
    c.stabilize();
    assertThat(c.status("n3").role()).isNotEqualTo(Role.LEADER);
    assertThat(c.status("n2").vote()).isNotEqualTo(c.id("n3"));
  }

  @Test
  void logMatchingFollowerRejectsAnAppendWhosePreviousEntryDiffers() {
    ScriptedCluster c = plainRaft(3);
    NodeId leader = c.id("n1");
    c.node("n2").step(new AppendRequest(leader, c.id("n2"), 2, 1, 7, List.of(new Entry(2, 2, EntryType.NORMAL, null)),
        0, List.of(), null, false));
    assertThat(c.node("n2").ready().messages()).singleElement()
        .isInstanceOfSatisfying(AppendResponse.class, r -> {
          assertThat(r.reject()).isTrue();
          assertThat(r.index()).isEqualTo(1);
        });
  }

  @Test
  void logMatchingConflictingUncommittedSuffixIsReplacedByTheLeaders() {
    ScriptedCluster c = plainRaft(3);
    c.elect("n1");
    c.isolate("n1");
    c.propose("n1", "lost-1");
    c.propose("n1", "lost-2");
    c.stabilize();
    c.heal();
    c.isolate("n1");
    c.elect("n2");
    c.propose("n2", "kept");
    c.stabilize();
    c.heal();
    c.tickAll(1);
    c.stabilize();
    // n1's uncommitted entries of term 2 were overwritten by n2's log; every log is identical.
    for (String n : List.of("n1", "n2", "n3")) {
      assertThat(c.appliedData(n)).as(n).containsExactly("kept");
      assertThat(c.storage(n).lastIndex()).isEqualTo(c.storage("n2").lastIndex());
    }
    for (long i = 1; i <= c.storage("n2").lastIndex(); i++) {
      assertThat(c.storage("n1").term(i)).isEqualTo(c.storage("n2").term(i));
    }
  }

  @Test
  void newLeaderAppendsANoOpAndCommitsEarlierEntriesThroughIt() {
    ScriptedCluster c = plainRaft(3);
    c.elect("n1");
    c.dropWhere(m -> m instanceof AppendResponse);
    c.propose("n1", "v");
    c.stabilize();
    assertThat(c.status("n1").commit()).isEqualTo(2);
    c.heal();
    c.crash("n1");
    c.elect("n2");
    Entry noOp = c.storage("n2").entries(4, 5, Long.MAX_VALUE).getFirst();
    assertThat(noOp.isNoOp()).isTrue();
    assertThat(noOp.term()).isEqualTo(3);
    assertThat(c.status("n2").commit()).isEqualTo(4);
    assertThat(c.appliedData("n2")).containsExactly("v");
  }

  @Test
  void leaderElectedWithAMajorityOnly() {
    ScriptedCluster c = plainRaft(5);
    c.isolate("n4");
    c.isolate("n5");
    c.cutBoth("n3", "n1");
    // n1 can reach n2 only: 2 of 5 votes.
    c.campaign("n1");
    c.stabilize();
    assertThat(c.status("n1").role()).isEqualTo(Role.CANDIDATE);
    c.heal();
    c.campaign("n1");
    c.stabilize();
    assertThat(c.leader()).isEqualTo("n1");
  }

  @Test
  void stateMachineSafetyAllNodesApplyTheSameSequence() {
    ScriptedCluster c = plainRaft(5);
    c.elect("n1");
    c.propose("n1", "a");
    c.crash("n3");
    c.propose("n1", "b");
    c.stabilize();
    c.start("n3");
    c.propose("n1", "c");
    c.tickAll(1);
    c.stabilize();
    assertThat(c.allApplied(List.of("a", "b", "c"))).isTrue();
  }
}
