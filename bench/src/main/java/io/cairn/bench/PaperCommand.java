package io.cairn.bench;

import io.cairn.bench.runner.PaperScenario;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cairn bench paper}: the paper's §5.2 experiment, engines side by side. */
@Command(
    name = "paper",
    mixinStandardHelpOptions = true,
    header = "The paper's experiment: 4, 8, 16 KiB values, engines side by side.",
    description = {
      "The paper's experiment (§5.2): for each value size (4, 8, 16 KiB), 100,000 uniformly"
          + " distributed records written (key = SHA-256 of the value), then 100,000 uniform reads;"
          + " L0 limit 10; every engine in a fresh directory, in the same run, with the same keys,"
          + " values and durability (WAL on, no fsync per write unless --sync).",
      ""
    },
    footer = {
      "",
      "Prints a table (mean, p50, p99, p99.9, max latency in µs, ops/s) on standard output and"
          + " progress on standard error. --json FILE and --report DIR write the figures; the"
          + " schema and how to read them: docs/bench.md.",
      "Exit status: 0 done, 1 a run failed or no engine could run, 2 bad usage."
    })
public final class PaperCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin SharedOptions shared;

  @Option(names = "--value-sizes", split = ",", paramLabel = "BYTES", defaultValue = "4096,8192,16384",
      description = "Value sizes, comma-separated (default: ${DEFAULT-VALUE}).")
  List<Integer> valueSizes;

  @Option(names = "--records", paramLabel = "N",
      description = "Records written per engine and value size (default: 100,000; 10,000 with --quick).")
  Integer records;

  @Option(names = "--reads", paramLabel = "N",
      description = "Uniform reads after the writes (default: as many as records).")
  Integer reads;

  @Override
  public Integer call() {
    BenchSession session = new BenchSession(spec, shared);
    int recordCount = records != null ? records : shared.quick ? 10_000 : PaperScenario.PAPER_RECORDS;
    int readCount = reads != null ? reads : recordCount;
    if (recordCount < 1) {
      throw session.usageError("--records must be at least 1, was " + recordCount);
    }
    if (readCount < 0) {
      throw session.usageError("--reads must not be negative, was " + readCount);
    }
    for (int size : valueSizes) {
      if (size < 1 || size > RunCommand.MAX_VALUE_BYTES) {
        throw session.usageError("--value-sizes: " + size + " is outside [1, " + RunCommand.MAX_VALUE_BYTES + "]");
      }
    }
    List<Integer> sizes = valueSizes.stream().distinct().toList();
    return session.execute(new PaperScenario(shared.seed, sizes, recordCount, readCount));
  }
}
