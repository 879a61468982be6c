package io.cairn.chain.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.chain.crypto.Digests;
import io.cairn.testing.Property;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {
  /** A tree size, the leaves, and one bit position for the tamper checks. */
  private record Case(byte[][] leaves, int leaf, int flippedBit) {
    @Override
    public String toString() {
      return leaves.length + " leaves, leaf " + leaf + ", bit " + flippedBit;
    }
  }

  private static Case randomCase(SplittableRandom random) {
    int size = 1 + (random.nextInt(4) == 0 ? random.nextInt(2000) : random.nextInt(40));
    byte[][] leaves = new byte[size][];
    for (int i = 0; i < size; i++) {
      byte[] data = new byte[1 + random.nextInt(64)];
      random.nextBytes(data);
      leaves[i] = MerkleTree.leafHash(data);
    }
    return new Case(leaves, random.nextInt(size), random.nextInt(256));
  }

  @Test
  void rootMatchesTheRecursiveRfc6962Definition() {
    Property.of("bottom-up root == RFC 6962 MTH", MerkleTreeTest::randomCase)
        .trials(200)
        .check(c -> assertThat(MerkleTree.root(c.leaves())).isEqualTo(referenceRoot(c.leaves(), 0, c.leaves().length)));
  }

  @Test
  void everyLeafProvesItsInclusion() {
    Property.of("every leaf's path leads to the root", MerkleTreeTest::randomCase)
        .trials(100)
        .check(c -> {
          byte[][][] levels = MerkleTree.levels(c.leaves());
          byte[] root = MerkleTree.root(levels);
          for (int i = 0; i < c.leaves().length; i++) {
            byte[][] path = MerkleTree.path(levels, i);
            assertThat(MerkleTree.rootFromPath(c.leaves()[i], i, c.leaves().length, path)).as("leaf %d", i)
                .isEqualTo(root);
          }
        });
  }

  @Test
  void anyFlippedBitFailsTheProof() {
    Property.of("a flipped bit in the leaf or a path hash breaks the proof", MerkleTreeTest::randomCase)
        .trials(300)
        .check(c -> {
          byte[][][] levels = MerkleTree.levels(c.leaves());
          byte[] root = MerkleTree.root(levels);
          int size = c.leaves().length;
          byte[][] path = MerkleTree.path(levels, c.leaf());
          byte[] leaf = flip(c.leaves()[c.leaf()], c.flippedBit());
          assertThat(MerkleTree.rootFromPath(leaf, c.leaf(), size, path)).isNotEqualTo(root);
          for (int p = 0; p < path.length; p++) {
            byte[][] tampered = path.clone();
            tampered[p] = flip(path[p], c.flippedBit());
            assertThat(MerkleTree.rootFromPath(c.leaves()[c.leaf()], c.leaf(), size, tampered))
                .as("path hash %d", p).isNotEqualTo(root);
          }
        });
  }

  @Test
  void wrongIndexSizeOrPathLengthFailsTheProof() {
    Property.of("a proof only holds for its own index, size and path", MerkleTreeTest::randomCase)
        .trials(300)
        .check(c -> {
          byte[][][] levels = MerkleTree.levels(c.leaves());
          byte[] root = MerkleTree.root(levels);
          int size = c.leaves().length;
          int leaf = c.leaf();
          byte[][] path = MerkleTree.path(levels, leaf);
          byte[] hash = c.leaves()[leaf];
          if (size > 1) {
            int other = (leaf + 1 + c.flippedBit() % (size - 1)) % size;
            assertThat(MerkleTree.rootFromPath(hash, other, size, path)).isNotEqualTo(root);
            assertThat(MerkleTree.rootFromPath(hash, leaf, size, Arrays.copyOf(path, path.length - 1)))
                .isNotEqualTo(root);
          }
          byte[][] longer = Arrays.copyOf(path, path.length + 1);
          longer[path.length] = root;
          assertThat(MerkleTree.rootFromPath(hash, leaf, size, longer)).isNotEqualTo(root);
          assertThat(MerkleTree.rootFromPath(hash, leaf, leaf, path)).isNull();
          assertThat(MerkleTree.rootFromPath(hash, -1, size, path)).isNull();
        });
  }

  @Test
  void aLeafNeverPassesForANode() {
    byte[] a = MerkleTree.leafHash(new byte[] {1});
    byte[] b = MerkleTree.leafHash(new byte[] {2});
    byte[] node = MerkleTree.nodeHash(a, b);
    byte[] concatenated = new byte[64];
    System.arraycopy(a, 0, concatenated, 0, 32);
    System.arraycopy(b, 0, concatenated, 32, 32);
    assertThat(MerkleTree.leafHash(concatenated)).isNotEqualTo(node);
  }

  @Test
  void duplicatingTheLastLeafChangesTheRoot() {
    byte[][] three = {MerkleTree.leafHash(new byte[] {1}), MerkleTree.leafHash(new byte[] {2}),
        MerkleTree.leafHash(new byte[] {3})};
    byte[][] four = Arrays.copyOf(three, 4);
    four[3] = three[2];
    assertThat(MerkleTree.root(three)).isNotEqualTo(MerkleTree.root(four));
  }

  @Test
  void emptyTreeIsRefused() {
    assertThatThrownBy(() -> MerkleTree.root(new byte[0][])).isInstanceOf(IllegalArgumentException.class);
  }

  /** RFC 6962 §2.1 MTH, written recursively as in the RFC: the reference for the bottom-up code. */
  private static byte[] referenceRoot(byte[][] leaves, int from, int to) {
    int n = to - from;
    if (n == 1) {
      return leaves[from];
    }
    int k = Integer.highestOneBit(n - 1);
    byte[] left = referenceRoot(leaves, from, from + k);
    byte[] right = referenceRoot(leaves, from + k, to);
    var digest = Digests.sha256();
    digest.update((byte) 1);
    digest.update(left);
    digest.update(right);
    return digest.digest();
  }

  private static byte[] flip(byte[] hash, int bit) {
    byte[] copy = hash.clone();
    copy[bit / 8 % copy.length] ^= (byte) (1 << (bit % 8));
    return copy;
  }
}
