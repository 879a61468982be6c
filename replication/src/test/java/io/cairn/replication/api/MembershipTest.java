package io.cairn.replication.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.chain.api.Block;
import io.cairn.chain.api.Hash32;
import io.cairn.chain.api.Identity;
import io.cairn.chain.api.KeyFiles;
import io.cairn.chain.api.SignedVerdict;
import io.cairn.chain.api.VerdictCode;
import io.cairn.common.BusyException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.kraft.api.Mode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * In-JVM members on loopback change membership while a client keeps anchoring: a fourth node
 * joins (learner, snapshot and log, voter) and the founders read and verify its records (their
 * own verifier and a verification round that asks it too), the founding leader
 * is removed (demoted, steps down, dropped), and every write succeeds; the remaining members hold
 * identical chains and node lists.
 */
@Timeout(240)
class MembershipTest {
  /** Fast timers; a snapshot every 16 entries so the new node needs one. */
  private static final NodeOptions FAST = new NodeOptions(10, 30, 3, 16, 4, 60_000);

  @TempDir Path dir;
  private final List<LedgerNode> nodes = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeAll() {
    for (LedgerNode node : nodes) {
      if (node != null) {
        node.close();
      }
    }
  }

  @Test
  void aNodeJoinsAndTheLeaderLeavesUnderLoadWithoutAFailedWrite() throws Exception {
    Path cluster = dir.resolve("cluster");
    for (Path file : ClusterFiles.create(cluster, 3, Mode.KRAFT)) {
      nodes.add(LedgerNode.start(NodeConfig.load(file), FAST));
    }
    int firstLeader = awaitLeader().status().id();
    assertThat(nodes.getFirst().nodes()).extracting(NodeChange::number).containsExactly(1, 2, 3);
    // The client writes through a founder that is not the first leader and is never removed.
    LedgerNode writer = nodes.get(firstLeader % 3);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger written = new AtomicInteger();
    CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
      while (!stop.get()) {
        byte[] raw = ("load " + written.get()).getBytes(StandardCharsets.UTF_8);
        writer.anchor(raw).join();
        written.incrementAndGet();
      }
    });
    await(() -> written.get() >= 20);

    ClusterFiles.Joining joining = ClusterFiles.addNode(cluster, nodes.getFirst().config(), nodes.getFirst().nodes());
    assertThat(joining.change().number()).isEqualTo(4);
    LedgerNode fourth = LedgerNode.start(NodeConfig.load(joining.config()), FAST);
    nodes.add(fourth);
    change(joining.change());
    // The change completes once the leader's configuration holds the node as a voter; the node's
    // own install of the snapshot may still be on its way (seen at load 25-30, before and after
    // the streamed install), so its view is awaited.
    await(() -> fourth.nodes().size() == 4 && fourth.status().snapshotBytesReceived() > 0);
    assertThat(fourth.nodes()).extracting(NodeChange::number).containsExactly(1, 2, 3, 4);
    assertThat(fourth.status().appliedIndex()).isPositive();
    // It caught up by snapshot (FAST compacts the log every 16 entries), and the status says so.
    assertThat(fourth.status().snapshotBytesReceived()).isPositive();
    assertThat(fourth.status().snapshotReceiveMillis()).isPositive();
    // The steps of that transfer, on both ends, for the bench's timeline: in the order they happen.
    SnapshotTimeline received = fourth.status().snapshotReceived();
    assertThat(received.micros().keySet()).containsSubsequence("first_chunk_in", "checked", "stored", "install_end");
    assertThat(List.of("first_chunk_in", "checked", "stored", "install_end").stream()
        .map(received.micros()::get).toList()).isSorted();
    await(() -> nodes.subList(0, 3).stream().flatMap(n -> n.status().snapshotsSent().stream())
        .anyMatch(t -> t.member() == 4 && t.micros().containsKey("ended")));
    SnapshotTimeline sent = nodes.subList(0, 3).stream().flatMap(n -> n.status().snapshotsSent().stream())
        .filter(t -> t.member() == 4 && t.micros().containsKey("ended")).findFirst().orElseThrow();
    assertThat(sent.micros().keySet()).containsSubsequence("snapshot_held", "offered", "first_chunk_sent",
        "last_chunk_sent", "ended");
    assertThat(sent.index()).isEqualTo(received.index());
    // A record anchored by the new node can be fetched by a founder, which learned its address
    // from the node list, not from its configuration file.
    byte[] joined = "anchored by the joined node".getBytes(StandardCharsets.UTF_8);
    Hash32 joinedKey = fourth.anchor(joined).get(60, TimeUnit.SECONDS).key();
    await(() -> writer.readRecord(joinedKey).isPresent());
    assertThat(writer.readRecord(joinedKey)).hasValue(joined);
    // The founder's own ledger verifier reads it back too (its record sources follow the node
    // list), and a verification request asks every node of the committed node list, the joined
    // one included: neither needs a restart.
    await(() -> writer.verify(joinedKey).code() == VerdictCode.VERIFIED);
    VerificationResult round = writer.requestVerification(joinedKey).get(60, TimeUnit.SECONDS);
    assertThat(round.outcome().participants()).isEqualTo(4);
    assertThat(round.outcome().verdicts()).extracting(SignedVerdict::participant).contains(fourth.key());
    assertThat(round.outcome().verdicts()).allMatch(SignedVerdict::passed);

    Identity regulator = KeyFiles.read(cluster.resolve("regulator.key"));
    NodeChange again = NodeChange.add(regulator, joining.change().clusterId(), 4, Identity.generate().key(),
        joining.change().peer(), joining.change().http(), null);
    assertThatThrownBy(() -> change(again)).hasCauseInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("number 4 is taken");

    int current = awaitLeader().status().id();
    int leaderNumber = current == writer.status().id() ? firstLeader : current;
    NodeChange leaving = nodes.getFirst().nodes().stream().filter(n -> n.number() == leaderNumber).findFirst()
        .orElseThrow();
    change(NodeChange.remove(regulator, leaving));
    LedgerNode left = nodes.get(leaderNumber - 1);
    nodes.set(leaderNumber - 1, null);
    await(() -> nodes.stream().filter(n -> n != null).allMatch(n -> n.nodes().size() == 3)
        && awaitLeaderQuietly() != null);
    left.close();
    int before = written.get();
    await(() -> written.get() >= before + 20);
    stop.set(true);
    load.get(60, TimeUnit.SECONDS);
    awaitSameChains();
  }

  /** Submits {@code change} to the leader (retrying while leadership moves) and waits for it. */
  private void change(NodeChange change) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      LedgerNode leader = awaitLeader();
      try {
        leader.changeNodes(change).get(150, TimeUnit.SECONDS);
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof BusyException) || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  private LedgerNode awaitLeaderQuietly() {
    return nodes.stream().filter(n -> n != null && n.status().role().equals("leader")).findFirst().orElse(null);
  }

  private LedgerNode awaitLeader() throws InterruptedException {
    await(() -> awaitLeaderQuietly() != null);
    return awaitLeaderQuietly();
  }

  /** Every live member has applied the same log and holds the same blocks and node list. */
  private void awaitSameChains() throws InterruptedException {
    List<LedgerNode> live = nodes.stream().filter(n -> n != null).toList();
    await(() -> {
      long applied = live.getFirst().status().appliedIndex();
      return live.stream().allMatch(n -> n.status().appliedIndex() == applied
          && n.latestHeight() == live.getFirst().latestHeight());
    });
    LedgerNode first = live.getFirst();
    for (long height = 0; height <= first.latestHeight(); height++) {
      Block block = first.block(height).orElseThrow();
      for (LedgerNode node : live) {
        assertThat(node.block(height).orElseThrow().encode()).isEqualTo(block.encode());
      }
    }
    for (LedgerNode node : live) {
      assertThat(node.nodes()).isEqualTo(first.nodes());
    }
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met within 90 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
