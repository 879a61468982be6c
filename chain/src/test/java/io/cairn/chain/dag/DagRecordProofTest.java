package io.cairn.chain.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.CorruptionException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DagRecordProofTest {
  @Test
  void everyOrderedKeyHasAProofThatChecksAgainstItsPivotAndTamperingIsCaught() {
    DagSimulation sim = new DagSimulation(new DagSimulation.Config(3, 11, 40, 0.3, 5, 4, 1, 3, 0.1, 2, 0.0));
    assertThat(sim.run()).isTrue();
    ConfluxOrder order = sim.nodes().getFirst().order();
    List<DagTx> ordered = order.txOrder();
    assertThat(ordered).hasSizeGreaterThan(50);
    int longest = 0;
    for (DagTx tx : ordered.subList(0, 50)) {
      DagRecordProof proof = DagRecordProof.build(order, tx.key());
      DagBlock first = DagBlockCodec.decode(proof.path().getFirst());
      int height = order.epochOf(first.id());
      assertThat(order.epoch(height).pivot()).isEqualTo(first.id());
      assertThat(proof.check(first.id())).isEqualTo(tx);
      longest = Math.max(longest, proof.path().size());
      DagId otherPivot = order.epoch(height == 0 ? 1 : height - 1).pivot();
      assertThatThrownBy(() -> proof.check(otherPivot)).isInstanceOf(CorruptionException.class);
      List<byte[]> tampered = new ArrayList<>(proof.path());
      byte[] last = tampered.getLast().clone();
      last[last.length - 5] ^= 1;
      tampered.set(tampered.size() - 1, last);
      assertThatThrownBy(() -> new DagRecordProof(tx.key(), tampered).check(first.id()))
          .isInstanceOf(CorruptionException.class);
    }
    assertThat(longest).as("some record sits below its epoch's pivot").isGreaterThan(1);
  }
}
