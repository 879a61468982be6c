package io.cairn.chain.dag;

import java.util.List;

/**
 * One epoch of the total order: the blocks in the past of a pivot block that are in no earlier
 * epoch, in epoch order, the pivot block last.
 *
 * @param height the pivot block's height (the genesis epoch is 0)
 * @param pivot the pivot block
 * @param blocks the epoch's blocks in order, ending with {@code pivot}
 */
public record DagEpoch(int height, DagId pivot, List<DagId> blocks) {
  public DagEpoch {
    blocks = List.copyOf(blocks);
    assert !blocks.isEmpty() && blocks.getLast().equals(pivot);
  }
}
