package io.cairn.testing;

import java.util.List;

/**
 * Proposes smaller variants of a failing case. {@link Property} tries them in order and keeps the
 * first that still fails, then asks again, until no candidate fails or the step budget is spent.
 * Candidates must be strictly "smaller" by some measure, or shrinking would not terminate.
 *
 * @param <T> the type of test case
 */
@FunctionalInterface
public interface Shrinker<T> {
  /** Smaller variants of {@code failing}, most aggressive first; empty when none. */
  List<T> candidates(T failing);

  /** A shrinker that proposes nothing: the failing case is reported as generated. */
  static <T> Shrinker<T> none() {
    return failing -> List.of();
  }
}
