package io.cairn.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.kraft.api.Mode;
import io.cairn.node.process.ProcessControl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real node processes change membership one node at a time under a steady client load (seed
 * 002's scenario): nodes join through {@code add-node}'s code path (files, process, signed
 * addition, catch-up, promotion) and leave through {@code remove-node}'s (signed removal,
 * demotion, drop, stop). No client request fails, every acknowledged anchor survives, and every
 * node ends with the same chain. Both are slow (node JVMs start and catch up on a shared machine:
 * 3 to 4 to 3 took about 4 minutes on the loaded 2-core VM); the default suite runs the in-JVM
 * {@code MembershipTest} of the replication module instead.
 */
class ClusterMembershipTest {
  @TempDir Path directory;

  @Test
  @Tag("slow")
  @Timeout(600)
  void threeNodesGrowToFourAndShrinkBackUnderLoad() throws Exception {
    grow(1);
  }

  @Test
  @Tag("slow")
  @Timeout(1200)
  void threeNodesGrowToSevenAndShrinkBackUnderLoad() throws Exception {
    grow(4);
  }

  private void grow(int added) throws Exception {
    long seed = System.nanoTime();
    System.out.println("ClusterMembershipTest seed " + seed);
    try (ClusterHarness harness = ClusterHarness.create(directory.resolve("cluster"), 3, Mode.KRAFT, false)) {
      harness.startAll();
      harness.cluster.awaitReady(Duration.ofSeconds(120));
      ClusterMembership membership = new ClusterMembership(harness.cluster, Duration.ofSeconds(180));
      Set<String> acknowledged = new HashSet<>();
      long failures;
      // One client: concurrent writes through the same node can race on its nonces (a later nonce cut into a
      // block first makes the earlier one stale), a refusal that has nothing to do with membership.
      try (AnchorLoad load = new AnchorLoad(harness, 1, seed)) {
        ProcessControl.sleep(Duration.ofSeconds(2));
        for (int i = 0; i < added; i++) {
          long start = System.nanoTime();
          System.out.println("adding at " + System.currentTimeMillis());
          ClusterMembership.Added node = membership.addNode();
          System.out.printf("added node %d in %d ms%n", node.number(), (System.nanoTime() - start) / 1_000_000);
          assertThat(node.number()).isEqualTo(4 + i);
          assertThat(harness.cluster.ids()).hasSize(4 + i);
        }
        for (int i = 0; i < added; i++) {
          int number = 3 + added - i;
          long start = System.nanoTime();
          membership.removeNode(number);
          System.out.printf("removed node %d in %d ms%n", number, (System.nanoTime() - start) / 1_000_000);
          assertThat(harness.cluster.ids()).doesNotContain(number);
        }
        ProcessControl.sleep(Duration.ofSeconds(2));
        acknowledged.addAll(load.acknowledged());
        failures = load.failures();
        load.failureMessages().forEach(message -> System.out.println("failed: " + message));
      }
      System.out.println("acknowledged " + acknowledged.size() + " anchors, " + failures + " failed");
      assertThat(failures).as("client requests that failed").isZero();
      assertThat(acknowledged).isNotEmpty();
      assertThat(harness.cluster.ids()).isEqualTo(List.of(1, 2, 3));
      harness.assertAcknowledgedAnchorsSurvive(acknowledged, Duration.ofSeconds(120));
      harness.awaitIdenticalChains(Duration.ofSeconds(60));
      assertThat(harness.client(1).nodes().getJsonArray("nodes")).hasSize(3);
    }
  }
}
