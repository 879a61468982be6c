package io.cairn.replication.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.chain.api.AnchorPosition;
import io.cairn.chain.api.AnchorReceipt;
import io.cairn.chain.api.InclusionProof;
import io.cairn.chain.api.Block;
import io.cairn.chain.api.Identity;
import io.cairn.replication.transport.Frame;
import io.cairn.replication.transport.FrameFormat;
import io.cairn.replication.transport.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import io.cairn.chain.api.StateRecord;
import io.cairn.kraft.api.Mode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import io.cairn.chain.api.ContractReceipt;
import io.cairn.chain.api.MemberKey;
import io.cairn.chain.contract.ContractCall;
import io.cairn.chain.contract.ReceiptStatus;
import io.cairn.chain.contract.builtin.TokenContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three in-JVM members on loopback: a leader is elected, writes from any member commit, every
 * member ends with byte-identical blocks, records are read and verified across members, and a
 * member that was down catches up (from the log, and from a snapshot once the log is compacted).
 */
@Timeout(180)
class ClusterTest {
  /** Fast timers for tests; a snapshot every 8 entries so catch-up needs one. */
  private static final NodeOptions FAST = new NodeOptions(10, 30, 3, 8, 2, 30_000);

  @TempDir Path dir;
  private final List<LedgerNode> nodes = new ArrayList<>();

  @AfterEach
  void closeAll() {
    for (LedgerNode node : nodes) {
      if (node != null) {
        node.close();
      }
    }
  }

  private List<NodeConfig> cluster(int n, Mode mode) {
    List<NodeConfig> configs = new ArrayList<>();
    for (Path file : ClusterFiles.create(dir.resolve("cluster"), n, mode)) {
      NodeConfig config = NodeConfig.load(file);
      configs.add(config);
      nodes.add(LedgerNode.start(config, FAST));
    }
    return configs;
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void anchorsFromEveryMemberCommitAndEveryMemberHoldsTheSameChain(Mode mode) throws Exception {
    cluster(3, mode);
    LedgerNode leader = awaitLeader();
    assertThat(leader.status().role()).isEqualTo("leader");
    List<AnchorReceipt> receipts = new ArrayList<>();
    for (int round = 0; round < 2; round++) {
      for (LedgerNode node : nodes) {
        byte[] raw = ("record " + round + " from member " + node.status().id()).getBytes(StandardCharsets.UTF_8);
        receipts.add(node.anchor(raw).get(60, TimeUnit.SECONDS));
      }
    }
    // Many concurrent calls on every member (followers forward): every one commits (no call's
    // transaction is overtaken by a later nonce of its member), grouped into fewer transactions.
    List<CompletableFuture<AnchorReceipt>> concurrent = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      for (LedgerNode node : nodes) {
        concurrent.add(node.anchor(("concurrent " + i + " on " + node.config().nodeId()).getBytes(StandardCharsets.UTF_8)));
      }
    }
    Set<String> transactions = new HashSet<>();
    for (CompletableFuture<AnchorReceipt> call : concurrent) {
      AnchorReceipt receipt = call.get(60, TimeUnit.SECONDS);
      receipts.add(receipt);
      transactions.add(receipt.position().height() + "/" + receipt.position().transactionIndex());
    }
    assertThat(transactions).hasSizeLessThan(concurrent.size());
    // A read behind a read barrier on any member sees a write another member acknowledged just before.
    for (int i = 0; i < 6; i++) {
      LedgerNode writer = nodes.get(i % 3);
      LedgerNode reader = nodes.get((i + 1 + i / 3) % 3);
      AnchorReceipt written = writer.anchor(("read behind a barrier " + i).getBytes(StandardCharsets.UTF_8))
          .get(60, TimeUnit.SECONDS);
      reader.readBarrier().get(60, TimeUnit.SECONDS);
      assertThat(reader.proof(written.key())).as("read %d on member %d", i, reader.config().nodeId()).isPresent();
    }
    StateRecord state = nodes.get(1).publishState("node-2", new byte[] {1, 2, 3}).get(60, TimeUnit.SECONDS);
    assertThat(state.transaction().organization()).isEqualTo("node-2");
    List<ContractReceipt> contractReceipts = contractCalls();
    awaitSameChains();
    for (ContractReceipt receipt : contractReceipts) {
      for (LedgerNode node : nodes) {
        assertThat(node.receipt(receipt.transaction())).contains(receipt);
        assertThat(TokenContract.balance(node.contractValue("coin", TokenContract.balanceKey(nodes.get(2).key()))
            .orElseThrow())).isEqualTo(5);
      }
    }
    for (AnchorReceipt receipt : receipts) {
      for (LedgerNode node : nodes) {
        assertThat(node.verify(receipt.key()).passed()).as("verify %s on member %d", receipt.key(), node.status().id())
            .isTrue();
        assertThat(node.readRecord(receipt.key())).isPresent();
      }
    }
    receiptsNameTheFirstAnchor(nodes.get(1), receipts.getFirst());
    byte[] raw = "owned by member 1".getBytes(StandardCharsets.UTF_8);
    AnchorReceipt owned = nodes.get(0).anchor(raw).get(60, TimeUnit.SECONDS);
    awaitSameChains();
    assertThat(nodes.get(2).readRecord(owned.key())).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(raw));

