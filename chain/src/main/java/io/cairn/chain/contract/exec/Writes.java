package io.cairn.chain.contract.exec;

import io.cairn.chain.contract.StateKey;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Turns an executor's net writes ({@link CallView#DELETED} for deletions) into a result's map. */
final class Writes {
  private Writes() {}

  /** The writes sorted by key, deletions as {@code null}. */
  static SortedMap<StateKey, byte[]> sorted(Map<StateKey, byte[]> writes) {
    SortedMap<StateKey, byte[]> sorted = new TreeMap<>();
    writes.forEach((key, value) -> sorted.put(key, value == CallView.DELETED ? null : value));
    return sorted;
  }
}
