package io.cairn.node.cli;

import io.cairn.common.InvalidArgumentException;
import picocli.CommandLine.Option;

/**
 * The seed options of the simulators' sweeps ({@code sim kraft}, {@code sim bft}): how many runs,
 * from which seed, on how many threads, or one seed replayed with its trace. Add with {@code
 * @Mixin SeedRange runs;}.
 */
final class SeedRange {
  @Option(names = "--seeds", defaultValue = "100", description = "Runs, one per seed (default: ${DEFAULT-VALUE}).")
  int seeds;

  @Option(names = "--first-seed", defaultValue = "1",
      description = "Seed of the first run; run i uses first-seed + i (default: ${DEFAULT-VALUE}).")
  long firstSeed;

  @Option(names = "--seed", description = "Run this one seed only (a replay); see --trace.")
  Long seed;

  @Option(names = "--trace", description = "With --seed: print the run's trace to stderr.")
  boolean trace;

  @Option(names = "--threads", description = "Worker threads (default: available processors).")
  Integer threads;

  /**
   * Refuses a sweep of no seeds or threads.
   *
   * @throws InvalidArgumentException naming the option
   */
  void check() {
    if (seeds < 1 || (threads != null && threads < 1)) {
      throw new InvalidArgumentException("--seeds and --threads must be positive");
    }
  }

  /** Worker threads of a sweep (1 for a replay). */
  int threadCount() {
    return seed != null ? 1 : threads != null ? threads : Runtime.getRuntime().availableProcessors();
  }
}
