package io.cairn.pgm;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded generators of sorted unsigned key arrays for the property tests: the distributions the
 * issue names (uniform, lognormal, zipf-like, clustered, all-equal, extremes, tiny) plus dense
 * runs of consecutive keys, each a pure function of the random source.
 */
final class KeySets {
  /** The kinds of key set, each exercising a different shape of the lower-bound function. */
  enum Kind { UNIFORM, LOGNORMAL, ZIPF, CLUSTERED, ALL_EQUAL, EXTREMES, TINY, CONSECUTIVE }

  /** Keys worth probing around: both ends of the order and the signed/unsigned boundary. */
  static final long[] EDGES = {0L, 1L, 2L, Long.MAX_VALUE - 1, Long.MAX_VALUE, Long.MIN_VALUE,
      Long.MIN_VALUE + 1, -2L, -1L};

  private KeySets() {}

  /** A sorted key set of {@code kind} with about {@code size} keys (exactly, except TINY). */
  static long[] generate(Kind kind, int size, SplittableRandom random) {
    long[] keys = switch (kind) {
      case UNIFORM -> uniform(size, random);
      case LOGNORMAL -> lognormal(size, random);
      case ZIPF -> zipf(size, random);
      case CLUSTERED -> clustered(size, random);
      case ALL_EQUAL -> allEqual(size, random);
      case EXTREMES -> extremes(size, random);
      case TINY -> tiny(random);
      case CONSECUTIVE -> consecutive(size, random);
    };
    sortUnsigned(keys);
    return keys;
  }

  static void sortUnsigned(long[] keys) {
    for (int i = 0; i < keys.length; i++) {
      keys[i] ^= Long.MIN_VALUE;
    }
    Arrays.sort(keys);
    for (int i = 0; i < keys.length; i++) {
      keys[i] ^= Long.MIN_VALUE;
    }
  }

  private static long[] uniform(int size, SplittableRandom random) {
    long[] keys = new long[size];
    for (int i = 0; i < size; i++) {
      keys[i] = random.nextLong();
    }
    return keys;
  }

  /** exp(N(0, sigma^2)) scaled so the largest keys reach high into the 64-bit range. */
  private static long[] lognormal(int size, SplittableRandom random) {
    double sigma = 0.5 + 2.5 * random.nextDouble();
    double scale = Math.pow(2, 20 + random.nextInt(30));
    long[] keys = new long[size];
    for (int i = 0; i < size; i++) {
      double value = Math.exp(sigma * gaussian(random)) * scale;
      keys[i] = value >= 0x1p63 ? Long.MAX_VALUE : (long) value;
    }
    return keys;
  }

  /** Few distinct values, the i-th drawn with weight 1/i: long runs of duplicates. */
  private static long[] zipf(int size, SplittableRandom random) {
    int distinct = 1 + random.nextInt(Math.max(1, size / 4) + 1);
    double[] cumulative = new double[distinct];
    double sum = 0;
    for (int i = 0; i < distinct; i++) {
      sum += 1.0 / (i + 1);
      cumulative[i] = sum;
    }
    long base = random.nextLong();
    long stride = 1 + (random.nextLong() >>> (1 + random.nextInt(63)));
    long[] keys = new long[size];
    for (int i = 0; i < size; i++) {
      int index = Arrays.binarySearch(cumulative, random.nextDouble() * sum);
      index = index >= 0 ? index : -index - 1;
      keys[i] = base + stride * Math.min(index, distinct - 1);
    }
    return keys;
  }

  /** A few random centres, keys packed densely (small gaps, some duplicates) around each. */
  private static long[] clustered(int size, SplittableRandom random) {
    int clusters = 1 + random.nextInt(8);
    long[] centres = new long[clusters];
    for (int i = 0; i < clusters; i++) {
      centres[i] = random.nextLong();
    }
    int spreadBits = random.nextInt(40);
    long[] keys = new long[size];
    for (int i = 0; i < size; i++) {
      keys[i] = centres[random.nextInt(clusters)] + (random.nextLong() >> (63 - spreadBits));
    }
    return keys;
  }

  private static long[] allEqual(int size, SplittableRandom random) {
    long value = random.nextBoolean() ? EDGES[random.nextInt(EDGES.length)] : random.nextLong();
    long[] keys = new long[Math.max(1, size)];
    Arrays.fill(keys, value);
    return keys;
  }

  /** Mostly 0, 2^63 and 2^64-1 (and their neighbours), with a sprinkle of random keys. */
  private static long[] extremes(int size, SplittableRandom random) {
    long[] keys = new long[size];
    for (int i = 0; i < size; i++) {
      keys[i] = random.nextInt(4) == 0 ? random.nextLong() : EDGES[random.nextInt(EDGES.length)];
    }
    return keys;
  }

  /** 0, 1 or 2 keys, often at the edges of the key space. */
  private static long[] tiny(SplittableRandom random) {
    long[] keys = new long[random.nextInt(3)];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = random.nextBoolean() ? EDGES[random.nextInt(EDGES.length)] : random.nextLong();
    }
    return keys;
  }

  /** Runs of consecutive keys (steps of one key), possibly wrapping past 2^64-1 before sorting. */
  private static long[] consecutive(int size, SplittableRandom random) {
    long start = random.nextBoolean() ? -1L - random.nextInt(size + 1) : random.nextLong();
    long[] keys = new long[size];
    for (int i = 0; i < size; i++) {
      keys[i] = start + i / (1 + random.nextInt(2));
    }
    return keys;
  }

  private static double gaussian(SplittableRandom random) {
    // Box-Muller; SplittableRandom has no nextGaussian.
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /**
   * The lower bounds of {@code probes} in {@code keys}, by a method independent of the code under
   * test: the JDK's signed binary search over sign-flipped keys, then a walk back to the first of
   * equal keys.
   */
  static int[] lowerBounds(long[] keys, long[] probes) {
    long[] flipped = new long[keys.length];
    for (int i = 0; i < keys.length; i++) {
      flipped[i] = keys[i] ^ Long.MIN_VALUE;
    }
    int[] answers = new int[probes.length];
    for (int p = 0; p < probes.length; p++) {
      int index = Arrays.binarySearch(flipped, probes[p] ^ Long.MIN_VALUE);
      if (index < 0) {
        index = -index - 1;
      } else {
        while (index > 0 && flipped[index - 1] == flipped[index]) {
          index--;
        }
      }
      answers[p] = index;
    }
    return answers;
  }

  /**
   * Probes that cover every interesting place: each distinct key, its neighbours (key - 1 and key +
   * 1, wrapping at the ends), a random key strictly between each pair of neighbouring distinct
   * keys, the edges of the key space, and random keys.
   */
  static long[] probes(long[] keys, SplittableRandom random) {
    long[] probes = new long[keys.length * 4 + EDGES.length + 64];
    int count = 0;
    for (int i = 0; i < keys.length; i++) {
      if (i > 0 && keys[i] == keys[i - 1]) {
        continue;
      }
      probes[count++] = keys[i];
      probes[count++] = keys[i] - 1;
      probes[count++] = keys[i] + 1;
      if (i > 0 && Long.compareUnsigned(keys[i] - keys[i - 1], 1) > 0) {
        long gap = keys[i] - keys[i - 1] - 1; // unsigned count of absent keys between them
        probes[count++] = keys[i - 1] + 1 + Long.remainderUnsigned(random.nextLong(), gap);
      }
    }
    for (long edge : EDGES) {
      probes[count++] = edge;
    }
    for (int i = 0; i < 64; i++) {
      probes[count++] = random.nextLong();
    }
    return Arrays.copyOf(probes, count);
  }
}
