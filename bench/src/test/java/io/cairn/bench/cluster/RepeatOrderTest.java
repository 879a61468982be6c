package io.cairn.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RepeatOrderTest {
  private static <T> List<String> names(List<RepeatOrder.Slot<T>> order) {
    return order.stream().map(slot -> slot.configuration() + "" + (slot.repeat() + 1)).toList();
  }

  @Test
  void twoSystemsAlternateAbba() {
    List<RepeatOrder.Slot<String>> order = RepeatOrder.of(List.of("cairn", "ratis"), 4);

    assertThat(names(order)).containsExactly("cairn1", "ratis1", "ratis2", "cairn2", "cairn3", "ratis3", "ratis4",
        "cairn4");
  }

  @Test
  void moreConfigurationsRunForwardThenBackward() {
    List<RepeatOrder.Slot<String>> order = RepeatOrder.of(List.of("kraft", "raft", "count", "ledger"), 3);

    assertThat(names(order)).containsExactly("kraft1", "raft1", "count1", "ledger1",
        "ledger2", "count2", "raft2", "kraft2", "kraft3", "raft3", "count3", "ledger3");
  }

  @Test
  void oneRepeatIsTodaysOrder() {
    assertThat(names(RepeatOrder.of(List.of("kraft", "raft", "count"), 1))).containsExactly("kraft1", "raft1", "count1");
    assertThat(RepeatOrder.of(List.of(), 3)).isEmpty();
    assertThatThrownBy(() -> RepeatOrder.of(List.of("a"), 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
