package io.cairn.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PropertyTest {
  private static List<Integer> randomList(SplittableRandom random) {
    int size = 50 + random.nextInt(200);
    List<Integer> values = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      values.add(random.nextInt(1000));
    }
    return values;
  }

  @Test
  void passingPropertyRunsEveryTrial() {
    int[] runs = {0};
    Property.of("always true", PropertyTest::randomList).trials(37).check(list -> runs[0]++);
    assertThat(runs[0]).isEqualTo(Seeds.requested().isPresent() ? 1 : Seeds.trials(37));
  }

  @Test
  void failureIsShrunkToTheSmallestFailingList() {
    // Fails whenever the list holds a value >= 900: the minimal failing case is one element.
    assertThatThrownBy(() -> Property.of("no big values", PropertyTest::randomList)
            .shrinkWith(Shrinkers.list())
            .trials(50)
            .check(list -> assertThat(list).allMatch(value -> value < 900)))
        .isInstanceOfSatisfying(PropertyFailure.class, failure -> {
          @SuppressWarnings("unchecked")
          List<Integer> smallest = (List<Integer>) failure.smallestCase();
          assertThat(smallest).hasSize(1);
          assertThat(smallest.get(0)).isGreaterThanOrEqualTo(900);
          assertThat(failure.getMessage())
              .contains("seed " + Seeds.format(failure.seed()))
              .contains("-Dcairn.seed=" + Seeds.format(failure.seed()))
              .contains("PropertyTest#failureIsShrunkToTheSmallestFailingList");
        });
  }

  @Test
  void aPrintedSeedRegeneratesTheSameCase() {
    long seed = Seeds.forTrial(42, 7);
    List<Integer> first = randomList(new SplittableRandom(seed));
    List<Integer> second = randomList(new SplittableRandom(Seeds.parse(Seeds.format(seed))));
    assertThat(second).isEqualTo(first);
  }

  @Test
  void replayBySeedPropertyRunsExactlyThatCase() {
    long seed = Seeds.forTrial(1234, 3);
    String previous = System.getProperty(Seeds.SEED_PROPERTY);
    System.setProperty(Seeds.SEED_PROPERTY, Seeds.format(seed));
    try {
      List<List<Integer>> seen = new ArrayList<>();
      Property.of("replay", PropertyTest::randomList).trials(500).check(seen::add);
      assertThat(seen).containsExactly(randomList(new SplittableRandom(seed)));
    } finally {
      if (previous == null) {
        System.clearProperty(Seeds.SEED_PROPERTY);
      } else {
        System.setProperty(Seeds.SEED_PROPERTY, previous);
      }
    }
  }

  @Test
  void towardsZeroFindsTheBoundary() {
    assertThatThrownBy(() -> Property.of("below 10", random -> 1000L + random.nextInt(1000))
            .shrinkWith(Shrinkers.towardsZero())
            .trials(1)
            .check(value -> assertThat(value).isLessThan(10L)))
        .isInstanceOfSatisfying(PropertyFailure.class,
            failure -> assertThat(failure.smallestCase()).isEqualTo(10L));
  }

  @Test
  void seedsParseDecimalAndHex() {
    assertThat(Seeds.parse("123")).isEqualTo(123L);
    assertThat(Seeds.parse("0xffffffffffffffff")).isEqualTo(-1L);
    assertThat(Seeds.parse(Seeds.format(Long.MIN_VALUE))).isEqualTo(Long.MIN_VALUE);
  }
}