    VerificationResult result = nodes.get(2).requestVerification(owned.key()).get(60, TimeUnit.SECONDS);
    assertThat(result.outcome().agreed()).isTrue();
    assertThat(result.outcome().passing()).isEqualTo(3);
    assertThat(result.outcome().verdicts()).hasSize(3).allSatisfy(verdict -> assertThat(verdict.passed()).isTrue());
    awaitSameChains();
    byte[] recorded = nodes.get(0).readRecord(result.recorded().key()).orElseThrow();
    assertThat(VerificationRecord.decode(recorded).verdicts()).hasSize(3);
    assertThat(nodes.get(1).verify(result.recorded().key()).passed()).isTrue();
  }

  @Test
  void aMemberThatWasDownCatchesUpFromASnapshotAndTheLog() throws Exception {
    List<NodeConfig> configs = cluster(3, Mode.RAFT);
    awaitLeader();
    nodes.get(0).anchor("before".getBytes(StandardCharsets.UTF_8)).get(60, TimeUnit.SECONDS);
    awaitSameChains();
    LedgerNode down = nodes.get(2);
    down.close();
    nodes.set(2, null);
    LedgerNode writer = nodes.get(0);
    for (int i = 0; i < 24; i++) {
      writer.anchor(("while member 3 is down " + i).getBytes(StandardCharsets.UTF_8)).get(60, TimeUnit.SECONDS);
    }
    nodes.set(2, LedgerNode.start(configs.get(2), FAST));
    awaitSameChains();
    assertThat(nodes.get(2).latestHeight()).isGreaterThanOrEqualTo(24);
    AnchorReceipt after = nodes.get(2).anchor("after the restart".getBytes(StandardCharsets.UTF_8))
        .get(60, TimeUnit.SECONDS);
    awaitSameChains();
    assertThat(nodes.get(1).verify(after.key()).passed()).isTrue();
  }

  @Test
  void theWholeClusterRestartsFromItsLogsAndASingleMemberRunsWithItsL0OnPmem() throws Exception {
    List<NodeConfig> configs = cluster(3, Mode.KRAFT);
    awaitLeader();
    AnchorReceipt before = nodes.get(1).anchor("before the restart".getBytes(StandardCharsets.UTF_8))
        .get(60, TimeUnit.SECONDS);
    awaitSameChains();
    long height = nodes.getFirst().latestHeight();
    for (int i = 0; i < nodes.size(); i++) {
      nodes.get(i).close();
      nodes.set(i, null);
    }
    for (int i = 0; i < configs.size(); i++) {
      nodes.set(i, LedgerNode.start(configs.get(i), FAST));
    }
    awaitLeader();
    nodes.get(2).anchor("after the restart".getBytes(StandardCharsets.UTF_8)).get(60, TimeUnit.SECONDS);
    awaitSameChains();
    assertThat(nodes.getFirst().latestHeight()).isEqualTo(height + 1);
    assertThat(nodes.get(0).verify(before.key()).passed()).isTrue();

    NodeConfig alone = NodeConfig.load(ClusterFiles.create(dir.resolve("alone"), 1, Mode.RAFT).getFirst());
    Path pmem = dir.resolve("pmem");
    NodeConfig onPmem = new NodeConfig(alone.clusterId(), 1, alone.nodeKey(), alone.peerListen(), alone.httpListen(),
        alone.dataDir(), pmem, alone.mode(), alone.genesis(), alone.members());
    try (LedgerNode single = LedgerNode.start(onPmem, FAST)) {
      AnchorReceipt receipt = single.anchor("on pmem".getBytes(StandardCharsets.UTF_8)).get(60, TimeUnit.SECONDS);
      assertThat(single.verify(receipt.key()).passed()).isTrue();
      assertThat(single.status().role()).isEqualTo("leader");
    }
    assertThat(java.nio.file.Files.isDirectory(pmem.resolve("log"))).isTrue();
  }

  @Test
  void strangersBadFramesAndReplaysAreRefusedWhileTheClusterKeepsServing() throws Exception {
    List<NodeConfig> configs = cluster(3, Mode.RAFT);
    awaitLeader();
    int port = configs.get(0).peerListen().getPort();
    byte[] oversized = new byte[FrameFormat.HEADER_BYTES];
    io.cairn.common.Varints.putFixed32(oversized, 0, FrameFormat.MAGIC);
    oversized[4] = FrameFormat.VERSION;
    oversized[5] = (byte) Frame.Type.RAFT.code();
    io.cairn.common.Varints.putFixed32(oversized, 6, -1);
    for (byte[] bad : List.of("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII), oversized)) {
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(bad);
        while (socket.getInputStream().read(new byte[512]) >= 0) {
          // until the member closes the connection
        }
      }
    }
    Map<Integer, Transport.Peer> strangerView = Map.of(
        0, new Transport.Peer(InetSocketAddress.createUnresolved("127.0.0.1", 1), Identity.generate().key()),
        1, new Transport.Peer(InetSocketAddress.createUnresolved("127.0.0.1", port), configs.get(0).self().key()));
    for (String clusterId : List.of(configs.get(0).clusterId(), "another-cluster")) {
      try (Transport stranger = new Transport(clusterId, Identity.generate(), 0, strangerView, (from, frame) -> { })) {
        stranger.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.sleep(300);
        assertThat(stranger.connected(1)).isFalse();
      }
    }
    StateRecord first = nodes.get(1).publishState("node-2", new byte[] {7}).get(60, TimeUnit.SECONDS);
    awaitSameChains();
    assertThatThrownBy(() -> nodes.get(2).submit(first.transaction()).get(60, TimeUnit.SECONDS))
        .hasCauseInstanceOf(io.cairn.common.InvalidArgumentException.class).hasMessageContaining("replay");
    nodes.get(2).anchor("still serving".getBytes(StandardCharsets.UTF_8)).get(60, TimeUnit.SECONDS);
    awaitSameChains();
  }

  private LedgerNode awaitLeader() throws InterruptedException {
    await(() -> nodes.stream().filter(n -> n != null && n.status().role().equals("leader")).count() == 1
        && nodes.stream().allMatch(n -> n == null || n.status().leaderId() != 0));
    return nodes.stream().filter(n -> n != null && n.status().role().equals("leader")).findFirst().orElseThrow();
  }

  /**
   * Contract transactions through the replicated ledger: member 1 deploys a token and mints to
   * member 2, who pays 5 to member 3 and then tries to overdraw; the receipts, in that order.
   */
  private List<ContractReceipt> contractCalls() throws Exception {
    long gas = 1_000_000;
    MemberKey first = nodes.get(0).key();
    MemberKey second = nodes.get(1).key();
    List<ContractReceipt> receipts = new ArrayList<>();
    receipts.add(nodes.get(0).execute(ContractCall.deploy(first, "coin", TokenContract.CODE, new byte[0], gas, null))
        .get(60, TimeUnit.SECONDS));
    receipts.add(nodes.get(0).execute(TokenContract.mint("coin", first, second, 10, gas, false)).get(60, TimeUnit.SECONDS));
    receipts.add(nodes.get(1).execute(TokenContract.transfer("coin", second, nodes.get(2).key(), 5, gas, false))
        .get(60, TimeUnit.SECONDS));
    receipts.add(nodes.get(1).execute(TokenContract.transfer("coin", second, first, 6, gas, false))
        .get(60, TimeUnit.SECONDS));
    assertThat(receipts).extracting(receipt -> receipt.receipt().status()).containsExactly(ReceiptStatus.OK,
        ReceiptStatus.OK, ReceiptStatus.OK, ReceiptStatus.REVERTED);
    return receipts;
  }

  /** Every member has applied the same log and holds the same blocks, byte for byte. */
  /**
   * A call of more records than one transaction holds, with bytes anchored before and a duplicate
   * inside the call: every receipt (built from the applied block, the index read only for hashes
   * anchored elsewhere) names the record's first anchor and its block, as the ledger's index does.
   */
  private void receiptsNameTheFirstAnchor(LedgerNode node, AnchorReceipt earlier) throws Exception {
    List<byte[]> raws = new ArrayList<>();
    for (int i = 0; i < 2_100; i++) {
      raws.add(("many " + i).getBytes(StandardCharsets.UTF_8));
    }
    byte[] before = node.readRecord(earlier.key()).orElseThrow();
    raws.set(700, before);
    raws.set(1_900, raws.get(5));
    List<AnchorReceipt> receipts = node.anchor(raws).get(60, TimeUnit.SECONDS);
    assertThat(receipts).hasSize(raws.size());
    assertThat(receipts.get(700).position()).isEqualTo(earlier.position());
    assertThat(receipts.get(1_900).position()).isEqualTo(receipts.get(5).position());
    AnchorPosition first = receipts.get(10).position();
    AnchorPosition second = receipts.get(1_500).position();
    assertThat(List.of(second.height(), second.transactionIndex())).isNotEqualTo(List.of(first.height(),
        first.transactionIndex()));
    assertThat(second.entryIndex()).isEqualTo(500);
    for (AnchorReceipt receipt : receipts) {
      InclusionProof proof = node.proof(receipt.key()).orElseThrow();
      assertThat(receipt.position()).as("record %s", receipt.key()).isEqualTo(proof.position());
      assertThat(node.block(receipt.position().height()).orElseThrow().hash()).isEqualTo(receipt.blockHash());
    }
  }

  private void awaitSameChains() throws InterruptedException {
    await(() -> {
      long applied = nodes.getFirst().status().appliedIndex();
      long height = nodes.getFirst().latestHeight();
      return nodes.stream().allMatch(n -> n.status().appliedIndex() == applied && n.latestHeight() == height);
    });
    LedgerNode first = nodes.getFirst();
    for (long height = 0; height <= first.latestHeight(); height++) {
      Block block = first.block(height).orElseThrow();
      for (LedgerNode node : nodes) {
        Block other = node.block(height).orElseThrow();
        assertThat(other.hash()).isEqualTo(block.hash());
        assertThat(other.encode()).isEqualTo(block.encode());
        assertThat(node.block(block.hash())).isPresent();
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
