package io.cairn.chain.merkle;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The upper nodes of one Merkle tree (of {@link MerkleTree}'s shape) with a trusted root, learned
 * from the audit paths that were checked against that root, so that checking many paths of the
 * same tree stops hashing where a path meets nodes already proven.
 *
 * <p>Contract: {@link #check} answers exactly what {@code Arrays.equals(MerkleTree.rootFromPath(
 * leafHash, index, size, path), root)} answers (assuming SHA-256 is collision resistant), for any
 * leaf, index and path, valid or not, in any order of calls. Why: a node is remembered only when
 * the path it came from (as the node computed on the way up, or as a sibling the path supplied)
 * led to the trusted root, so every remembered node is the tree's true node at its place. When a
 * path's computed node at a level equals the remembered one, and every sibling the path supplies
 * above it equals the remembered sibling, the path can only hash up to the root; when anything
 * differs or is unknown, the path is hashed to the end as {@code rootFromPath} does.
 *
 * <p>A whole tree can also be learnt at once ({@link #learnTree}, from every leaf, checked against
 * the root); then {@link #checkBelow} checks a leaf with the start of its path alone (the siblings
 * below a remembered level), which is what the record-hash index stores since its version 3.
 *
 * <p>A tree learnt whole can keep its leaves instead of its upper nodes ({@link
 * #learnTree(byte[][][], boolean)}, 32 bytes per leaf); then {@link #checkLeaf} checks a leaf with
 * no path at all, which is what the record-hash index stores since its version 6 (session 18).
 *
 * <p>Only levels from {@link #FIRST_LEVEL} up are remembered (about {@code size / 2^FIRST_LEVEL}
 * nodes), which bounds the memory to about 13 KB per 1,000-leaf tree while leaving a path check
 * with {@code FIRST_LEVEL} node hashes instead of about {@code log2(size)}.
 *
 * <p>Thread-safety: safe for concurrent use. Two threads may remember the same node; they write
 * the same bytes, and a node is published whole (a volatile array slot holding a private copy).
 */
public final class KnownNodes {
  /** The lowest level remembered (level 0 is the leaves). */
  public static final int FIRST_LEVEL = 3;

  private final long size;
  private final byte[] root;
  /** Sizes of every level, leaves first; the last level holds the root alone. */
  private final long[] levelSizes;
  /** Offset of each remembered level's first node in {@link #nodes}; -1 below FIRST_LEVEL. */
  private final int[] levelOffsets;
  private final AtomicReferenceArray<byte[]> nodes;
  /**
   * Every leaf hash, 32 bytes each in leaf order, once {@link #learnTree(byte[][][], boolean)} was
   * asked to keep them (null before): what {@link #checkLeaf} compares with.
   */
  private volatile byte[] leaves;

  /**
   * Remembers nodes of the tree of {@code size} leaves (1..2^31) whose root is {@code root}.
   *
   * @throws IllegalArgumentException when {@code size} is out of range or {@code root} is not 32 bytes
   */
  public KnownNodes(long size, byte[] root) {
    if (size < 1 || size > Integer.MAX_VALUE || root.length != 32) {
      throw new IllegalArgumentException("a tree of " + size + " leaves with a root of " + root.length + " bytes");
    }
    this.size = size;
    this.root = root.clone();
    int height = 1;
    for (long s = size; s > 1; s = (s + 1) / 2) {
      height++;
    }
    levelSizes = new long[height];
    levelOffsets = new int[height];
    levelSizes[0] = size;
    for (int level = 1; level < height; level++) {
      levelSizes[level] = (levelSizes[level - 1] + 1) / 2;
    }
    int offset = 0;
    for (int level = 0; level < height; level++) {
      levelOffsets[level] = level < FIRST_LEVEL ? -1 : offset;
      offset += level < FIRST_LEVEL ? 0 : (int) levelSizes[level];
    }
    nodes = new AtomicReferenceArray<>(offset);
  }

  /** The number of leaves. */
  public long size() {
    return size;
  }

  /**
   * Remembers every node from {@link #FIRST_LEVEL} up of the whole tree {@code levels} (as {@link
   * MerkleTree#levels} builds it), when it is this tree: as many leaves, and its root is the
   * trusted root. Returns whether it was (nothing is remembered otherwise). After it, {@link
   * #checkBelow} can check any leaf with the start of its path alone.
   */
  public boolean learnTree(byte[][][] levels) {
    return learnTree(levels, false);
  }

  /**
   * {@link #learnTree(byte[][][])}, or with {@code keepLeaves} every leaf hash in its place (32
   * bytes per leaf, in one array, and no upper node), after which {@link #checkLeaf} proves a leaf
   * with no path at all: what the record-hash index values of version 6 need (they hold no path).
   * A path start then finds no remembered node ({@link #checkBelow} answers false); a whole path is
   * still checked to the root ({@link #check}).
   */
  public boolean learnTree(byte[][][] levels, boolean keepLeaves) {
    if (levels.length != levelSizes.length || levels[0].length != size
        || !Arrays.equals(MerkleTree.root(levels), root)) {
      return false;
    }
    if (!keepLeaves) {
      for (int level = FIRST_LEVEL; level < levels.length; level++) {
        for (int position = 0; position < levels[level].length; position++) {
          store(level, position, levels[level][position]);
        }
      }
    } else if (leaves == null) {
      byte[] all = new byte[levels[0].length * 32];
      for (int i = 0; i < levels[0].length; i++) {
        System.arraycopy(levels[0][i], 0, all, 32 * i, 32);
      }
      leaves = all; // published whole: a volatile write of a filled private array
    }
    return true;
  }

  /**
   * Whether {@code leafHash} is the tree's leaf at {@code index}. False when it is not, or when the
   * leaves were not learnt ({@link #learnTree(byte[][][], boolean)}): the learnt leaves hashed to
   * the trusted root, so true means the leaf is in the tree at {@code index}, as {@link
   * #check} with its whole path would answer.
   */
  public boolean checkLeaf(byte[] leafHash, long index) {
    byte[] all = leaves;
    if (all == null || index < 0 || index >= size || leafHash.length != 32) {
      return false;
    }
    int from = 32 * (int) index;
    return Arrays.equals(all, from, from + 32, leafHash, 0, 32);
  }

  /** Whether the leaves were learnt ({@link #learnTree(byte[][][], boolean)}). */
  public boolean knowsLeaves() {
    return leaves != null;
  }

  /**
   * Whether {@code lowPath}, the siblings leaf {@code index}'s audit path supplies on the levels
   * below {@code toLevel} (at least {@link #FIRST_LEVEL}; the root's level when the tree is lower),
   * leads from {@code leafHash} to the remembered node at that level. False when it does not, or
   * when that node is not remembered (see {@link #learnTree}): a remembered node is the tree's true
   * node at its place, so true means the leaf is in the tree at {@code index}.
   */
  public boolean checkBelow(byte[] leafHash, long index, byte[][] lowPath, int toLevel) {
    if (index < 0 || index >= size || toLevel < FIRST_LEVEL) {
      return false;
    }
    int top = Math.min(toLevel, levelSizes.length - 1);
    long position = index;
    byte[] hash = leafHash;
    int used = 0;
    for (int level = 0; level < top; level++) {
      if ((position ^ 1) < levelSizes[level]) {
        if (used == lowPath.length) {
          return false;
        }
        byte[] given = lowPath[used++];
        hash = (position & 1) == 0 ? MerkleTree.nodeHash(hash, given) : MerkleTree.nodeHash(given, hash);
      }
      position >>>= 1;
    }
    byte[] expected = top == levelSizes.length - 1 ? root : known(top, position);
    return used == lowPath.length && expected != null && Arrays.equals(expected, hash);
  }

  /** Whether {@code path} proves {@code leafHash} at {@code index} under the trusted root. */
  public boolean check(byte[] leafHash, long index, byte[][] path) {
    if (index < 0 || index >= size) {
      return false;
    }
    int levels = levelSizes.length;
    byte[][] computed = new byte[levels][]; // the node on the path at each level
    byte[][] siblings = new byte[levels][]; // the sibling the path supplied at each level, if any
    long position = index;
    byte[] hash = leafHash;
    int used = 0;
    for (int level = 0; level < levels - 1; level++) {
      long sibling = position ^ 1;
      if (sibling < levelSizes[level]) {
        if (used == path.length) {
          return false;
        }
        byte[] given = path[used++];
        siblings[level] = given;
        hash = (position & 1) == 0 ? MerkleTree.nodeHash(hash, given) : MerkleTree.nodeHash(given, hash);
      }
      position >>>= 1;
      computed[level + 1] = hash;
      byte[] known = known(level + 1, position);
      if (known != null && Arrays.equals(known, hash) && restIsKnown(level + 1, position, path, used)) {
        remember(index, computed, siblings, level + 1); // what led to a proven node is proven too
        return true;
      }
    }
    boolean valid = used == path.length && Arrays.equals(hash, root);
    if (valid) {
      remember(index, computed, siblings, levels - 1);
    }
    return valid;
  }

  /** Whether every sibling {@code path} supplies from {@code level} up equals the remembered one. */
  private boolean restIsKnown(int level, long position, byte[][] path, int used) {
    for (int at = level; at < levelSizes.length - 1; at++) {
      long sibling = position ^ 1;
      if (sibling < levelSizes[at]) {
        byte[] known = known(at, sibling);
        if (used == path.length || known == null || !Arrays.equals(known, path[used++])) {
          return false;
        }
      }
      position >>>= 1;
    }
    return used == path.length;
  }

  /**
   * Remembers the nodes of a path that led to a proven node at level {@code top} (the root, or a
   * node remembered before): the computed ones up to {@code top} and the siblings supplied below it.
   */
  private void remember(long index, byte[][] computed, byte[][] siblings, int top) {
    long position = index;
    for (int level = 0; level < top; level++) {
      if (siblings[level] != null) {
        store(level, position ^ 1, siblings[level]);
      }
      position >>>= 1;
      store(level + 1, position, computed[level + 1]);
    }
  }

  /** The lowest level at which the node above leaf {@code index} is remembered, or -1 (for tests). */
  int knownAbove(long index) {
    for (int level = FIRST_LEVEL; level < levelSizes.length; level++) {
      if (known(level, index >>> level) != null) {
        return level;
      }
    }
    return -1;
  }

  private byte[] known(int level, long position) {
    int offset = levelOffsets[level];
    return offset < 0 ? null : nodes.get(offset + (int) position);
  }

  private void store(int level, long position, byte[] hash) {
    int offset = levelOffsets[level];
    if (offset >= 0 && nodes.get(offset + (int) position) == null) {
      nodes.set(offset + (int) position, hash.clone());
    }
  }
}
