package io.cairn.chain.dag;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Conflux order recomputed from scratch with the plainest code, as an oracle for the
 * incremental {@link ConfluxOrder}: subtree sizes by recursion, the pivot chain by descending,
 * epochs as set differences of pasts, the in-epoch order by repeatedly taking, among the blocks left
 * with no successor left, the largest id, and reversing.
 */
final class ReferenceOrder {
  final List<DagId> pivot = new ArrayList<>();
  final List<List<DagId>> epochs = new ArrayList<>();
  final List<DagId> txOrder = new ArrayList<>();

  ReferenceOrder(List<DagBlock> blocks) {
    Map<DagId, DagBlock> byId = new HashMap<>();
    Map<DagId, List<DagId>> children = new HashMap<>();
    DagId genesis = null;
    for (DagBlock b : blocks) {
      byId.put(b.id(), b);
      if (b.isGenesis()) {
        genesis = b.id();
      } else {
        children.computeIfAbsent(b.parent().orElseThrow(), k -> new ArrayList<>()).add(b.id());
      }
    }
    Map<DagId, Integer> size = new HashMap<>();
    for (DagId cur = genesis; cur != null; ) {
      pivot.add(cur);
      DagId best = null;
      for (DagId c : children.getOrDefault(cur, List.of())) {
        if (best == null || heavier(c, best, children, size)) {
          best = c;
        }
      }
      cur = best;
    }
    Set<DagId> done = new HashSet<>();
    for (DagId p : pivot) {
      Set<DagId> set = new LinkedHashSet<>(past(p, byId));
      set.removeAll(done);
      List<DagId> order = sortEpoch(set, byId);
      order.add(p);
      done.addAll(order);
      epochs.add(order);
    }
    Set<DagId> seenIds = new HashSet<>();
    Set<DagId> seenKeys = new HashSet<>();
    for (List<DagId> epoch : epochs) {
      for (DagId b : epoch) {
        for (DagTx tx : byId.get(b).txs()) {
          if (!seenIds.contains(tx.id()) && !seenKeys.contains(tx.key())) {
            txOrder.add(tx.id());
            seenIds.add(tx.id());
            seenKeys.add(tx.key());
          }
        }
      }
    }
  }

  List<DagId> blockOrder() {
    List<DagId> all = new ArrayList<>();
    epochs.forEach(all::addAll);
    return all;
  }

  private static boolean heavier(DagId a, DagId b, Map<DagId, List<DagId>> children, Map<DagId, Integer> size) {
    int sa = size(a, children, size);
    int sb = size(b, children, size);
    return sa > sb || (sa == sb && a.compareTo(b) > 0);
  }

  private static int size(DagId x, Map<DagId, List<DagId>> children, Map<DagId, Integer> memo) {
    Integer known = memo.get(x);
    if (known != null) {
      return known;
    }
    // iterative post-order to survive deep chains
    List<DagId> stack = new ArrayList<>(List.of(x));
    List<DagId> post = new ArrayList<>();
    while (!stack.isEmpty()) {
      DagId y = stack.removeLast();
      post.add(y);
      stack.addAll(children.getOrDefault(y, List.of()));
    }
    for (int i = post.size() - 1; i >= 0; i--) {
      DagId y = post.get(i);
      int s = 1;
      for (DagId c : children.getOrDefault(y, List.of())) {
        s += memo.get(c);
      }
      memo.put(y, s);
    }
    return memo.get(x);
  }

  /** Past of p: every block reachable by parent and reference edges, p excluded. */
  private static Set<DagId> past(DagId p, Map<DagId, DagBlock> byId) {
    Set<DagId> seen = new HashSet<>();
    List<DagId> stack = new ArrayList<>(preds(byId.get(p)));
    while (!stack.isEmpty()) {
      DagId x = stack.removeLast();
      if (seen.add(x)) {
        stack.addAll(preds(byId.get(x)));
      }
    }
    return seen;
  }

  private static List<DagId> preds(DagBlock b) {
    List<DagId> out = new ArrayList<>(b.refs());
    b.parent().ifPresent(out::add);
    return out;
  }

  private static List<DagId> sortEpoch(Set<DagId> set, Map<DagId, DagBlock> byId) {
    Set<DagId> left = new HashSet<>(set);
    List<DagId> reversed = new ArrayList<>();
    while (!left.isEmpty()) {
      DagId best = null;
      for (DagId x : left) {
        boolean hasSuccessorLeft = false;
        for (DagId y : left) {
          if (preds(byId.get(y)).contains(x)) {
            hasSuccessorLeft = true;
            break;
          }
        }
        if (!hasSuccessorLeft && (best == null || x.compareTo(best) > 0)) {
          best = x;
        }
      }
      left.remove(best);
      reversed.add(best);
    }
    List<DagId> out = new ArrayList<>(reversed.reversed());
    return out;
  }
}
