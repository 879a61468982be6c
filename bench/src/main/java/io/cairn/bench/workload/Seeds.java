package io.cairn.bench.workload;

import java.nio.charset.StandardCharsets;

/**
 * Derives independent, reproducible seeds from the run's one seed ({@code --seed}), so that every
 * engine sees the same values and the same key order, and a change to one stream (say the reads)
 * leaves the others alone.
 */
public final class Seeds {
  /** The seed of a run when none is given: fixed, so two runs see the same data. */
  public static final long DEFAULT = 0x5eedca1f2024L;

  private Seeds() {}

  /**
   * The seed of stream {@code name} (e.g. "paper.values") for one value size; a pure function of
   * its arguments.
   */
  public static long derive(long seed, String name, long part) {
    long h = mix(seed ^ 0x9e3779b97f4a7c15L);
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      h = mix(h ^ b);
    }
    return mix(h ^ part);
  }

  /** SplitMix64's finaliser: a bijection that spreads every input bit over the output. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
