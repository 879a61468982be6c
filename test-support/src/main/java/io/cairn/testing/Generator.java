package io.cairn.testing;

import java.util.SplittableRandom;

/**
 * Produces one test case from a seeded random source. A generator must be a pure function of the
 * random source: the same seed gives the same case, which is what makes a printed seed a replay.
 *
 * @param <T> the type of test case
 */
@FunctionalInterface
public interface Generator<T> {
  /** A new case drawn from {@code random}; must not use any other source of randomness. */
  T generate(SplittableRandom random);
}
