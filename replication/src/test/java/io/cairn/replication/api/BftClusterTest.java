package io.cairn.replication.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.bft.api.Protocol;
import io.cairn.chain.api.AnchorReceipt;
import io.cairn.chain.api.Block;
import io.cairn.kraft.api.Mode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Four in-JVM PBFT/SBFT members on loopback: anchors submitted to every member (backups included)
 * commit, every member holds the same blocks byte for byte, and when the primary stops the backups
 * suspect it, change the view and keep committing.
 */
@Timeout(180)
class BftClusterTest {
  private static final NodeOptions FAST = new NodeOptions(10, 30, 3, 10_000, 1_000, 60_000);

  @TempDir Path dir;
  private final List<LedgerNode> nodes = new ArrayList<>();

  @AfterEach
  void closeAll() {
    nodes.stream().filter(Objects::nonNull).forEach(LedgerNode::close);
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void anchorsCommitOnEveryMemberAndAStoppedPrimaryIsReplacedByAViewChange(Protocol protocol) throws Exception {
    for (Path file : ClusterFiles.create(dir.resolve("cluster"), 4, Mode.KRAFT, protocol)) {
      NodeConfig config = NodeConfig.load(file);
      assertThat(config.consensus()).isEqualTo(protocol);
      nodes.add(LedgerNode.start(config, FAST));
    }
    List<AnchorReceipt> receipts = anchorFromEveryMember("first");
    awaitSameChains();
    LedgerNode primary = nodes.stream().filter(n -> n.status().role().equals("primary")).findFirst().orElseThrow();
    long view = primary.status().term();
    assertThat(nodes).allSatisfy(n -> assertThat(n.status().leaderId()).isEqualTo(primary.status().id()));
    for (AnchorReceipt receipt : receipts) {
      for (LedgerNode node : nodes) {
        assertThat(node.verify(receipt.key()).passed()).isTrue();
      }
    }

    nodes.set(nodes.indexOf(primary), null);
    primary.close();
    anchorFromEveryMember("after the primary stopped");
    awaitSameChains();
    LedgerNode live = nodes.stream().filter(Objects::nonNull).findFirst().orElseThrow();
    assertThat(live.status().term()).isGreaterThan(view);
    assertThat(live.status().leaderId()).isNotEqualTo(primary.status().id());
    assertThat(live.latestHeight()).isGreaterThanOrEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aRestartedBackupFetchesTheBlocksItMissedAndTakesPartAgain(Protocol protocol) throws Exception {
    List<NodeConfig> configs = new ArrayList<>();
    for (Path file : ClusterFiles.create(dir.resolve("cluster"), 4, Mode.KRAFT, protocol)) {
      configs.add(NodeConfig.load(file));
      nodes.add(LedgerNode.start(configs.getLast(), FAST));
    }
    nodes.get(0).anchor("before".getBytes(StandardCharsets.UTF_8)).get(90, TimeUnit.SECONDS);
    awaitSameChains();
    int down = nodes.get(2).status().role().equals("primary") ? 3 : 2;
    nodes.get(down).close();
    nodes.set(down, null);
    LedgerNode writer = nodes.get(down == 2 ? 1 : 2);
    for (int i = 0; i < 40; i++) { // more than two checkpoint intervals of decisions
      writer.anchor(("while one is down " + i).getBytes(StandardCharsets.UTF_8)).get(90, TimeUnit.SECONDS);
    }
    nodes.set(down, LedgerNode.start(configs.get(down), FAST));
    awaitSameChains();
    AnchorReceipt after = nodes.get(down).anchor("through the restarted member".getBytes(StandardCharsets.UTF_8))
        .get(90, TimeUnit.SECONDS);
    awaitSameChains();
    assertThat(nodes.get(down).verify(after.key()).passed()).isTrue();
    assertThat(nodes.get(down).latestHeight()).isGreaterThanOrEqualTo(41);
  }

  /** Three anchors through every running member: one after the other per member (a member's nonces ascend), members at once. */
  private List<AnchorReceipt> anchorFromEveryMember(String label) throws Exception {
    List<CompletableFuture<List<AnchorReceipt>>> pending = new ArrayList<>();
    for (LedgerNode node : nodes) {
      if (node != null) {
        CompletableFuture<List<AnchorReceipt>> chain = CompletableFuture.completedFuture(new ArrayList<>());
        for (int round = 0; round < 3; round++) {
          byte[] raw = (label + " " + round + " via member " + node.status().id()).getBytes(StandardCharsets.UTF_8);
          chain = chain.thenCompose(done -> node.anchor(raw).thenApply(receipt -> {
            done.add(receipt);
            return done;
          }));
        }
        pending.add(chain);
      }
    }
    List<AnchorReceipt> receipts = new ArrayList<>();
    for (CompletableFuture<List<AnchorReceipt>> future : pending) {
      receipts.addAll(future.get(120, TimeUnit.SECONDS));
    }
    return receipts;
  }

  /** Every running member holds the same blocks, byte for byte. */
  private void awaitSameChains() throws InterruptedException {
    List<LedgerNode> live = nodes.stream().filter(Objects::nonNull).toList();
    await(() -> live.stream().mapToLong(LedgerNode::latestHeight).distinct().count() == 1);
    LedgerNode first = live.getFirst();
    for (long height = 0; height <= first.latestHeight(); height++) {
      Block block = first.block(height).orElseThrow();
      for (LedgerNode node : live) {
        assertThat(node.block(height).orElseThrow().encode()).isEqualTo(block.encode());
      }
    }
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met within 60 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
