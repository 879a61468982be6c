package io.cairn.pgm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.common.InvalidArgumentException;
import io.cairn.pgm.KeySets.Kind;
import io.cairn.testing.Property;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The search contract over every kind of key set: for any probe, present or absent (below the
 * first key, between keys, above the last, the edges of the key space), the range holds the
 * lower bound and is at most 2ε + 2 positions wide, and rank returns the lower bound exactly
 * without falling back to a full search. Plus the size bound of an optimal segmentation.
 */
class PgmIndexTest {
  private static final int[] EPSILONS = {1, 2, 3, 4, 8, 16, 64, 256};
  private static final int[] EPSILONS_RECURSIVE = {1, 2, 4, 8};

  record Case(Kind kind, long[] keys, int epsilon, int epsilonRecursive, long probeSeed) {
    @Override
    public String toString() {
      StringBuilder text = new StringBuilder(kind + " epsilon=" + epsilon + "/" + epsilonRecursive
          + " n=" + keys.length + " keys=[");
      for (int i = 0; i < keys.length; i++) {
        text.append(i == 0 ? "" : ", ").append(Long.toHexString(keys[i]));
      }
      return text.append("]").toString();
    }
  }

  private static Property<Case> cases(Kind kind, int maxKeys) {
    return Property.of(kind + " keys: every probe's lower bound is in its range", random -> {
      long[] keys = KeySets.generate(kind, random.nextInt(maxKeys + 1), random);
      return new Case(kind, keys, EPSILONS[random.nextInt(EPSILONS.length)],
          EPSILONS_RECURSIVE[random.nextInt(EPSILONS_RECURSIVE.length)], random.nextLong());
    });
  }

  private static void assertExactAnswers(Case testCase) {
    long[] keys = testCase.keys();
    PgmIndex model = PgmIndex.build(keys, testCase.epsilon(), testCase.epsilonRecursive());
    long[] probes = KeySets.probes(keys, new SplittableRandom(testCase.probeSeed()));
    int[] expected = KeySets.lowerBounds(keys, probes);
    KeySource source = position -> keys[position];
    for (int i = 0; i < probes.length; i++) {
      PgmRange range = model.search(probes[i]);
      String probe = "probe 0x" + Long.toHexString(probes[i]);
      assertThat(range.contains(expected[i])).as("%s: %s holds %d", probe, range, expected[i]).isTrue();
      assertThat(range.width()).as(probe).isLessThanOrEqualTo(2 * testCase.epsilon() + 1);
      assertThat(range.hi()).as(probe).isLessThanOrEqualTo(keys.length);
      assertThat(model.rank(probes[i], keys)).as(probe).isEqualTo(expected[i]);
      assertThat(model.rank(probes[i], source)).as(probe).isEqualTo(expected[i]);
    }
    assertThat(model.windowMisses()).isZero();
    assertSegmentBounds(model);
  }

  /**
   * Any 2ε + 1 consecutive answers fit one flat line, so an optimal level never needs more than
   * (answers - 1) / (2ε + 1) + 1 segments; the top level has one.
   */
  private static void assertSegmentBounds(PgmIndex model) {
    long answers = model.keyCount() + 1L;
    for (int level = 0; level < model.levelCount(); level++) {
      long epsilon = level == 0 ? model.epsilon() : model.epsilonRecursive();
      assertThat((long) model.segmentCount(level)).as("level %d", level)
          .isLessThanOrEqualTo((answers - 1) / (2 * epsilon + 1) + 1);
      answers = model.segmentCount(level);
    }
    assertThat(model.segmentCount(model.levelCount() - 1)).isEqualTo(1);
  }

  @Test
  void uniformKeys() {
    cases(Kind.UNIFORM, 3000).trials(60).check(PgmIndexTest::assertExactAnswers);
  }

  @Test
  void lognormalKeys() {
    cases(Kind.LOGNORMAL, 3000).trials(60).check(PgmIndexTest::assertExactAnswers);
  }

  @Test
  void zipfLikeKeysWithLongRunsOfDuplicates() {
    cases(Kind.ZIPF, 3000).trials(60).check(PgmIndexTest::assertExactAnswers);
  }

  @Test
  void clusteredKeys() {
    cases(Kind.CLUSTERED, 3000).trials(60).check(PgmIndexTest::assertExactAnswers);
  }

  @Test
  void allEqualKeys() {
    cases(Kind.ALL_EQUAL, 2000).trials(60).check(PgmIndexTest::assertExactAnswers);
  }

