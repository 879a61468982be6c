package io.cairn.chain.dag;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testing.Property;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Seeded properties of the incremental order against the from-scratch {@link ReferenceOrder}. */
class OrderPropertiesTest {
  record Case(List<DagBlock> blocks, long shuffleSeed) {
    @Override
    public String toString() {
      return blocks.size() + " blocks, shuffle seed " + shuffleSeed + ": " + blocks;
    }
  }

  private static Case randomCase(SplittableRandom random) {
    int n = 2 + random.nextInt(60);
    int window = 1 + random.nextInt(8);
    return new Case(RandomDags.generate(random, n, window), random.nextLong());
  }

  @Test
  void incrementalOrderEqualsTheReferenceWhateverTheArrivalOrder() {
    Property.of("incremental = reference, any arrival order", OrderPropertiesTest::randomCase)
        .trials(300)
        .check(c -> {
          ReferenceOrder reference = new ReferenceOrder(c.blocks());
          ConfluxOrder created = Dags.order(c.blocks());
          ConfluxOrder shuffled = Dags.order(RandomDags.shuffledTopologically(c.blocks(),
              new SplittableRandom(c.shuffleSeed())));
          for (ConfluxOrder order : List.of(created, shuffled)) {
            assertThat(order.pivotChain()).isEqualTo(reference.pivot);
            assertThat(order.blockOrder()).isEqualTo(reference.blockOrder());
            assertThat(order.txOrder().stream().map(DagTx::id).toList()).isEqualTo(reference.txOrder);
          }
        });
  }

  @Test
  void noTransactionOrKeyIsOrderedTwiceAndEveryOccurrenceIsAccounted() {
    Property.of("tx order has no repeats", OrderPropertiesTest::randomCase)
        .trials(200)
        .check(c -> {
          ConfluxOrder order = Dags.order(c.blocks());
          List<DagTx> txs = order.txOrder();
          Set<DagId> ids = new HashSet<>();
          Set<DagId> keys = new HashSet<>();
          for (DagTx tx : txs) {
            assertThat(ids.add(tx.id())).as("id %s once", tx.id()).isTrue();
            assertThat(keys.add(tx.key())).as("key %s once", tx.key()).isTrue();
          }
          int occurrences = 0;
          for (DagId b : order.blockOrder()) {
            occurrences += order.block(b).orElseThrow().txs().size();
          }
          assertThat(txs.size() + order.droppedTxs().size()).isEqualTo(occurrences);
        });
  }

  @Test
  void everyBlockIsInOneEpochOrUnordered() {
    Property.of("epochs partition the ordered blocks", OrderPropertiesTest::randomCase)
        .trials(200)
        .check(c -> {
          ConfluxOrder order = Dags.order(c.blocks());
          List<DagId> all = new java.util.ArrayList<>(order.blockOrder());
          all.addAll(order.unorderedBlocks());
          assertThat(all).doesNotHaveDuplicates().hasSize(c.blocks().size());
          for (DagEpoch epoch : order.epochs()) {
            assertThat(order.epochOf(epoch.pivot())).isEqualTo(epoch.height());
          }
          assertThat(Collections.disjoint(order.unorderedBlocks(), order.blockOrder())).isTrue();
        });
  }
}
