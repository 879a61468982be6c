package io.cairn.replication.dag;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.dag.ConfluxOrder;
import io.cairn.chain.dag.DagId;
import io.cairn.chain.dag.DagTx;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Four members generating DAG blocks from their pools and gossiping blocks and transactions over
 * the ledger network's transport (TCP on loopback, signed handshake): they converge on one block
 * order and one transaction order that holds every submitted transaction once.
 */
@Timeout(120)
class DagGossipTest {
  private static final int MEMBERS = 4;
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable closeable : open.reversed()) {
      closeable.close();
    }
  }

  @Test
  void membersGeneratingConcurrentlyConvergeOnOneOrder() throws Exception {
    List<DagGossip> gossips = startMembers(new DagGossip.Options(20, 200, 500, 0), new AtomicBoolean());
    SplittableRandom random = new SplittableRandom(18);
    Set<DagId> submitted = new HashSet<>();
    for (int round = 0; round < 20; round++) {
      List<DagTx> batch = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        DagTx tx = DagTx.of(DagId.of(key));
        batch.add(tx);
        submitted.add(tx.id());
      }
      gossips.get(random.nextInt(MEMBERS)).submit(batch);
      Thread.sleep(15);
    }
    await(() -> gossips.stream().allMatch(g -> g.read(order -> order.orderedTxCount()) == submitted.size()
        && g.read(order -> order.unorderedBlocks().isEmpty() && order.tips().size() == 1)));
    await(() -> gossips.stream().map(g -> g.read(ConfluxOrder::blockOrder)).distinct().count() == 1);
    List<DagId> blockOrder = gossips.getFirst().read(ConfluxOrder::blockOrder);
    List<DagTx> txOrder = gossips.getFirst().read(order -> order.txOrder());
    for (DagGossip gossip : gossips) {
      assertThat(gossip.read(ConfluxOrder::blockOrder)).isEqualTo(blockOrder);
      List<DagTx> itsOrder = gossip.read(order -> order.txOrder());
      assertThat(itsOrder).isEqualTo(txOrder);
      assertThat(gossip.read(ConfluxOrder::pivotChain)).isEqualTo(gossips.getFirst().read(ConfluxOrder::pivotChain));
      assertThat(gossip.poolSize()).isZero();
    }
    assertThat(txOrder).extracting(DagTx::id).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(submitted);
    assertThat(blockOrder.size()).as("blocks from several members").isGreaterThan(MEMBERS);
  }

  @Test
  void aMemberCutOffWhileBlocksWereMadeCatchesUpFromTheTipsItHearsOf() throws Exception {
    AtomicBoolean cutOff = new AtomicBoolean(true);
    List<DagGossip> gossips = startMembers(new DagGossip.Options(10, 50, 100, 0), cutOff);
    List<DagTx> txs = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      txs.add(DagTx.of(DagId.ofText("tx-" + i)));
    }
    gossips.get(0).submit(txs);
    List<DagGossip> connected = gossips.subList(0, MEMBERS - 1);
    await(() -> connected.stream().allMatch(g -> g.read(ConfluxOrder::orderedTxCount) == 300L));
    DagGossip isolated = gossips.getLast();
    assertThat(isolated.read(ConfluxOrder::size)).as("member 4 heard nothing").isEqualTo(1);
    cutOff.set(false);
    await(() -> gossips.stream().allMatch(g -> g.read(ConfluxOrder::orderedTxCount) == 300L
        && g.read(order -> order.tips().size() == 1)));
    await(() -> gossips.stream().map(g -> g.read(ConfluxOrder::blockOrder)).distinct().count() == 1);
    assertThat(isolated.read(ConfluxOrder::size)).isGreaterThan(10);
  }

  /** Starts the members; while {@code cutOff} is set, every frame to or from the last one is lost. */
  private List<DagGossip> startMembers(DagGossip.Options options, AtomicBoolean cutOff) {
    LoopbackDagMembers members = LoopbackDagMembers.start(MEMBERS, options,
        (from, to) -> cutOff.get() && (from == MEMBERS || to == MEMBERS));
    open.add(members);
    return members.gossips();
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met within 60 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