  @Test
  void extremeKeysZeroTwoToThe63AndTwoToThe64MinusOne() {
    cases(Kind.EXTREMES, 2000).trials(60).check(PgmIndexTest::assertExactAnswers);
  }

  @Test
  void tinyKeySetsOfZeroOneAndTwoKeys() {
    cases(Kind.TINY, 2).trials(300).check(PgmIndexTest::assertExactAnswers);
  }

  @Test
  void consecutiveKeys() {
    cases(Kind.CONSECUTIVE, 3000).trials(60).check(PgmIndexTest::assertExactAnswers);
  }

  @Test
  void largeUniformAndLognormalSetsAtTheDefaultEpsilon() {
    Property.of("200k keys, default ε: every probe's lower bound is in its range", random -> {
      Kind kind = random.nextBoolean() ? Kind.UNIFORM : Kind.LOGNORMAL;
      return new Case(kind, KeySets.generate(kind, 200_000, random), PgmIndex.DEFAULT_EPSILON,
          PgmIndex.DEFAULT_EPSILON_RECURSIVE, random.nextLong());
    }).trials(4).check(PgmIndexTest::assertExactAnswers);
  }

  @Test
  void duplicatesAnswerTheFirstOccurrence() {
    long[] keys = {5, 5, 5, 7, 7, 9};
    PgmIndex model = PgmIndex.build(keys, 1, 1);
    assertThat(model.rank(0, keys)).isZero();
    assertThat(model.rank(5, keys)).isZero();
    assertThat(model.rank(6, keys)).isEqualTo(3);
    assertThat(model.rank(7, keys)).isEqualTo(3);
    assertThat(model.rank(8, keys)).isEqualTo(5);
    assertThat(model.rank(9, keys)).isEqualTo(5);
    assertThat(model.rank(10, keys)).isEqualTo(6);
    assertThat(model.rank(-1L, keys)).isEqualTo(6);
  }

  @Test
  void keysAreUnsigned() {
    long[] keys = {0, 1, Long.MAX_VALUE, Long.MIN_VALUE, -1L, -1L};
    PgmIndex model = PgmIndex.build(keys);
    assertThat(model.rank(Long.MIN_VALUE, keys)).isEqualTo(3);
    assertThat(model.rank(Long.MIN_VALUE + 1, keys)).isEqualTo(4);
    assertThat(model.rank(-1L, keys)).isEqualTo(4);
    assertThat(model.rank(-2L, keys)).isEqualTo(4);
    assertThat(model.rank(2, keys)).isEqualTo(2);
  }

  @Test
  void emptyModelAnswersZero() {
    PgmIndex model = PgmIndex.build(new long[0]);
    assertThat(model.keyCount()).isZero();
    assertThat(model.levelCount()).isEqualTo(1);
    assertThat(model.search(12345)).isEqualTo(new PgmRange(0, 0));
    assertThat(model.rank(-1L, new long[0])).isZero();
  }

  @Test
  void rankOverOtherKeysFallsBackToAFullSearchAndCountsIt() {
    long[] trained = new long[10_000];
    long[] other = new long[10_000];
    for (int i = 0; i < trained.length; i++) {
      trained[i] = i * 10L;
      other[i] = i * 10L + 500_000L; // same gaps, shifted: the model's windows miss
    }
    PgmIndex model = PgmIndex.build(trained, 8, 4);
    for (long probe = 0; probe < 700_000; probe += 997) {
      int expected = KeySets.lowerBounds(other, new long[] {probe})[0];
      assertThat(model.rank(probe, other)).isEqualTo(expected);
      assertThat(model.rank(probe, position -> other[position])).isEqualTo(expected);
    }
    assertThat(model.windowMisses()).isPositive();
  }

  @Test
  void rankRejectsAnArrayOfTheWrongLength() {
    PgmIndex model = PgmIndex.build(new long[] {1, 2, 3});
    assertThatThrownBy(() -> model.rank(2, new long[] {1, 2}))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("3 keys");
  }

  @Test
  void modelIsFarSmallerThanTheKeysAtTheDefaultEpsilon() {
    long[] keys = KeySets.generate(Kind.LOGNORMAL, 1_000_000, new SplittableRandom(7));
    PgmIndex model = PgmIndex.build(keys);
    assertThat(model.sizeBytes()).isLessThan(keys.length * 8L / 100);
    assertThat(model.toString()).contains("keys=1000000", "epsilon=64/4");
  }
}
