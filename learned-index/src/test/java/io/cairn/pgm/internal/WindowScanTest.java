package io.cairn.pgm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.pgm.KeySearch;
import io.cairn.testing.Property;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WindowScanTest {
  record Case(long[] keys, int lo, int hi, int p, long key) {
    @Override
    public String toString() {
      return "keys=" + Arrays.toString(keys) + " window=[" + lo + ", " + hi + ") p=" + p + " key=" + key;
    }
  }

  @Test
  void scanFromAnyStartFindsTheLowerBoundInsideTheWindow() {
    Property.of("WindowScan == binary search of the window", random -> {
      long[] keys = new long[random.nextInt(40)];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = random.nextInt(4) == 0 ? -1L - random.nextInt(20) : random.nextInt(20);
      }
      for (int i = 0; i < keys.length; i++) {
        keys[i] ^= Long.MIN_VALUE;
      }
      Arrays.sort(keys);
      for (int i = 0; i < keys.length; i++) {
        keys[i] ^= Long.MIN_VALUE;
      }
      int lo = random.nextInt(keys.length + 1);
      int hi = lo + random.nextInt(keys.length - lo + 1);
      int p = lo + random.nextInt(hi - lo + 1);
      long key = random.nextBoolean() ? random.nextInt(22) - 1 : -1L - random.nextInt(22);
      return new Case(keys, lo, hi, p, key);
    }).trials(3000).check(c -> {
      int expected = KeySearch.lowerBound(c.keys(), c.lo(), c.hi(), c.key());
      assertThat(WindowScan.lowerBound(c.keys(), c.lo(), c.hi(), c.p(), c.key())).isEqualTo(expected);
      assertThat(WindowScan.lowerBound(position -> c.keys()[position], c.lo(), c.hi(), c.p(), c.key()))
          .isEqualTo(expected);
    });
  }
}
