package io.cairn.kraft.kademlia;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.kraft.api.Configuration;
import io.cairn.kraft.api.NodeId;
import io.cairn.testing.Property;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TopologyTest {
  private static List<NodeId> ids(SplittableRandom random, int count) {
    List<NodeId> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] key = new byte[32];
      random.nextBytes(key);
      ids.add(NodeId.fromPublicKey(key));
    }
    return ids;
  }

  @Test
  void bucketIndexIsTheHighestDifferingBit() {
    NodeId zero = new NodeId(0, 0, 0, 0);
    assertThat(XorMetric.bucketIndex(zero, new NodeId(0, 0, 0, 1))).isEqualTo(0);
    assertThat(XorMetric.bucketIndex(zero, new NodeId(0, 0, 1, 0))).isEqualTo(64);
    assertThat(XorMetric.bucketIndex(zero, new NodeId(Long.MIN_VALUE, 0, 0, 0))).isEqualTo(255);
    assertThat(XorMetric.bucketIndex(zero, zero)).isEqualTo(-1);
  }

  @Test
  void kBucketLookupFindsTheXorClosestContacts() {
    Property.of("closest() equals brute force", random -> ids(random, 2 + random.nextInt(60)))
        .trials(200)
        .check(ids -> {
          SplittableRandom random = new SplittableRandom(ids.hashCode());
          NodeId owner = ids.getFirst();
          NodeId target = ids(random, 1).getFirst();
          KBucketTable table = new KBucketTable(owner, ids, 64);
          List<NodeId> expected = new ArrayList<>(ids);
          expected.sort(XorMetric.byDistanceTo(target));
          int count = 1 + random.nextInt(ids.size());
          assertThat(table.closest(target, count, any -> true)).isEqualTo(expected.subList(0, count));
        });
  }

  @Test
  void bucketsHoldAtMostKContacts() {
    List<NodeId> ids = ids(new SplittableRandom(3), 200);
    KBucketTable table = new KBucketTable(ids.getFirst(), ids, 4);
    for (int i = 0; i < XorMetric.BITS; i++) {
      assertThat(table.bucket(i).size()).isLessThanOrEqualTo(4);
    }
    assertThat(table.bucket(255)).hasSize(4);
  }

  @Test
  void candidateLayerIsAboutTheSquareRootAndEveryMemberIsInExactlyOneGroup() {
    Property.of("topology shape", random -> ids(random, 1 + random.nextInt(80)))
        .trials(200)
        .check(voters -> {
          Topology topology = Topology.of(Configuration.ofVoters(voters));
          int v = voters.size();
          assertThat(topology.candidates()).hasSize(Math.min(v, Math.max(3, (int) Math.ceil(Math.sqrt(v)))));
          Set<NodeId> seen = new HashSet<>();
          for (Topology.Group group : topology.groups()) {
            assertThat(group.members().getFirst()).isEqualTo(group.head());
            for (NodeId member : group.members()) {
              assertThat(seen.add(member)).isTrue();
              NodeId closest = topology.candidates().stream()
                  .min(XorMetric.byDistanceTo(member)).orElseThrow();
              assertThat(group.head()).as("attached to its XOR-closest candidate").isEqualTo(closest);
            }
          }
          assertThat(seen).containsExactlyInAnyOrderElementsOf(voters);
        });
  }

  @Test
  void topologyDependsOnlyOnTheConfiguration() {
    List<NodeId> voters = ids(new SplittableRandom(5), 30);
    List<NodeId> shuffled = new ArrayList<>(voters);
    java.util.Collections.reverse(shuffled);
    Topology a = Topology.of(Configuration.ofVoters(voters));
    Topology b = Topology.of(Configuration.ofVoters(shuffled));
    assertThat(a.candidates()).isEqualTo(b.candidates());
    assertThat(a.groups()).isEqualTo(b.groups());
  }

  @Test
  void ranksArePermutationsOrderedByDistanceToTheAnchorWhichRanksLast() {
    List<NodeId> voters = ids(new SplittableRandom(9), 49);
    Topology topology = Topology.of(Configuration.ofVoters(voters));
    NodeId anchor = topology.candidates().get(2);
    List<Integer> ranks = new ArrayList<>();
    for (NodeId candidate : topology.candidates()) {
      ranks.add(topology.rank(candidate, anchor));
    }
    assertThat(ranks).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6);
    assertThat(topology.rank(anchor, anchor)).isEqualTo(6);
    NodeId first = topology.candidates().stream().filter(c -> topology.rank(c, anchor) == 0).findFirst().orElseThrow();
    for (NodeId candidate : topology.candidates()) {
      if (!candidate.equals(anchor)) {
        assertThat(XorMetric.compareDistance(anchor, first, candidate)).isLessThanOrEqualTo(0);
      }
    }
    NodeId outsider = voters.stream().filter(v -> !topology.isCandidate(v)).findFirst().orElseThrow();
    assertThat(topology.rank(outsider, anchor)).isEqualTo(-1);
  }

  @Test
  void nodeIdIsTheSha256OfThePublicKey() throws Exception {
    byte[] key = "public key".getBytes();
    byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(key);
    assertThat(NodeId.fromPublicKey(key).toBytes()).isEqualTo(digest);
    assertThat(NodeId.fromBytes(digest, 0)).isEqualTo(NodeId.fromPublicKey(key));
  }
}
