package io.cairn.kraft.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.kraft.api.Configuration;
import io.cairn.kraft.api.NodeId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProgressTrackerTest {
  private static final NodeId A = new NodeId(0, 0, 0, 1);
  private static final NodeId B = new NodeId(0, 0, 0, 2);
  private static final NodeId C = new NodeId(0, 0, 0, 3);
  private static final NodeId D = new NodeId(0, 0, 0, 4);
  private static final NodeId L = new NodeId(0, 0, 0, 5);

  private static ProgressTracker tracker() {
    ProgressTracker tracker = new ProgressTracker(4);
    tracker.applyConfig(Configuration.of(List.of(A, B, C), List.of(L)), 1);
    return tracker;
  }

  @Test
  void committedIndexIsTheMajorityMatchAndIgnoresLearners() {
    ProgressTracker tracker = tracker();
    tracker.get(A).match = 9;
    tracker.get(B).match = 5;
    tracker.get(C).match = 2;
    tracker.get(L).match = 100;
    assertThat(tracker.committedIndex()).isEqualTo(5);
  }

  @Test
  void votesAreCountedOncePerVoter() {
    ProgressTracker tracker = tracker();
    tracker.recordVote(A, true);
    tracker.recordVote(B, false);
    tracker.recordVote(B, true);
    tracker.recordVote(L, true);
    tracker.recordVote(D, true);
    assertThat(tracker.tally()).isEqualTo(ProgressTracker.VoteResult.PENDING);
    tracker.recordVote(C, false);
    assertThat(tracker.tally()).isEqualTo(ProgressTracker.VoteResult.LOST);
  }

  @Test
  void quorumChecksCountOnlyVoters() {
    ProgressTracker tracker = tracker();
    assertThat(tracker.isQuorum(Set.of(A, L, D))).isFalse();
    assertThat(tracker.isQuorum(Set.of(A, C))).isTrue();
    tracker.get(B).recentActive = true;
    assertThat(tracker.quorumActive(A)).isTrue();
    tracker.get(B).recentActive = false;
    tracker.get(L).recentActive = true;
    assertThat(tracker.quorumActive(A)).isFalse();
  }

  @Test
  void progressSurvivesAConfigurationChangeForRemainingMembers() {
    ProgressTracker tracker = tracker();
    tracker.get(A).match = 7;
    tracker.applyConfig(Configuration.ofVoters(List.of(A, B, C, L)), 20);
    assertThat(tracker.get(A).match).isEqualTo(7);
    assertThat(tracker.get(L).learner).isFalse();
    assertThat(tracker.progress()).hasSize(4);
  }

  @Test
  void flowControlPausesProbesAndFullWindows() {
    Progress progress = new Progress(5, 2, false);
    progress.sentEntries(5, true, 0);
    assertThat(progress.isPaused()).isTrue();
    assertThat(progress.maybeUpdate(5, 1)).isTrue();
    progress.becomeReplicate();
    progress.sentEntries(6, true, 1);
    progress.sentEntries(7, true, 1);
    assertThat(progress.isPaused()).isTrue();
    progress.inflights.freeLe(6);
    assertThat(progress.isPaused()).isFalse();
    assertThat(progress.maybeDecrTo(4, 0)).as("stale rejection").isFalse();
    assertThat(progress.maybeDecrTo(7, 5)).isTrue();
    assertThat(progress.next).isEqualTo(6);
  }
}
