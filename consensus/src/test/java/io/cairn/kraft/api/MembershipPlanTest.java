package io.cairn.kraft.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testing.Property;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MembershipPlanTest {
  private record Case(Configuration current, List<NodeId> wanted) {}

  private static NodeId node(int i) {
    return NodeId.fromPublicKey(new byte[] {(byte) i});
  }

  private static Case randomCase(SplittableRandom random) {
    List<NodeId> voters = new ArrayList<>();
    List<NodeId> learners = new ArrayList<>();
    List<NodeId> wanted = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      int role = random.nextInt(3);
      if (role == 1 || i == 0) {
        voters.add(node(i));
      } else if (role == 2) {
        learners.add(node(i));
      }
      if (random.nextInt(2) == 0) {
        wanted.add(node(i));
      }
    }
    return new Case(Configuration.of(voters, learners), wanted);
  }

  @Test
  void stepsMoveOneNodeEachAndReachTheWantedVotersWithinTheBound() {
    Property.of("the plan reaches wanted, one valid single-server change at a time", MembershipPlanTest::randomCase)
        .trials(1000)
        .check(c -> {
          Configuration config = c.current();
          Set<NodeId> members = new HashSet<>(config.members());
          Set<NodeId> wanted = new HashSet<>(c.wanted());
          long bound = 2L * members.stream().filter(m -> !wanted.contains(m)).count()
              + 2L * wanted.stream().filter(w -> !members.contains(w)).count() + config.learners().size();
          int steps = 0;
          for (ConfChange step = MembershipPlan.next(config, wanted); step != null;
              step = MembershipPlan.next(config, wanted)) {
            Configuration before = config;
            Configuration next = config.apply(step);
            Set<NodeId> moved = new HashSet<>(before.members());
            moved.addAll(next.members());
            moved.removeIf(n -> before.isVoter(n) == next.isVoter(n) && before.isLearner(n) == next.isLearner(n));
            assertThat(moved).containsExactly(step.node());
            config = next;
            assertThat(++steps).isLessThanOrEqualTo((int) bound);
          }
          if (wanted.isEmpty()) {
            assertThat(config.voters()).hasSize(1);
            assertThat(config.learners()).isEmpty();
          } else {
            assertThat(new HashSet<>(config.voters())).isEqualTo(wanted);
            assertThat(config.learners()).isEmpty();
          }
        });
  }

  @Test
  void aVoterIsDemotedBeforeItIsDroppedAndRemovalsComeBeforeAdditions() {
    Configuration three = Configuration.ofVoters(List.of(node(1), node(2), node(3)));
    List<NodeId> wanted = List.of(node(2), node(3), node(4));
    ConfChange first = MembershipPlan.next(three, wanted);
    assertThat(first).isEqualTo(new ConfChange(ConfChange.Kind.DEMOTE_VOTER, node(1)));
    Configuration demoted = three.apply(first);
    assertThat(MembershipPlan.next(demoted, wanted)).isEqualTo(new ConfChange(ConfChange.Kind.REMOVE_NODE, node(1)));
    Configuration dropped = demoted.apply(MembershipPlan.next(demoted, wanted));
    assertThat(MembershipPlan.next(dropped, wanted)).isEqualTo(new ConfChange(ConfChange.Kind.ADD_LEARNER, node(4)));
    Configuration joined = dropped.apply(MembershipPlan.next(dropped, wanted));
    assertThat(MembershipPlan.next(joined, wanted)).isEqualTo(new ConfChange(ConfChange.Kind.PROMOTE_LEARNER, node(4)));
    assertThat(MembershipPlan.next(joined.apply(MembershipPlan.next(joined, wanted)), wanted)).isNull();
  }
}
