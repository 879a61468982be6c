package io.cairn.chain.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testing.Property;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link KnownNodes#check} answers what {@link MerkleTree#rootFromPath} compared with the root
 * answers, for valid and damaged paths in any order, while it learns nodes.
 */
class KnownNodesTest {
  /** One check: a leaf index, and how its path is damaged (or not). */
  record Probe(int index, int damage, int at) {}

  record Case(int size, List<Probe> probes) {}

  private static Case randomCase(SplittableRandom random) {
    int size = 1 + random.nextInt(random.nextBoolean() ? 40 : 1100);
    List<Probe> probes = new ArrayList<>();
    for (int i = 0, n = 1 + random.nextInt(300); i < n; i++) {
      int index = random.nextInt(size + 1) - (random.nextInt(50) == 0 ? size + 1 : 0); // a few out of range
      probes.add(new Probe(index, random.nextInt(7) < 4 ? 0 : random.nextInt(1, 6), random.nextInt(64)));
    }
    return new Case(size, probes);
  }

  private static byte[][] leaves(int size) {
    byte[][] leaves = new byte[size][];
    for (int i = 0; i < size; i++) {
      leaves[i] = MerkleTree.leafHash(new byte[] {(byte) i, (byte) (i >> 8)});
    }
    return leaves;
  }

  /** The path of {@code probe.index()} with the probe's damage: 0 none, else one kind of change. */
  private static byte[][] damaged(byte[][][] levels, Probe probe, int size) {
    byte[][] path = MerkleTree.path(levels, Math.floorMod(probe.index(), size));
    path = Arrays.stream(path).map(byte[]::clone).toArray(byte[][]::new);
    int at = path.length == 0 ? 0 : probe.at() % path.length;
    return switch (probe.damage()) {
      case 0 -> path;
      case 1 -> {
        if (path.length > 0) {
          path[at][probe.at() % 32] ^= 1; // one bit of one sibling
        }
        yield path;
      }
      case 2 -> Arrays.copyOf(path, Math.max(0, path.length - 1)); // the top sibling dropped
      case 3 -> { // a sibling added on top
        byte[][] longer = Arrays.copyOf(path, path.length + 1);
        longer[path.length] = levels[0][0];
        yield longer;
      }
      case 4 -> { // the path of another leaf
        yield MerkleTree.path(levels, (Math.floorMod(probe.index(), size) + 1 + probe.at()) % size);
      }
      default -> { // two siblings swapped
        if (path.length > 1) {
          byte[] first = path[0];
          path[0] = path[at == 0 ? 1 : at];
          path[at == 0 ? 1 : at] = first;
        }
        yield path;
      }
    };
  }

  /** The property {@code name} over random trees with random probes. */
  private static Property<Case> trees(String name) {
    return Property.of(name, KnownNodesTest::randomCase)
        .describeWith(c -> "tree of " + c.size() + " leaves, " + c.probes().size() + " probes")
        .trials(60);
  }

  @Test
  void answersExactlyWhatRootFromPathAnswers() {
    trees("KnownNodes.check == (rootFromPath == root)").check(c -> {
      byte[][] leaves = leaves(c.size());
      byte[][][] levels = MerkleTree.levels(leaves);
      byte[] root = MerkleTree.root(levels);
      KnownNodes known = new KnownNodes(c.size(), root);
      for (Probe probe : c.probes()) {
        byte[][] path = damaged(levels, probe, c.size());
        byte[] leaf = leaves[Math.floorMod(probe.index(), c.size())];
        byte[] implied = MerkleTree.rootFromPath(leaf, probe.index(), c.size(), path);
        boolean expected = implied != null && Arrays.equals(implied, root);
        assertThat(known.check(leaf, probe.index(), path)).as("%s", probe).isEqualTo(expected);
      }
    });
  }

  /**
   * After {@link KnownNodes#learnTree}, the start of a path (its siblings below level 3, as the
   * record-hash index value of version 3 stores it) answers what the whole path answers: damaged
   * starts, a wrong leaf or a wrong index fail, the true start of the path passes.
   */
  @Test
  void theStartOfAPathAnswersAsTheWholePathOnceTheTreeIsLearnt() {
    int below = 3;
    trees("KnownNodes.checkBelow == (rootFromPath(start + true rest) == root)").check(c -> {
      byte[][] leaves = leaves(c.size());
      byte[][][] levels = MerkleTree.levels(leaves);
      KnownNodes known = new KnownNodes(c.size(), MerkleTree.root(levels));
      byte[] root = MerkleTree.root(levels);
      int index0 = Math.floorMod(c.probes().get(0).index(), c.size());
      assertThat(known.checkBelow(leaves[index0], index0, MerkleTree.path(levels, index0, below), below))
          .as("nothing learnt yet").isEqualTo(levels.length - 1 <= below);
      assertThat(known.learnTree(MerkleTree.levels(leaves(c.size() + 1)))).as("another tree").isFalse();
      assertThat(known.learnTree(levels)).isTrue();
      for (Probe probe : c.probes()) {
        int index = Math.floorMod(probe.index(), c.size());
        byte[][] whole = damaged(levels, probe, c.size());
        byte[][] start = MerkleTree.path(levels, index, below);
        // The probe's damage applied to the start of the path: the rest stays the true path.
        int startLength = Math.min(start.length, whole.length);
        byte[][] damagedStart = probe.damage() == 3 || probe.damage() == 2
            ? (probe.damage() == 2 ? Arrays.copyOf(start, Math.max(0, start.length - 1)) : whole)
            : Arrays.copyOf(whole, startLength);
        byte[][] full = concat(damagedStart, Arrays.copyOfRange(MerkleTree.path(levels, index), start.length,
            MerkleTree.path(levels, index).length));
        byte[] leaf = leaves[index];
        byte[] implied = MerkleTree.rootFromPath(leaf, probe.index(), c.size(), full);
        boolean expected = implied != null && Arrays.equals(implied, root);
        assertThat(known.checkBelow(leaf, probe.index(), damagedStart, below)).as("%s", probe).isEqualTo(expected);
      }
      byte[] stranger = MerkleTree.leafHash(new byte[] {9, 9, 9});
      assertThat(known.checkBelow(stranger, index0, MerkleTree.path(levels, index0, below), below)).isFalse();
    });
  }

