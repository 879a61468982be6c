package io.cairn.bench.pgm;

import io.cairn.node.api.ExitCodes;
import io.cairn.node.api.Json;
import io.cairn.node.api.JsonOption;
import io.cairn.node.api.OptionChecks;
import io.cairn.pgm.PgmIndex;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cairn bench pgm}: PGM lookups against binary search over the same keys and probes, per
 * key distribution; prints one summary line and, with {@code --json FILE}, writes
 * {@code {"keys", "epsilon", "runs": [{"distribution", "pgm_ns", "binary_search_ns", "speedup",
 * "model_bytes", "build_ns_per_key"}]}}. See {@code docs/learned-index.md}.
 */
@Command(
    name = "pgm",
    mixinStandardHelpOptions = true,
    description = {
      "The PGM learned index against binary search: the same sorted keys and the same random"
          + " probes (keys picked at random positions), looked up by PGM (predict, then search"
          + " inside the ±ε range) and by a lower-bound binary search over the whole array.",
      "Times are ns per lookup on one thread, the median of --rounds timed rounds."
    },
    footer = {"", "Example: cairn bench pgm --keys 10000000 --json bench-results/pgm.json"})
public final class PgmBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin JsonOption json;

  @Option(names = "--keys", paramLabel = "N", defaultValue = "10000000",
      description = "Keys per distribution (default: ${DEFAULT-VALUE}).")
  int keys;

  @Option(names = "--epsilon", paramLabel = "E", defaultValue = "64",
      description = "ε of the bottom level (default: ${DEFAULT-VALUE}).")
  int epsilon;

  @Option(names = "--epsilon-recursive", paramLabel = "E", defaultValue = "4",
      description = "ε of the upper levels (default: ${DEFAULT-VALUE}).")
  int epsilonRecursive;

  @Option(names = "--probes", paramLabel = "P", defaultValue = "1000000",
      description = "Lookups per timed round, the same for both searches (default: ${DEFAULT-VALUE}).")
  int probes;

  @Option(names = "--rounds", paramLabel = "R", defaultValue = "7",
      description = "Timed rounds per search, after 2 warm-up rounds (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
      description = "Seed of the keys and probes (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--distributions", paramLabel = "D", split = ",", defaultValue = "uniform,lognormal",
      description = "Key distributions, comma-separated: uniform, lognormal (default: ${DEFAULT-VALUE}).")
  List<String> distributions;

  @Override
  public Integer call() {
    List<KeyDistribution> chosen = validated();
    LookupComparison.Settings settings = new LookupComparison.Settings(
        keys, epsilon, epsilonRecursive, probes, rounds, seed);
    List<LookupComparison.Result> results = new ArrayList<>();
    for (KeyDistribution distribution : chosen) {
      results.add(LookupComparison.run(distribution, settings));
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(summary(results));
    out.flush();
    json.write(report(results));
    return ExitCodes.OK;
  }

  private List<KeyDistribution> validated() {
    OptionChecks.requireRange(spec, "--keys", keys, 1, PgmIndex.MAX_KEYS);
    OptionChecks.requireRange(spec, "--epsilon", epsilon, 1, PgmIndex.MAX_EPSILON);
    OptionChecks.requireRange(spec, "--epsilon-recursive", epsilonRecursive, 1, PgmIndex.MAX_EPSILON);
    OptionChecks.requireRange(spec, "--probes", probes, 1, Integer.MAX_VALUE);
    OptionChecks.requireRange(spec, "--rounds", rounds, 1, 1000);
    List<KeyDistribution> chosen = new ArrayList<>();
    for (String name : distributions) {
      try {
        chosen.add(KeyDistribution.of(name.trim()));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--distributions: " + e.getMessage());
      }
    }
    return chosen;
  }

  private String summary(List<LookupComparison.Result> results) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
        "bench pgm: %,d keys, ε=%d/%d, %,d probes:", keys, epsilon, epsilonRecursive, probes));
    String separator = " ";
    for (LookupComparison.Result result : results) {
      line.append(separator).append(String.format(Locale.ROOT,
          "%s pgm %.1f ns vs binary search %.1f ns = %.2fx, model %,d B (%.3f%% of keys, %d levels,"
              + " %,d segments), build %.1f ns/key",
          result.distribution().label(), result.pgmNs(), result.binarySearchNs(), result.speedup(),
          result.modelBytes(), 100.0 * result.modelBytes() / (8.0 * keys), result.levels(),
          result.segments(), result.buildNsPerKey()));
      separator = "; ";
    }
    return line.toString();
  }

  private Json.Obj report(List<LookupComparison.Result> results) {
    Json.Arr runs = Json.array();
    for (LookupComparison.Result result : results) {
      runs.add(Json.object()
          .put("distribution", result.distribution().label())
          .put("pgm_ns", Json.round(result.pgmNs(), 3))
          .put("binary_search_ns", Json.round(result.binarySearchNs(), 3))
          .put("speedup", Json.round(result.speedup(), 3))
          .put("model_bytes", result.modelBytes())
          .put("build_ns_per_key", Json.round(result.buildNsPerKey(), 3)));
    }
    return Json.object().put("keys", keys).put("epsilon", epsilon).put("runs", runs);
  }

}
