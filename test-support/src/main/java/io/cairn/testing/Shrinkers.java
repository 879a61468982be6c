package io.cairn.testing;

import java.util.ArrayList;
import java.util.List;

/** Ready-made shrinkers. Thread-safety: stateless. */
public final class Shrinkers {
  private Shrinkers() {}

  /**
   * Shrinks a list (typically a sequence of actions) by deleting chunks: first halves, then
   * quarters, and so on down to single elements (the "ddmin" order of delta debugging), so a
   * failing sequence of thousands of actions usually ends up a handful long.
   */
  public static <E> Shrinker<List<E>> list() {
    return failing -> {
      List<List<E>> candidates = new ArrayList<>();
      int size = failing.size();
      for (int chunk = size / 2; chunk >= 1; chunk /= 2) {
        for (int from = 0; from < size; from += chunk) {
          List<E> smaller = new ArrayList<>(size - chunk);
          smaller.addAll(failing.subList(0, from));
          smaller.addAll(failing.subList(Math.min(size, from + chunk), size));
          candidates.add(smaller);
        }
      }
      return candidates;
    };
  }

  /**
   * Shrinks a list by deleting chunks, then by shrinking single elements with {@code element}
   * (for example making a value shorter) while keeping the list's length.
   */
  public static <E> Shrinker<List<E>> list(Shrinker<E> element) {
    Shrinker<List<E>> deleting = list();
    return failing -> {
      List<List<E>> candidates = new ArrayList<>(deleting.candidates(failing));
      for (int index = 0; index < failing.size(); index++) {
        for (E smallerElement : element.candidates(failing.get(index))) {
          List<E> changed = new ArrayList<>(failing);
          changed.set(index, smallerElement);
          candidates.add(changed);
        }
      }
      return candidates;
    };
  }

  /** Shrinks a non-negative long towards zero: 0, then halves, then minus one. */
  public static Shrinker<Long> towardsZero() {
    return failing -> {
      List<Long> candidates = new ArrayList<>();
      if (failing > 0) {
        candidates.add(0L);
        if (failing / 2 > 0) {
          candidates.add(failing / 2);
        }
        if (failing - 1 > failing / 2) {
          candidates.add(failing - 1);
        }
      }
      return candidates;
    };
  }
}
