package io.cairn.chain.contract.exec;

import io.cairn.chain.contract.StateKey;
import java.util.HashMap;
import java.util.Map;

/** Turns an executor's net writes ({@link CallView#DELETED} for deletions) into a result's map. */
final class Writes {
  private Writes() {}

  /** The writes with deletions as {@code null}. */
  static Map<StateKey, byte[]> of(Map<StateKey, byte[]> writes) {
    Map<StateKey, byte[]> copy = HashMap.newHashMap(writes.size());
    writes.forEach((key, value) -> copy.put(key, value == CallView.DELETED ? null : value));
    return copy;
  }
}
