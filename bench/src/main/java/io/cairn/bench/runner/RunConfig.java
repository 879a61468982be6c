package io.cairn.bench.runner;

import io.cairn.bench.kv.StoreSettings;
import io.cairn.bench.report.PmemPlacement;
import java.nio.file.Path;

/**
 * How the runner runs a scenario, whatever the scenario.
 *
 * @param directory where every database of the run goes (exists and is empty)
 * @param settings the tuning every engine gets
 * @param seed the seed of every generated key, value and choice
 * @param warmupOps writes (and as many reads) on a throw-away store before each measured cell,
 *     not counted; 0 for none
 * @param rounds how many times the whole matrix runs, engine order rotated each time; the rounds
 *     of a row are merged
 * @param keep whether the databases stay on disk after the run
 * @param pmem where {@code cairn-pmem} keeps L0
 * @param warmupRounds whole rounds of every engine (the first value size) run before the measured
 *     ones and not counted, so that the JIT compiles the code the engines share before any of them
 *     is measured; 0 for none
 */
public record RunConfig(
    Path directory, StoreSettings settings, long seed, int warmupOps, int rounds, boolean keep,
    PmemPlacement pmem, int warmupRounds) {
  /** Checks the counts. */
  public RunConfig {
    if (warmupOps < 0 || rounds < 1 || warmupRounds < 0) {
      throw new IllegalArgumentException("warmupOps and warmupRounds must be >= 0 and rounds >= 1");
    }
  }

  /** A configuration without warm-up rounds. */
  public RunConfig(Path directory, StoreSettings settings, long seed, int warmupOps, int rounds, boolean keep,
      PmemPlacement pmem) {
    this(directory, settings, seed, warmupOps, rounds, keep, pmem, 0);
  }
}
