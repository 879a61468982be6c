package io.cairn.pgm;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.pgm.KeySets.Kind;
import io.cairn.testing.Property;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeySearchTest {
  @Test
  void lowerBoundMatchesAnIndependentSearch() {
    Property.of("KeySearch.lowerBound == independent lower bound", random -> {
      Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
      return KeySets.generate(kind, random.nextInt(2000), random);
    }).trials(100).check(keys -> {
      long[] probes = KeySets.probes(keys, new SplittableRandom(keys.length));
      int[] expected = KeySets.lowerBounds(keys, probes);
      for (int i = 0; i < probes.length; i++) {
        assertThat(KeySearch.lowerBound(keys, probes[i])).isEqualTo(expected[i]);
        assertThat(KeySearch.lowerBound(position -> keys[position], 0, keys.length, probes[i]))
            .isEqualTo(expected[i]);
      }
    });
  }

  @Test
  void searchStaysInsideTheGivenRange() {
    long[] keys = {1, 2, 3, 4, 5, 6};
    assertThat(KeySearch.lowerBound(keys, 2, 4, 0)).isEqualTo(2);
    assertThat(KeySearch.lowerBound(keys, 2, 4, 4)).isEqualTo(3);
    assertThat(KeySearch.lowerBound(keys, 2, 4, 9)).isEqualTo(4);
    assertThat(KeySearch.lowerBound(keys, 3, 3, 9)).isEqualTo(3);
  }
}
