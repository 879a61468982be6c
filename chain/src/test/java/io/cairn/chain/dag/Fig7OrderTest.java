package io.cairn.chain.dag;

import static io.cairn.chain.dag.Dags.block;
import static io.cairn.chain.dag.Dags.id;
import static io.cairn.chain.dag.Dags.texts;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The worked example of the paper (Fig 7 of seed 004, Conflux ATC'20) and the tie rules. */
class Fig7OrderTest {
  @Test
  void figure7TotalOrder() {
    ConfluxOrder order = Dags.order(Dags.figure7());
    assertThat(texts(order.pivotChain())).containsExactly("Genesis", "A", "C", "E", "H");
    assertThat(texts(order.blockOrder()))
        .containsExactly("Genesis", "A", "B", "C", "D", "F", "E", "G", "J", "I", "H");
    assertThat(texts(order.epoch(4).blocks())).containsExactly("G", "J", "I", "H");
    assertThat(texts(order.unorderedBlocks())).containsExactly("K");
    assertThat(texts(order.tips())).containsExactly("H", "K");
  }

  @Test
  void kIsOrderedOnlyOnceALaterBlockReferencesIt() {
    ConfluxOrder order = Dags.order(Dags.figure7());
    assertThat(order.pivotTip()).contains(id("H"));
    order.add(block("N", "H", "K"));
    assertThat(texts(order.blockOrder()))
        .containsExactly("Genesis", "A", "B", "C", "D", "F", "E", "G", "J", "I", "H", "K", "N");
    assertThat(order.unorderedBlocks()).isEmpty();
  }

  @Test
  void ghostComparesSubtreeSizesNotChildCounts() {
    // A has two children, B one child with a long chain under it: B's subtree is larger.
    ConfluxOrder order = Dags.order(List.of(
        block("G", null, ""), block("A", "G", ""), block("A1", "A", ""), block("A2", "A", ""),
        block("B", "G", ""), block("B1", "B", ""), block("B2", "B1", ""), block("B3", "B2", "")));
    assertThat(order.subtreeWeight(id("A"))).isEqualTo(3);
    assertThat(order.subtreeWeight(id("B"))).isEqualTo(4);
    assertThat(texts(order.pivotChain())).containsExactly("G", "B", "B1", "B2", "B3");
  }

  @Test
  void equalSubtreesGoToTheLargerId() {
    ConfluxOrder order = Dags.order(List.of(block("G", null, ""), block("X", "G", ""), block("Y", "G", "")));
    assertThat(texts(order.pivotChain())).containsExactly("G", "Y");
    assertThat(texts(order.blockOrder())).containsExactly("G", "Y");
    ConfluxOrder other = Dags.order(List.of(block("G", null, ""), block("Y", "G", ""), block("X", "G", "")));
    assertThat(texts(other.pivotChain())).containsExactly("G", "Y");
  }

  @Test
  void insideAnEpochTheLargestSinkGoesLast() {
    // consensus.md §4.2: hashes B=0x90, D=0x30 (child of B), F=0x40; epoch E orders B, D, F.
    ConfluxOrder order = Dags.order(List.of(
        block("G", null, ""), block("50", "G", ""), block("90", "G", ""), block("40", "G", ""),
        block("20", "50", ""), block("30", "90", ""), block("70", "20", "30,40")));
    assertThat(texts(order.pivotChain())).containsExactly("G", "50", "20", "70");
    assertThat(texts(order.epoch(3).blocks())).containsExactly("90", "30", "40", "70");
  }

  @Test
  void duplicateAndConflictingTransactionsAreDroppedLater() {
    List<DagBlock> blocks = new ArrayList<>(List.of(
        block("G", null, ""), block("A", "G", "", "t1,t2"), block("B", "G", "", "t2,t3")));
    blocks.add(new DagBlock(id("C"), java.util.Optional.of(id("B")), List.of(id("A")),
        List.of(new DagTx(id("t4"), id("k")), new DagTx(id("t5"), id("k")), DagTx.of(id("t1"))), 0));
    ConfluxOrder order = Dags.order(blocks);
    // pivot G, B, C; epoch B = {B}; epoch C = {A, C}
    assertThat(texts(order.blockOrder())).containsExactly("G", "B", "A", "C");
    assertThat(texts(order.txOrder().stream().map(DagTx::id).toList())).containsExactly("t2", "t3", "t1", "t4");
    assertThat(order.droppedTxs()).extracting(d -> d.tx().id().text(), DroppedTx::reason).containsExactly(
        org.assertj.core.groups.Tuple.tuple("t2", DroppedTx.Reason.DUPLICATE),
        org.assertj.core.groups.Tuple.tuple("t5", DroppedTx.Reason.CONFLICT),
        org.assertj.core.groups.Tuple.tuple("t1", DroppedTx.Reason.DUPLICATE));
  }
}
