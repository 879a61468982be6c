package io.cairn.chain.dag;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test helpers: blocks written as text, the paper's Fig 7 DAG. */
final class Dags {
  private Dags() {}

  static DagId id(String text) {
    return DagId.ofText(text);
  }

  static List<DagId> ids(String... texts) {
    return Arrays.stream(texts).map(DagId::ofText).toList();
  }

  static List<String> texts(List<DagId> ids) {
    return ids.stream().map(DagId::text).toList();
  }

  /** {@code block("E", "C", "D,F", "t1,t2")}: parent C, references D and F, transactions t1, t2. */
  static DagBlock block(String id, String parent, String refs, String txs) {
    List<DagTx> list = new ArrayList<>();
    for (String tx : split(txs)) {
      list.add(DagTx.of(id(tx)));
    }
    List<DagId> refIds = split(refs).stream().map(DagId::ofText).toList();
    return parent == null ? DagBlock.genesis(id(id), list) : DagBlock.of(id(id), id(parent), refIds, list);
  }

  static DagBlock block(String id, String parent, String refs) {
    return block(id, parent, refs, "");
  }

  private static List<String> split(String csv) {
    return csv == null || csv.isBlank() ? List.of() : List.of(csv.split(","));
  }

  /**
   * The DAG of the paper's Fig 7 (seed 004 §4.1, from Conflux ATC'20), as reconstructed from the
   * text (our copy of the paper has no image): pivot chain Genesis, A, C, E, H; A has more children
   * than B; J is in H's epoch; the tips are H and K, so a new block N has parent H and references
   * K; total order Genesis, A, B, C, D, F, E, G, J, I, H. docs/dag.md draws it.
   */
  static List<DagBlock> figure7() {
    return List.of(
        block("Genesis", null, ""),
        block("A", "Genesis", ""),
        block("B", "Genesis", ""),
        block("C", "A", "B"),
        block("D", "A", ""),
        block("F", "B", ""),
        block("E", "C", "D,F"),
        block("G", "D", ""),
        block("J", "F", ""),
        block("I", "J", ""),
        block("H", "E", "G,I"),
        block("K", "I", ""));
  }

  static ConfluxOrder order(List<DagBlock> blocks) {
    ConfluxOrder order = new ConfluxOrder();
    blocks.forEach(order::add);
    return order;
  }
}
