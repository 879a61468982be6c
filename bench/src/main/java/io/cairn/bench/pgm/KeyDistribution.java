package io.cairn.bench.pgm;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The key sets the PGM benchmarks run over, as sorted unsigned 64-bit keys drawn from a seed (the
 * same seed gives the same keys, so runs and the JMH benchmark compare like with like).
 */
public enum KeyDistribution {
  /** Uniform over the whole unsigned 64-bit range: nearly linear, the easiest case for a PLA. */
  UNIFORM("uniform"),
  /**
   * Lognormal, {@code exp(N(0, 2^2)) * 2^40}: dense near the bottom, a long sparse tail, the
   * skewed case of the learned-index literature (SOSD's "lognormal").
   */
  LOGNORMAL("lognormal");

  private static final double LOGNORMAL_SIGMA = 2.0;
  private static final double LOGNORMAL_SCALE = 0x1p40;

  private final String label;

  KeyDistribution(String label) {
    this.label = label;
  }

  /** The name used on the command line and in JSON. */
  public String label() {
    return label;
  }

  /**
   * The distribution called {@code label}.
   *
   * @throws IllegalArgumentException for an unknown name
   */
  public static KeyDistribution of(String label) {
    for (KeyDistribution distribution : values()) {
      if (distribution.label.equals(label)) {
        return distribution;
      }
    }
    throw new IllegalArgumentException(
        "unknown distribution '" + label + "' (known: uniform, lognormal)");
  }

  /** {@code count} keys in non-decreasing unsigned order (duplicates possible), from {@code seed}. */
  public long[] sortedKeys(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed ^ ordinal());
    long[] keys = new long[count];
    for (int i = 0; i < count; i++) {
      keys[i] = switch (this) {
        case UNIFORM -> random.nextLong();
        case LOGNORMAL -> {
          double value = Math.exp(LOGNORMAL_SIGMA * random.nextGaussian()) * LOGNORMAL_SCALE;
          yield value >= 0x1p64 ? -1L : value >= 0x1p63 ? (long) (value - 0x1p63) ^ Long.MIN_VALUE : (long) value;
        }
      };
    }
    // Unsigned sort: flip the sign bit, sort signed, flip back.
    for (int i = 0; i < count; i++) {
      keys[i] ^= Long.MIN_VALUE;
    }
    Arrays.parallelSort(keys);
    for (int i = 0; i < count; i++) {
      keys[i] ^= Long.MIN_VALUE;
    }
    return keys;
  }

  /** {@code count} probes, each a key of {@code keys} at a random position: the lookups to time. */
  public static long[] probes(long[] keys, int count, long seed) {
    SplittableRandom random = new SplittableRandom(~seed);
    long[] probes = new long[count];
    for (int i = 0; i < count; i++) {
      probes[i] = keys[random.nextInt(keys.length)];
    }
    return probes;
  }
}
