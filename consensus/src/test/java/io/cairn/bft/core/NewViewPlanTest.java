package io.cairn.bft.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.bft.api.BftCodec;
import io.cairn.bft.api.CheckpointProof;
import io.cairn.bft.api.PrePrepare;
import io.cairn.bft.api.PreparedProof;
import io.cairn.bft.api.Request;
import io.cairn.bft.api.ViewChange;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The new-view rule on hand-made view changes (validity is checked elsewhere; here only the choice). */
class NewViewPlanTest {
  private static final byte[] NONE = new byte[0];
  private static final CheckpointProof GENESIS = new CheckpointProof(0, ServiceState.genesisDigest(), List.of());

  private static PrePrepare pp(long view, long seq, int client) {
    List<Request> batch = List.of(new Request(client, 1, new byte[] {(byte) client}));
    return new PrePrepare((int) (view % 4), view, seq, BftCodec.batchDigest(batch), batch, NONE);
  }

  private static ViewChange change(int sender, List<PrePrepare> prepared, List<PrePrepare> accepted) {
    return new ViewChange(sender, 5, GENESIS, prepared.stream().map(p -> new PreparedProof(p, List.of())).toList(),
        accepted, NONE);
  }

  @Test
  void theHighestViewCertificateWinsNotTheMostCommon() {
    PrePrepare old = pp(1, 1, 10);
    PrePrepare newer = pp(3, 1, 20);
    NewViewPlan plan = NewViewPlan.compute(List.of(change(0, List.of(old), List.of()),
        change(1, List.of(old), List.of()), change(2, List.of(newer), List.of())), 1);
    assertThat(plan.entries()).singleElement().satisfies(e -> assertThat(e.digest()).isEqualTo(newer.digest()));
  }

  @Test
  void holesBelowTheHighestPreparedAreFilledWithNullRequests() {
    PrePrepare third = pp(2, 3, 30);
    NewViewPlan plan = NewViewPlan.compute(List.of(change(0, List.of(third), List.of()),
        change(1, List.of(), List.of()), change(2, List.of(), List.of())), 1);
    assertThat(plan.entries()).extracting(NewViewPlan.Entry::seq).containsExactly(1L, 2L, 3L);
    assertThat(plan.entries().get(0).batch()).isEmpty();
    assertThat(plan.entries().get(0).digest()).isEqualTo(BftCodec.batchDigest(List.of()));
    assertThat(plan.entries().get(2).batch()).isEqualTo(third.batch());
  }

  @Test
  void sbftKeepsAValueThatFPlusOneAcceptedInAHigherViewThanAnyCertificate() {
    PrePrepare certified = pp(1, 1, 10);
    PrePrepare fast = pp(2, 1, 20);
    NewViewPlan plan = NewViewPlan.compute(List.of(change(0, List.of(certified), List.of(certified)),
        change(1, List.of(), List.of(fast)), change(2, List.of(), List.of(fast))), 1);
    assertThat(plan.entries()).singleElement().satisfies(e -> assertThat(e.digest()).isEqualTo(fast.digest()));
  }

  @Test
  void fAcceptedReportsAloneDoNotOverrideACertificate() {
    PrePrepare certified = pp(1, 1, 10);
    PrePrepare claimed = pp(3, 1, 20);
    NewViewPlan plan = NewViewPlan.compute(List.of(change(0, List.of(certified), List.of(certified)),
        change(1, List.of(), List.of(claimed)), change(2, List.of(), List.of())), 1);
    assertThat(plan.entries()).singleElement().satisfies(e -> assertThat(e.digest()).isEqualTo(certified.digest()));
  }

  @Test
  void theHighestCheckpointStartsThePlan() {
    CheckpointProof later = new CheckpointProof(16, new byte[32], List.of());
    ViewChange ahead = new ViewChange(1, 5, later, List.of(), List.of(), NONE);
    NewViewPlan plan = NewViewPlan.compute(List.of(change(0, List.of(pp(1, 3, 1)), List.of()), ahead,
        change(2, List.of(), List.of())), 1);
    assertThat(plan.checkpoint().seq()).isEqualTo(16);
    assertThat(plan.entries()).isEmpty();
  }
}
