package io.cairn.chain.dag;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Blocks received before their parent or a reference: held, indexed by what they wait for, and
 * handed back when it arrives. Bounded: past {@code capacity} held blocks a new one is refused
 * (the sender's next announcement brings it again), so a peer cannot fill memory with blocks whose
 * parents never come.
 *
 * <p>Invariant: a block is held iff it is a key of {@code held}; every id it waits for lists it in
 * {@code waiters}.
 *
 * <p>Thread-safety: not thread-safe; owned by one {@link DagNode}.
 */
final class PendingBlocks {
  private final int capacity;
  private final Map<DagId, DagBlock> held = new LinkedHashMap<>();
  private final Map<DagId, List<DagId>> waiters = new HashMap<>();

  PendingBlocks(int capacity) {
    this.capacity = capacity;
  }

  /** Holds {@code block} until every id in {@code missing} arrived; false when full or held already. */
  boolean hold(DagBlock block, List<DagId> missing) {
    assert !missing.isEmpty();
    if (held.size() >= capacity || held.containsKey(block.id())) {
      return false;
    }
    held.put(block.id(), block);
    for (DagId id : missing) {
      waiters.computeIfAbsent(id, k -> new ArrayList<>(1)).add(block.id());
    }
    return true;
  }

  /** Whether a block with this id is held. */
  boolean isHeld(DagId id) {
    return held.containsKey(id);
  }

  /** Number of blocks held. */
  int size() {
    return held.size();
  }

  /** The held blocks that waited for {@code arrived}, no longer held (the caller re-checks them). */
  List<DagBlock> release(DagId arrived) {
    List<DagId> waiting = waiters.remove(arrived);
    if (waiting == null) {
      return List.of();
    }
    List<DagBlock> out = new ArrayList<>(waiting.size());
    for (DagId id : waiting) {
      DagBlock block = held.remove(id);
      if (block != null) {
        out.add(block);
      }
    }
    return out;
  }

  /** The ids held blocks wait for and that are not held themselves, in no particular order. */
  List<DagId> wanted() {
    List<DagId> out = new ArrayList<>(waiters.size());
    for (DagId id : waiters.keySet()) {
      if (!held.containsKey(id)) {
        out.add(id);
      }
    }
    return out;
  }
}
