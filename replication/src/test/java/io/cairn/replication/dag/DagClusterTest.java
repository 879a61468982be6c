package io.cairn.replication.dag;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.api.Hash32;
import io.cairn.chain.dag.ConfluxOrder;
import io.cairn.chain.dag.DagId;
import io.cairn.kraft.api.Mode;
import io.cairn.replication.api.ClusterFiles;
import io.cairn.replication.api.LedgerNode;
import io.cairn.replication.api.NodeConfig;
import io.cairn.replication.api.NodeOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The composite chain on a 3-member cluster in one JVM: record keys anchored through any member's
 * DAG chain are ordered alike on every member, the KRaft leader checkpoints the confirmed pivot
 * blocks into the consortium ledger, and every member proves every record over both chains.
 */
@Timeout(180)
class DagClusterTest {
  private static final NodeOptions FAST = new NodeOptions(10, 30, 3, 10_000, 1_000, 30_000);

  @TempDir Path dir;
  private final List<LedgerNode> nodes = new ArrayList<>();

  @AfterEach
  void closeAll() {
    nodes.forEach(LedgerNode::close);
  }

  @Test
  void recordsAnchoredInTheDagAreProvenOverBothChainsOnEveryMember() throws Exception {
    for (Path file : ClusterFiles.create(dir.resolve("cluster"), 3, Mode.KRAFT)) {
      nodes.add(LedgerNode.start(NodeConfig.load(file), FAST));
    }
    List<DagChain> chains = nodes.stream().map(node -> node.startDag(new DagGossip.Options(20, 100, 200, 3), 2)).toList();
    List<Hash32> keys = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      keys.add(chains.get(i % 3).anchor(("enterprise record " + i).getBytes(StandardCharsets.UTF_8)));
    }
    await(() -> chains.stream().allMatch(chain -> chain.read(ConfluxOrder::orderedTxCount) == keys.size()));
    await(() -> chains.stream().map(chain -> chain.read(ConfluxOrder::blockOrder)).distinct().count() == 1);
    for (Hash32 key : keys) {
      for (DagChain chain : chains) {
        await(() -> chain.proof(key).map(DagChain.CompositeProof::verified).orElse(false));
        DagChain.CompositeProof proof = chain.proof(key).orElseThrow();
        assertThat(proof.dag().check(proof.pivot()).key()).isEqualTo(DagId.of(key.bytes()));
        assertThat(proof.checkpoint().orElseThrow().recordKey()).isEqualTo(Hash32.of(proof.pivot().bytes()));
      }
    }
    // A record that was never anchored has no proof; the raw records stay with their owners.
    assertThat(chains.getFirst().proof(Hash32.of(new byte[32]))).isEmpty();
    assertThat(nodes.get(1).readRecord(keys.get(0))).isEmpty();
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met within 90 s").isLessThan(deadline);
      Thread.sleep(25);
    }
  }
}
