package io.cairn.bench.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * The order of {@code bench cluster --repeats N}'s runs at one cluster size (session 18): the
 * size's configurations (Cairn's modes and encodings, then Ratis's state machines, today's order)
 * forward in the first repeat, backward in the second, forward again in the third, and so on. With
 * one Cairn and one Ratis configuration that is A B B A A B ...: a machine that slows down or
 * speeds up over the minutes of a command falls on both systems alike, and each repeat's runs
 * (a pair) are adjacent. With one repeat it is today's order.
 */
final class RepeatOrder {
  private RepeatOrder() {}

  /** One run of the sequence: its repeat (0-based) and configuration. */
  record Slot<T>(int repeat, T configuration) {}

  /**
   * The runs of {@code repeats} repeats of {@code configurations}, in the order to run them.
   *
   * @throws IllegalArgumentException when {@code repeats} is below 1
   */
  static <T> List<Slot<T>> of(List<T> configurations, int repeats) {
    if (repeats < 1) {
      throw new IllegalArgumentException("repeats must be at least 1, was " + repeats);
    }
    List<Slot<T>> order = new ArrayList<>();
    for (int repeat = 0; repeat < repeats; repeat++) {
      for (int i = 0; i < configurations.size(); i++) {
        int index = repeat % 2 == 0 ? i : configurations.size() - 1 - i;
        order.add(new Slot<>(repeat, configurations.get(index)));
      }
    }
    return order;
  }
}
