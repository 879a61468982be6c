package io.cairn.chain.dag;

import java.util.Arrays;

/**
 * The subtree weight of every block over parent edges (its own weight plus that of every block
 * whose parent chain passes through it), kept under the growth of the tree by leaves. With unit
 * weights, a block's subtree weight is its subtree size.
 *
 * <p>Contract: {@link #addLeaf(int, int)} hangs block {@code child} under {@code parent} and adds
 * {@code weight} to every block on the path from the root to {@code child}; {@link #weight(int)}
 * is the sum of the weights added through leaves in the block's subtree. Both cost O(log n)
 * amortised: the tree is a link-cut tree (Sleator and Tarjan) whose preferred paths carry a lazy
 * "add to the whole path" tag, as conflux-rust's {@code weight_tree} does. The root never changes,
 * so no path is ever reversed.
 *
 * <p>Blocks are numbered 0, 1, 2, ... in the order they are added; internally slot 0 is the null
 * node, so block {@code b} lives in slot {@code b + 1}.
 *
 * <p>Thread-safety: not thread-safe; owned by one {@link ConfluxOrder}.
 */
final class SubtreeWeights {
  private static final int NIL = 0;

  private int[] left = new int[64];
  private int[] right = new int[64];
  private int[] up = new int[64];
  private long[] value = new long[64];
  private long[] pending = new long[64];
  private int[] stack = new int[64];
  private int size;

  /** Number of blocks held. */
  int size() {
    return size;
  }

  /** Adds the root (the genesis) with {@code weight}; it must be the first block. */
  void addRoot(int block, long weight) {
    assert size == 0 && block == 0 : "the root is block 0";
    grow();
    size = 1;
    value[1] = weight;
  }

  /** Hangs the new block {@code child} (numbered {@code size()}) under {@code parent}. */
  void addLeaf(int child, int parent, long weight) {
    assert child == size && parent >= 0 && parent < size : "leaf " + child + " under " + parent;
    grow();
    size++;
    int x = child + 1;
    up[x] = parent + 1;
    access(x);
    value[x] += weight;
    pending[x] += weight;
  }

  /** The subtree weight of {@code block}. */
  long weight(int block) {
    assert block >= 0 && block < size : "no block " + block;
    int x = block + 1;
    access(x);
    return value[x];
  }

  private void grow() {
    if (size + 2 <= left.length) {
      return;
    }
    int capacity = left.length * 2;
    left = Arrays.copyOf(left, capacity);
    right = Arrays.copyOf(right, capacity);
    up = Arrays.copyOf(up, capacity);
    value = Arrays.copyOf(value, capacity);
    pending = Arrays.copyOf(pending, capacity);
    stack = Arrays.copyOf(stack, capacity);
  }

  /** Makes the root-to-{@code x} path preferred, {@code x} at the root of its splay tree. */
  private void access(int x) {
    int last = NIL;
    for (int y = x; y != NIL; y = up[y]) {
      splay(y);
      right[y] = last;
      last = y;
    }
    splay(x);
  }

  private boolean isSplayRoot(int x) {
    int p = up[x];
    return p == NIL || (left[p] != x && right[p] != x);
  }

  private void splay(int x) {
    int depth = 0;
    stack[depth++] = x;
    for (int y = x; !isSplayRoot(y); y = up[y]) {
      stack[depth++] = up[y];
    }
    while (depth > 0) {
      pushDown(stack[--depth]);
    }
    while (!isSplayRoot(x)) {
      int y = up[x];
      if (!isSplayRoot(y)) {
        int z = up[y];
        rotate((left[y] == x) == (left[z] == y) ? y : x);
      }
      rotate(x);
    }
  }

  private void rotate(int x) {
    int y = up[x];
    int z = up[y];
    if (!isSplayRoot(y)) {
      if (left[z] == y) {
        left[z] = x;
      } else {
        right[z] = x;
      }
    }
    up[x] = z;
    if (left[y] == x) {
      left[y] = right[x];
      if (right[x] != NIL) {
        up[right[x]] = y;
      }
      right[x] = y;
    } else {
      right[y] = left[x];
      if (left[x] != NIL) {
        up[left[x]] = y;
      }
      left[x] = y;
    }
    up[y] = x;
  }

  private void pushDown(int x) {
    long add = pending[x];
    if (add == 0) {
      return;
    }
    int l = left[x];
    int r = right[x];
    if (l != NIL) {
      value[l] += add;
      pending[l] += add;
    }
    if (r != NIL) {
      value[r] += add;
      pending[r] += add;
    }
    pending[x] = 0;
  }
}
