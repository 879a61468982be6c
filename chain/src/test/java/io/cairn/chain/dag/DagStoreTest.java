package io.cairn.chain.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.CorruptionException;
import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.Options;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DagStoreTest {
  @Test
  void aStoredDagReopensIntoTheSameOrder(@TempDir Path dir) {
    DagSimulation sim = new DagSimulation(new DagSimulation.Config(3, 5, 30, 0.4, 4, 4, 1, 2, 0.0, 2, 0.1));
    assertThat(sim.run()).isTrue();
    ConfluxOrder original = sim.nodes().getFirst().order();
    List<DagId> arrival = new java.util.ArrayList<>(original.blockOrder());
    arrival.addAll(original.unorderedBlocks());
    try (Db db = Cairn.open(dir.resolve("dag"), Options.defaults())) {
      DagStore store = new DagStore(db, false);
      // stored in a random arrival order that keeps every block after its parent and references
      for (DagBlock b : RandomDags.shuffledTopologically(
          arrival.stream().map(id -> original.block(id).orElseThrow()).toList(), new java.util.SplittableRandom(1))) {
        store.append(b);
      }
    }
    try (Db db = Cairn.open(dir.resolve("dag"), Options.defaults())) {
      ConfluxOrder reopened = new DagStore(db, false).load();
      assertThat(reopened.blockOrder()).isEqualTo(original.blockOrder());
      assertThat(reopened.txOrder()).isEqualTo(original.txOrder());
      assertThat(reopened.unorderedBlocks()).hasSameElementsAs(original.unorderedBlocks());
      db.put(new byte[] {'D', 0, 0, 0, 0, 0, 0, 0, 1}, new byte[] {1, 2, 3});
      assertThatThrownBy(() -> new DagStore(db, false).load()).isInstanceOf(CorruptionException.class);
    }
  }
}
