package io.cairn.chain.dag;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Adversarial DAGs: a withheld sub-DAG released late, a fork that loses GHOST, orphans. */
class AdversaryTest {
  private static final DagBlock GENESIS = DagBlock.genesis(DagId.ofText("genesis"), List.of());

  /** A private chain of {@code length} blocks on {@code base}, claiming {@code key} first. */
  private static List<DagBlock> privateChain(DagId base, int length, DagTx claim) {
    List<DagBlock> chain = new ArrayList<>();
    DagId parent = base;
    for (int i = 0; i < length; i++) {
      DagBlock b = DagBlockCodec.create(Optional.of(parent), List.of(), i == 0 ? List.of(claim) : List.of(), 999_000 + i);
      chain.add(b);
      parent = b.id();
    }
    return chain;
  }

  private static DagTx tx(String id, String key) {
    return new DagTx(DagId.ofText(id), DagId.ofText(key));
  }

  @Test
  void aWithheldSubDagReleasedLateDoesNotMoveConfirmedEpochs() {
    DagNode honest = new DagNode(0, 1, GENESIS, 10);
    DagId forkBase = null;
    for (int i = 0; i < 30; i++) {
      if (i == 2) {
        forkBase = honest.order().pivotTip().orElseThrow();
      }
      honest.submit(tx("honest-" + i, "key-" + i));
      honest.generate();
    }
    int k = 5;
    int confirmed = honest.order().confirmedEpochs(k);
    List<DagEpoch> before = honest.order().epochs().subList(0, confirmed);
    // the attacker mined 10 blocks on height 2 in secret; its first block claims key-5 again
    List<DagBlock> withheld = privateChain(forkBase, 10, tx("attacker", "key-5"));
    for (DagBlock b : withheld) {
      honest.receive(b);
    }
    assertThat(honest.order().epochs().subList(0, confirmed)).isEqualTo(before);
    assertThat(honest.order().unorderedBlocks()).containsExactlyElementsOf(withheld.stream().map(DagBlock::id).toList());
    // the honest node's next block references the attacker's tip: the sub-DAG is ordered in that epoch
    DagBlock next = honest.generate();
    assertThat(next.refs()).containsExactly(withheld.getLast().id());
    assertThat(honest.order().unorderedBlocks()).isEmpty();
    assertThat(honest.order().epoch(honest.order().pivotLength() - 1).blocks())
        .containsSubsequence(withheld.getFirst().id(), withheld.getLast().id(), next.id());
    // the late claim of key-5 conflicts with the honest one ordered long before: dropped
    assertThat(honest.order().droppedTxs()).extracting(d -> d.tx().id().text(), DroppedTx::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("attacker", DroppedTx.Reason.CONFLICT));
  }

  @Test
  void aWithheldSubDagHeavierThanTheHonestOneTakesThePivot() {
    // the risk the depth rule carries: an attacker with more blocks than the honest network
    DagNode honest = new DagNode(0, 1, GENESIS, 10);
    for (int i = 0; i < 10; i++) {
      honest.generate();
    }
    List<DagEpoch> before = honest.order().epochs();
    List<DagBlock> withheld = privateChain(GENESIS.id(), 12, tx("attacker", "key"));
    withheld.forEach(honest::receive);
    assertThat(honest.order().pivotChain().subList(1, 13))
        .containsExactlyElementsOf(withheld.stream().map(DagBlock::id).toList());
    assertThat(honest.order().epochs().get(1)).isNotEqualTo(before.get(1));
  }

  @Test
  void aForkThatLosesGhostIsStillOrdered() {
    ConfluxOrder order = Dags.order(List.of(
        Dags.block("G", null, ""), Dags.block("a1", "G", ""), Dags.block("a2", "a1", ""), Dags.block("a3", "a2", ""),
        Dags.block("z1", "G", "", "tz"), Dags.block("z2", "z1", ""),
        Dags.block("a4", "a3", "z2")));
    assertThat(Dags.texts(order.pivotChain())).containsExactly("G", "a1", "a2", "a3", "a4");
    assertThat(Dags.texts(order.epoch(4).blocks())).containsExactly("z1", "z2", "a4");
    assertThat(Dags.texts(order.txOrder().stream().map(DagTx::id).toList())).containsExactly("tz");
  }

  @Test
  void aBlockWithAnUnknownParentIsHeldUntilItArrives() {
    DagNode maker = new DagNode(0, 1, GENESIS, 10);
    DagBlock first = maker.generate();
    DagBlock second = maker.generate();
    DagBlock third = maker.generate();
    DagNode late = new DagNode(0, 1, GENESIS, 10);
    assertThat(late.receive(third)).isEmpty();
    assertThat(late.receive(second)).isEmpty();
    assertThat(late.heldCount()).isEqualTo(2);
    assertThat(late.wanted()).containsExactly(first.id());
    assertThat(late.order().contains(third.id())).isFalse();
    assertThat(late.receive(first)).containsExactly(first, second, third);
    assertThat(late.heldCount()).isZero();
    assertThat(late.order().blockOrder()).isEqualTo(maker.order().blockOrder());
  }

  @Test
  void transactionsLeaveThePoolWhenABlockCarriesThem() {
    DagNode a = new DagNode(0, 1, GENESIS, 2);
    DagNode b = new DagNode(0, 1, GENESIS, 2);
    for (String t : List.of("t1", "t2", "t3")) {
      a.submit(DagTx.of(DagId.ofText(t)));
      b.submit(DagTx.of(DagId.ofText(t)));
    }
    DagBlock block = a.generate();
    assertThat(block.txs()).extracting(tx -> tx.id().text()).containsExactly("t1", "t2");
    assertThat(a.poolSize()).isEqualTo(1);
    b.receive(block);
    assertThat(b.poolSize()).isEqualTo(1);
    assertThat(b.submit(DagTx.of(DagId.ofText("t1")))).isFalse();
  }

  @Test
  void aNodePacksItsOwnShareFirstAndOthersOnlyAfterWaiting() {
    DagNode node = new DagNode(0, 2, GENESIS, 100);
    List<DagTx> mine = new ArrayList<>();
    List<DagTx> theirs = new ArrayList<>();
    for (int i = 0; mine.size() < 3 || theirs.size() < 3; i++) {
      DagTx tx = DagTx.of(DagId.ofText("tx" + i));
      (Math.floorMod(tx.key().hashCode(), 2) == 0 ? mine : theirs).add(tx);
    }
    mine.subList(0, 3).forEach(node::submit);
    theirs.subList(0, 3).forEach(node::submit);
    assertThat(node.generate().txs()).containsExactlyElementsOf(mine.subList(0, 3));
    for (int i = 1; i < DagNode.FOREIGN_PATIENCE; i++) {
      assertThat(node.generate().txs()).as("block %d", i + 1).isEmpty();
    }
    assertThat(node.generate().txs()).containsExactlyElementsOf(theirs.subList(0, 3));
  }
}
