package io.cairn.chain.dag;

import java.util.PriorityQueue;

/**
 * The order of the blocks inside one epoch, as conflux-rust makes it
 * ({@code crates/util/dag/src/lib.rs}, {@code topological_sort}, called with the block hash as
 * the order key from {@code consensus_inner/mod.rs}, {@code
 * compute_blockset_in_own_view_of_epoch}): a Kahn sort run backwards. Among the blocks of the set
 * that no other block of the set points to (by a parent or reference edge), the one with the
 * largest id is taken and put at the back; its predecessors inside the set may then become
 * candidates; at the end the sequence is reversed. The pivot block is not in the set; the caller
 * appends it last.
 *
 * <p>This is not "forward Kahn, smallest id first": for B=0x90 with child D=0x30 and an unrelated
 * F=0x40 it gives B, D, F, where the forward rule gives F, B, D (docs/dag.md, "Order inside an
 * epoch").
 */
final class EpochSorter {
  private EpochSorter() {}

  /**
   * Sorts {@code set} (block numbers, in any order) in place into epoch order.
   *
   * @param set the epoch's blocks, the pivot excluded
   * @param preds predecessors (parent and references) of every block, by block number
   * @param ids ids of every block, by block number
   * @param inSet a scratch marker array by block number, all {@code false} on entry and on return
   * @param successors a scratch counter array by block number, all zero on entry and on return
   */
  static void sort(int[] set, int[][] preds, DagId[] ids, boolean[] inSet, int[] successors) {
    if (set.length <= 1) {
      return;
    }
    for (int b : set) {
      inSet[b] = true;
    }
    for (int b : set) {
      for (int p : preds[b]) {
        if (inSet[p]) {
          successors[p]++;
        }
      }
    }
    PriorityQueue<Integer> candidates = new PriorityQueue<>(set.length, (a, b) -> ids[b].compareTo(ids[a]));
    for (int b : set) {
      if (successors[b] == 0) {
        candidates.add(b);
      }
    }
    int back = set.length;
    int[] out = new int[set.length];
    while (!candidates.isEmpty()) {
      int b = candidates.poll();
      out[--back] = b;
      for (int p : preds[b]) {
        if (inSet[p] && --successors[p] == 0) {
          candidates.add(p);
        }
      }
    }
    if (back != 0) {
      throw new AssertionError("epoch set is not acyclic: " + back + " blocks left unsorted");
    }
    for (int b : set) {
      inSet[b] = false;
      assert successors[b] == 0;
    }
    System.arraycopy(out, 0, set, 0, set.length);
  }
}