  /**
   * After {@link KnownNodes#learnTree(byte[][][], boolean)} with its leaves, {@link
   * KnownNodes#checkLeaf} answers what the whole path answers for the leaf of each probe (the
   * record-hash index value of version 6 holds no path): the true leaf at its index passes; another
   * tree's leaf, the leaf of another index, an index out of range, or any leaf before the leaves are
   * learnt (or when another tree was offered) fail.
   */
  @Test
  void theLeafAloneAnswersAsTheWholePathOnceTheLeavesAreLearnt() {
    trees("KnownNodes.checkLeaf == (rootFromPath(leaf + true path) == root)").check(c -> {
      byte[][] leaves = leaves(c.size());
      byte[][][] levels = MerkleTree.levels(leaves);
      byte[] root = MerkleTree.root(levels);
      KnownNodes known = new KnownNodes(c.size(), root);
      assertThat(known.checkLeaf(leaves[0], 0)).as("nothing learnt yet").isFalse();
      assertThat(known.learnTree(MerkleTree.levels(leaves(c.size() + 1)), true)).as("another tree").isFalse();
      assertThat(known.knowsLeaves()).isFalse();
      assertThat(known.checkLeaf(leaves[0], 0)).isFalse();
      assertThat(known.learnTree(levels, true)).isTrue();
      assertThat(known.knowsLeaves()).isTrue();
      for (Probe probe : c.probes()) {
        int index = Math.floorMod(probe.index(), c.size());
        // the probe's leaf: the true one, or (damaged probes) the leaf of another index or of no index
        byte[] leaf = probe.damage() == 0 ? leaves[index]
            : probe.damage() % 2 == 0 ? leaves[(index + 1 + probe.at()) % c.size()]
            : MerkleTree.leafHash(new byte[] {(byte) probe.at(), 7, 7, 7});
        byte[] implied = MerkleTree.rootFromPath(leaf, probe.index(), c.size(), MerkleTree.path(levels, index));
        boolean expected = implied != null && Arrays.equals(implied, root);
        assertThat(known.checkLeaf(leaf, probe.index())).as("%s", probe).isEqualTo(expected);
      }
      assertThat(known.checkLeaf(leaves[0], c.size())).as("beyond the last leaf").isFalse();
      assertThat(known.checkLeaf(leaves[0], -1)).isFalse();
      if (levels.length - 1 > 3) {
        // the leaves replace the upper nodes: a path start finds no remembered node
        assertThat(known.checkBelow(leaves[0], 0, MerkleTree.path(levels, 0, 3), 3)).isFalse();
      }
    });
  }

  private static byte[][] concat(byte[][] first, byte[][] second) {
    byte[][] out = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, out, first.length, second.length);
    return out;
  }

  @Test
  void aLeafOfAnotherTreeNeverPassesOnceNodesAreKnown() {
    byte[][] leaves = leaves(1000);
    byte[][][] levels = MerkleTree.levels(leaves);
    KnownNodes known = new KnownNodes(1000, MerkleTree.root(levels));
    for (int i = 0; i < 1000; i++) {
      assertThat(known.check(leaves[i], i, MerkleTree.path(levels, i))).isTrue();
    }
    // Every path has been checked: every remembered level is complete.
    for (int i = 0; i < 1000; i++) {
      assertThat(known.knownAbove(i)).as("leaf %d", i).isEqualTo(KnownNodes.FIRST_LEVEL);
    }
    byte[] stranger = MerkleTree.leafHash(new byte[] {9, 9, 9});
    assertThat(known.check(stranger, 17, MerkleTree.path(levels, 17))).isFalse();
    assertThat(known.check(leaves[17], 18, MerkleTree.path(levels, 17))).isFalse();
    assertThat(known.check(leaves[17], 17, MerkleTree.path(levels, 17))).isTrue();
  }
}
