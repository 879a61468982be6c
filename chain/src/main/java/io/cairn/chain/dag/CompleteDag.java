package io.cairn.chain.dag;

import io.cairn.common.InvalidArgumentException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A DAG given whole (a file, a test): checked, then ordered. The blocks may come in any order;
 * they are added to a {@link ConfluxOrder} in their given order except that a block waits for
 * its parent and references (the result does not depend on it: the order is a function of the
 * DAG). Refused with an {@link InvalidArgumentException} that names the blocks: an empty DAG, no
 * genesis or more than one, a repeated id, a parent or reference that is no block of the DAG, a
 * cycle.
 */
public final class CompleteDag {
  private CompleteDag() {}

  /** The order of {@code blocks}. */
  public static ConfluxOrder order(List<DagBlock> blocks) {
    check(blocks);
    Map<DagId, List<DagBlock>> waiting = new HashMap<>();
    Map<DagId, Integer> missing = new HashMap<>();
    ConfluxOrder order = new ConfluxOrder();
    ArrayDeque<DagBlock> ready = new ArrayDeque<>();
    for (DagBlock block : blocks) {
      Set<DagId> preds = new HashSet<>(block.refs());
      block.parent().ifPresent(preds::add);
      int count = 0;
      for (DagId p : preds) {
        if (!order.contains(p)) {
          waiting.computeIfAbsent(p, k -> new ArrayList<>()).add(block);
          count++;
        }
      }
      missing.put(block.id(), count);
      if (count == 0) {
        ready.add(block);
      }
      drain(order, ready, waiting, missing);
    }
    if (order.size() != blocks.size()) {
      List<DagId> stuck = new ArrayList<>();
      for (DagBlock b : blocks) {
        if (!order.contains(b.id())) {
          stuck.add(b.id());
        }
      }
      throw new InvalidArgumentException("the DAG has a cycle through parent/reference edges among "
          + abbreviate(stuck));
    }
    return order;
  }

  private static void drain(ConfluxOrder order, ArrayDeque<DagBlock> ready,
      Map<DagId, List<DagBlock>> waiting, Map<DagId, Integer> missing) {
    while (!ready.isEmpty()) {
      DagBlock next = ready.poll();
      order.add(next);
      for (DagBlock w : waiting.getOrDefault(next.id(), List.of())) {
        if (missing.merge(w.id(), -1, Integer::sum) == 0) {
          ready.add(w);
        }
      }
      waiting.remove(next.id());
    }
  }

  private static void check(List<DagBlock> blocks) {
    if (blocks.isEmpty()) {
      throw new InvalidArgumentException("the DAG has no blocks; it needs a genesis (a block with no parent)");
    }
    Set<DagId> ids = new HashSet<>();
    List<DagId> geneses = new ArrayList<>();
    for (DagBlock b : blocks) {
      if (!ids.add(b.id())) {
        throw new InvalidArgumentException("duplicate block id " + b.id());
      }
      if (b.isGenesis()) {
        geneses.add(b.id());
      }
    }
    if (geneses.isEmpty()) {
      throw new InvalidArgumentException("no genesis: every block has a parent; exactly one must have none");
    }
    if (geneses.size() > 1) {
      throw new InvalidArgumentException("more than one genesis (blocks with no parent): " + abbreviate(geneses));
    }
    for (DagBlock b : blocks) {
      if (b.parent().isPresent() && !ids.contains(b.parent().get())) {
        throw new InvalidArgumentException("block " + b.id() + " has unknown parent " + b.parent().get());
      }
      for (DagId r : b.refs()) {
        if (!ids.contains(r)) {
          throw new InvalidArgumentException("block " + b.id() + " references unknown block " + r);
        }
      }
    }
  }

  private static String abbreviate(List<DagId> ids) {
    return ids.size() <= 10 ? ids.toString() : ids.subList(0, 10) + " and " + (ids.size() - 10) + " more";
  }
}
