package io.cairn.pgm;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testing.Property;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The one-pass convex-hull fit gives as few segments as an exhaustive search
 * ({@link BruteForceSegmentation}), at the bottom level and at every level above it.
 */
class OptimalSegmentationTest {
  record Case(long[] keys, int epsilon, int epsilonRecursive) {
    @Override
    public String toString() {
      StringBuilder text = new StringBuilder("epsilon=" + epsilon + "/" + epsilonRecursive + " keys=[");
      for (int i = 0; i < keys.length; i++) {
        text.append(i == 0 ? "" : ", ").append(Long.toUnsignedString(keys[i]));
      }
      return text.append("]").toString();
    }
  }

  /**
   * Few distinct keys (so the exhaustive search stays cheap) with many duplicates (so positions
   * jump by more than 2ε and segments break often), gaps from 1 to huge, near 0, near 2^64-1 or
   * anywhere.
   */
  private static Case smallCase(SplittableRandom random, int maxDistinct) {
    int distinct = random.nextInt(maxDistinct + 1);
    long key = switch (random.nextInt(3)) {
      case 0 -> 0L;
      case 1 -> -1L - random.nextInt(2000 * maxDistinct);
      default -> random.nextLong();
    };
    long[] keys = new long[distinct * 6];
    int size = 0;
    for (int d = 0; d < distinct; d++) {
      int copies = random.nextInt(3) == 0 ? 1 + random.nextInt(6) : 1;
      for (int c = 0; c < copies; c++) {
        keys[size++] = key;
      }
      int kind = random.nextInt(10);
      long gap = kind < 4 ? 1 : kind < 7 ? 1 + random.nextInt(5) : kind < 9 ? random.nextInt(2000) + 1
          : random.nextLong() >>> random.nextInt(64);
      if (gap == 0 || Long.compareUnsigned(key + gap, key) < 0) {
        break; // stop before wrapping past 2^64-1
      }
      key += gap;
    }
    return new Case(Arrays.copyOf(keys, size), 1 + random.nextInt(3), 1 + random.nextInt(2));
  }

  @Test
  void bottomLevelHasTheFewestPossibleSegments() {
    Property.of("bottom-level segments == brute-force optimum", random -> smallCase(random, 9))
        .trials(300)
        .check(testCase -> {
          PgmIndex model = PgmIndex.build(testCase.keys(), testCase.epsilon(), testCase.epsilonRecursive());
          int optimum = BruteForceSegmentation.minimumSegments(
              BruteForceSegmentation.lowerBoundSteps(testCase.keys()), testCase.epsilon());
          assertThat(model.segmentCount(0)).isEqualTo(optimum);
        });
  }

  @Test
  void everyUpperLevelHasTheFewestPossibleSegments() {
    Property.of("upper-level segments == brute-force optimum", random -> smallCase(random, 24))
        .trials(100)
        .check(testCase -> {
          PgmIndex model = PgmIndex.build(testCase.keys(), 1, testCase.epsilonRecursive());
          byte[] bytes = model.toBytes();
          for (int level = 1; level < model.levelCount(); level++) {
            int optimum = BruteForceSegmentation.minimumSegments(
                BruteForceSegmentation.segmentSteps(ModelBytes.levelKeys(bytes, level - 1)),
                testCase.epsilonRecursive());
            assertThat(model.segmentCount(level)).as("level " + level).isEqualTo(optimum);
          }
        });
  }

  @Test
  void bruteForceAgreesOnAHandWorkedExample() {
    // Keys 10, 10, 10, 11: lower bound 0 on [0, 10], 3 on [11, 11], 4 on [12, 2^64-1].
    long[] keys = {10, 10, 10, 11};
    assertThat(BruteForceSegmentation.lowerBoundSteps(keys)).containsExactly(
        new BruteForceSegmentation.Step(0, 10, 0),
        new BruteForceSegmentation.Step(11, 11, 3),
        new BruteForceSegmentation.Step(12, -1L, 4));
    // With ε = 1 no line climbs 3 positions between keys 10 and 11 while staying flat before: the
    // flat part [0, 10] is one segment; 11 and the flat tail fit a second one.
    assertThat(BruteForceSegmentation.minimumSegments(BruteForceSegmentation.lowerBoundSteps(keys), 1))
        .isEqualTo(2);
    assertThat(PgmIndex.build(keys, 1, 1).segmentCount(0)).isEqualTo(2);
    // With ε = 2 the constant 2 is within 2 of 0, 3 and 4: one segment for every key.
    assertThat(BruteForceSegmentation.minimumSegments(BruteForceSegmentation.lowerBoundSteps(keys), 2))
        .isEqualTo(1);
    assertThat(PgmIndex.build(keys, 2, 1).segmentCount(0)).isEqualTo(1);
  }
}
