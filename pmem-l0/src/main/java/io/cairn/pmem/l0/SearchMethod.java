package io.cairn.pmem.l0;

/** How an {@link NvmTable} finds a key among its slots. */
public enum SearchMethod {
  /**
   * The table's PGM model predicts the position, then the window of at most {@code 2ε + 2} slots
   * around it is read and scanned: the read path of the paper and of the engine.
   */
  LEARNED,
  /**
   * Binary search over every slot, by model key and then key: the baseline the learned index is
   * measured against (the answers are the same).
   */
  BINARY_SEARCH
}
