package io.cairn.chain.merkle;

import io.cairn.chain.crypto.Digests;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Binary Merkle trees over SHA-256 in the shape of RFC 6962 / RFC 9162 §2.1: a leaf hashes as
 * {@code SHA-256(0x00 || data)}, an inner node as {@code SHA-256(0x01 || left || right)} (the
 * prefixes keep a leaf from ever passing for a node), and a tree of {@code n} leaves splits at the
 * largest power of two below {@code n}. Built bottom-up, that is: pair neighbours left to right,
 * and carry a level's last node up unchanged when it has no partner (never duplicated, so two
 * different leaf lists never share a root, unlike Bitcoin's tree).
 *
 * <p>An inclusion proof ("audit path") lists sibling hashes from the leaf's level upwards; levels
 * where the node was carried up contribute nothing. {@link #rootFromPath} recomputes the root from
 * a leaf, its index, the tree size and the path, per RFC 9162 §2.1.3.2.
 *
 * <p>Thread-safety: stateless; arrays returned are new and owned by the caller.
 */
public final class MerkleTree {
  /** Longest audit path of any tree this code builds (2^32 leaves). */
  public static final int PATH_LENGTH_MAX = 32;

  private static final byte LEAF_PREFIX = 0x00;
  private static final byte NODE_PREFIX = 0x01;

  private MerkleTree() {}

  /** {@code SHA-256(0x00 || data[offset, offset + length))}. */
  public static byte[] leafHash(byte[] data, int offset, int length) {
    MessageDigest digest = Digests.sha256();
    digest.update(LEAF_PREFIX);
    digest.update(data, offset, length);
    return digest.digest();
  }

  /** {@code SHA-256(0x00 || data)}. */
  public static byte[] leafHash(byte[] data) {
    return leafHash(data, 0, data.length);
  }

  /** {@code SHA-256(0x01 || left || right)}. */
  public static byte[] nodeHash(byte[] left, byte[] right) {
    MessageDigest digest = Digests.sha256();
    digest.update(NODE_PREFIX);
    digest.update(left);
    digest.update(right);
    return digest.digest();
  }

  /** The root over {@code leafHashes} (not empty). */
  public static byte[] root(byte[][] leafHashes) {
    if (leafHashes.length == 0) {
      throw new IllegalArgumentException("a Merkle tree needs at least one leaf");
    }
    byte[][] level = leafHashes;
    while (level.length > 1) {
      level = parentLevel(level);
    }
    return level[0].clone();
  }

  /**
   * Every level of the tree over {@code leafHashes}: {@code levels[0]} is the leaves, the last
   * level holds the root alone. Use with {@link #path} to cut many proofs from one tree.
   */
  public static byte[][][] levels(byte[][] leafHashes) {
    if (leafHashes.length == 0) {
      throw new IllegalArgumentException("a Merkle tree needs at least one leaf");
    }
    int height = 1;
    for (int size = leafHashes.length; size > 1; size = (size + 1) / 2) {
      height++;
    }
    byte[][][] levels = new byte[height][][];
    levels[0] = leafHashes;
    for (int i = 1; i < height; i++) {
      levels[i] = parentLevel(levels[i - 1]);
    }
    return levels;
  }

  /** The root of a tree built by {@link #levels}. */
  public static byte[] root(byte[][][] levels) {
    return levels[levels.length - 1][0];
  }

  /** The audit path of leaf {@code index} in a tree built by {@link #levels}. */
  public static byte[][] path(byte[][][] levels, int index) {
    return path(levels, index, levels.length - 1);
  }

  /**
   * The start of leaf {@code index}'s audit path: the siblings it supplies on the levels below
   * {@code belowLevel} (all of it when {@code belowLevel} reaches the root's level).
   */
  public static byte[][] path(byte[][][] levels, int index, int belowLevel) {
    if (index < 0 || index >= levels[0].length) {
      throw new IndexOutOfBoundsException("leaf " + index + " of " + levels[0].length);
    }
    int top = Math.min(belowLevel, levels.length - 1);
    byte[][] path = new byte[top][];
    int length = 0;
    int position = index;
    for (int level = 0; level < top; level++) {
      int sibling = position ^ 1;
      if (sibling < levels[level].length) {
        path[length++] = levels[level][sibling];
      }
      position >>>= 1;
    }
    return Arrays.copyOf(path, length);
  }

  /**
   * The root implied by {@code leafHash} at {@code index} in a tree of {@code size} leaves with
   * audit path {@code path}, or {@code null} when the path has the wrong length for that position
   * (compare the result with the trusted root).
   */
  public static byte[] rootFromPath(byte[] leafHash, long index, long size, byte[][] path) {
    if (index < 0 || index >= size) {
      return null;
    }
    long node = index;
    long last = size - 1;
    byte[] hash = leafHash;
    for (byte[] sibling : path) {
      if (last == 0) {
        return null;
      }
      if ((node & 1) == 1 || node == last) {
        hash = nodeHash(sibling, hash);
        // A right child, or a node carried up: climb past the levels where it had no partner.
        while ((node & 1) == 0 && node != 0) {
          node >>>= 1;
          last >>>= 1;
        }
      } else {
        hash = nodeHash(hash, sibling);
      }
      node >>>= 1;
      last >>>= 1;
    }
    return last == 0 ? hash : null;
  }

  private static byte[][] parentLevel(byte[][] level) {
    byte[][] parent = new byte[(level.length + 1) / 2][];
    for (int i = 0; i + 1 < level.length; i += 2) {
      parent[i / 2] = nodeHash(level[i], level[i + 1]);
    }
    if ((level.length & 1) == 1) {
      parent[parent.length - 1] = level[level.length - 1];
    }
    return parent;
  }
}
