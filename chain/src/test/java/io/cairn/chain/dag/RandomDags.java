package io.cairn.chain.dag;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/** Random DAGs for property tests: parents and references drawn among recent blocks. */
final class RandomDags {
  private RandomDags() {}

  /**
   * {@code n} blocks in creation order: each picks a parent among the last {@code window} blocks
   * and up to 3 references among them; ids are short random text (so ties and id order matter),
   * transactions come from a small pool so that duplicates and conflicts happen.
   */
  static List<DagBlock> generate(SplittableRandom random, int n, int window) {
    List<DagBlock> blocks = new ArrayList<>();
    blocks.add(DagBlock.genesis(DagId.ofText("g"), List.of()));
    Set<String> used = new HashSet<>(Set.of("g"));
    for (int i = 1; i < n; i++) {
      String name;
      do {
        name = Integer.toString(random.nextInt(100 * n + 10), 36);
      } while (!used.add(name));
      int from = Math.max(0, blocks.size() - window);
      DagId parent = blocks.get(from + random.nextInt(blocks.size() - from)).id();
      Set<DagId> refs = new java.util.LinkedHashSet<>();
      int refCount = random.nextInt(4);
      for (int r = 0; r < refCount; r++) {
        DagId ref = blocks.get(from + random.nextInt(blocks.size() - from)).id();
        if (!ref.equals(parent)) {
          refs.add(ref);
        }
      }
      List<DagTx> txs = new ArrayList<>();
      int txCount = random.nextInt(4);
      for (int t = 0; t < txCount; t++) {
        int k = random.nextInt(3 * n);
        txs.add(random.nextInt(4) == 0
            ? new DagTx(DagId.ofText("t" + k + "'"), DagId.ofText("t" + k))
            : DagTx.of(DagId.ofText("t" + k)));
      }
      blocks.add(DagBlock.of(DagId.ofText(name), parent, List.copyOf(refs), txs));
    }
    return blocks;
  }

  /** A random arrival order that keeps every block after its parent and references. */
  static List<DagBlock> shuffledTopologically(List<DagBlock> blocks, SplittableRandom random) {
    Map<DagId, DagBlock> byId = new HashMap<>();
    Map<DagId, List<DagBlock>> waiting = new HashMap<>();
    Map<DagId, Integer> missing = new HashMap<>();
    List<DagBlock> ready = new ArrayList<>();
    for (DagBlock b : blocks) {
      byId.put(b.id(), b);
      int m = b.refs().size() + (b.isGenesis() ? 0 : 1);
      missing.put(b.id(), m);
      b.parent().ifPresent(p -> waiting.computeIfAbsent(p, k -> new ArrayList<>()).add(b));
      b.refs().forEach(r -> waiting.computeIfAbsent(r, k -> new ArrayList<>()).add(b));
      if (m == 0) {
        ready.add(b);
      }
    }
    List<DagBlock> out = new ArrayList<>();
    while (!ready.isEmpty()) {
      int pick = random.nextInt(ready.size());
      DagBlock b = ready.get(pick);
      ready.set(pick, ready.getLast());
      ready.removeLast();
      out.add(b);
      for (DagBlock w : waiting.getOrDefault(b.id(), List.of())) {
        if (missing.merge(w.id(), -1, Integer::sum) == 0) {
          ready.add(w);
        }
      }
    }
    return out;
  }
}
