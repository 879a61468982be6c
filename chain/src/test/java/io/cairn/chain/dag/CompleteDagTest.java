package io.cairn.chain.dag;

import static io.cairn.chain.dag.Dags.block;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.InvalidArgumentException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompleteDagTest {
  @Test
  void blocksInAnyOrderGiveTheSameOrder() {
    List<DagBlock> reversed = new ArrayList<>(Dags.figure7());
    Collections.reverse(reversed);
    assertThat(CompleteDag.order(reversed).blockOrder()).isEqualTo(Dags.order(Dags.figure7()).blockOrder());
  }

  @Test
  void badDagsAreRefusedWithTheBlocksNamed() {
    assertThatThrownBy(() -> CompleteDag.order(List.of()))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("no blocks");
    assertThatThrownBy(() -> CompleteDag.order(List.of(block("A", "B", ""), block("B", "A", ""))))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("no genesis");
    assertThatThrownBy(() -> CompleteDag.order(List.of(block("G", null, ""), block("H", null, ""))))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("more than one genesis");
    assertThatThrownBy(() -> CompleteDag.order(List.of(block("G", null, ""), block("A", "G", ""), block("A", "G", ""))))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("duplicate block id A");
    assertThatThrownBy(() -> CompleteDag.order(List.of(block("G", null, ""), block("A", "X", ""))))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("block A has unknown parent X");
    assertThatThrownBy(() -> CompleteDag.order(List.of(block("G", null, ""), block("A", "G", "Y"))))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("block A references unknown block Y");
    assertThatThrownBy(() -> CompleteDag.order(List.of(block("G", null, ""), block("A", "G", "B"), block("B", "G", "A"))))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("cycle").hasMessageContaining("[A, B]");
  }
}
