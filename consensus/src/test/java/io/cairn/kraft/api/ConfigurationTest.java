package io.cairn.kraft.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.CorruptionException;
import io.cairn.common.InvalidArgumentException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigurationTest {
  private static final NodeId A = NodeId.fromPublicKey(new byte[] {1});
  private static final NodeId B = NodeId.fromPublicKey(new byte[] {2});
  private static final NodeId C = NodeId.fromPublicKey(new byte[] {3});

  @Test
  void singleServerChangesMoveOneNode() {
    Configuration base = Configuration.ofVoters(List.of(A, B));
    Configuration withLearner = base.apply(new ConfChange(ConfChange.Kind.ADD_LEARNER, C));
    assertThat(withLearner.isLearner(C)).isTrue();
    assertThat(withLearner.quorum()).isEqualTo(2);
    Configuration promoted = withLearner.apply(new ConfChange(ConfChange.Kind.PROMOTE_LEARNER, C));
    assertThat(promoted.voters()).containsExactlyInAnyOrder(A, B, C);
    assertThat(promoted.quorum()).isEqualTo(2);
    Configuration removed = promoted.apply(new ConfChange(ConfChange.Kind.REMOVE_NODE, A));
    assertThat(removed.voters()).containsExactlyInAnyOrder(B, C);
  }

  @Test
  void demotionKeepsTheNodeAsLearnerAndShrinksTheQuorum() {
    Configuration three = Configuration.ofVoters(List.of(A, B, C));
    Configuration demoted = three.apply(new ConfChange(ConfChange.Kind.DEMOTE_VOTER, C));
    assertThat(demoted.voters()).containsExactlyInAnyOrder(A, B);
    assertThat(demoted.learners()).containsExactly(C);
    assertThat(demoted.quorum()).isEqualTo(2);
    assertThat(demoted.apply(new ConfChange(ConfChange.Kind.REMOVE_NODE, C)).members()).containsExactlyInAnyOrder(A, B);
    assertThatThrownBy(() -> demoted.apply(new ConfChange(ConfChange.Kind.DEMOTE_VOTER, C))).hasMessageContaining("not a voter");
    Configuration single = Configuration.ofVoters(List.of(A));
    assertThatThrownBy(() -> single.apply(new ConfChange(ConfChange.Kind.DEMOTE_VOTER, A))).hasMessageContaining("last voter");
  }

  @Test
  void invalidChangesAreRefused() {
    Configuration base = Configuration.ofVoters(List.of(A));
    assertThatThrownBy(() -> base.apply(new ConfChange(ConfChange.Kind.ADD_LEARNER, A))).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> base.apply(new ConfChange(ConfChange.Kind.PROMOTE_LEARNER, B))).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> base.apply(new ConfChange(ConfChange.Kind.REMOVE_NODE, A))).hasMessageContaining("last voter");
    assertThatThrownBy(() -> Configuration.of(List.of(A, A), List.of())).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> Configuration.of(List.of(A), List.of(A))).hasMessageContaining("both");
  }

  @Test
  void encodingIsCanonicalAndStrict() {
    Configuration config = Configuration.of(List.of(C, A), List.of(B));
    byte[] encoded = config.encode();
    assertThat(Configuration.decode(encoded)).isEqualTo(config);
    assertThat(Configuration.of(List.of(A, C), List.of(B)).encode()).isEqualTo(encoded);
    // Swap the two voters: no longer ascending.
    byte[] unsorted = encoded.clone();
    System.arraycopy(encoded, 1 + 32, unsorted, 1, 32);
    System.arraycopy(encoded, 1, unsorted, 1 + 32, 32);
    assertThatThrownBy(() -> Configuration.decode(unsorted)).isInstanceOf(CorruptionException.class);
    byte[] trailing = java.util.Arrays.copyOf(encoded, encoded.length + 1);
    assertThatThrownBy(() -> Configuration.decode(trailing)).hasMessageContaining("trailing");
  }
}
