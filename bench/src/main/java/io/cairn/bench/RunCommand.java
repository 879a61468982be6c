package io.cairn.bench;

import io.cairn.bench.runner.DbBenchScenario;
import io.cairn.bench.workload.DbBenchData;
import io.cairn.bench.workload.RunStep;
import io.cairn.bench.workload.RunSteps;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cairn bench run}: db_bench-style workloads over the engines. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    header = "db_bench-style workloads (fillseq, fillrandom, readrandom, ...) and YCSB's core workloads A-F over the engines.",
    description = {
      "db_bench-style runs: the workloads in the order given, on one database per engine (fillseq"
          + " and fillrandom start from an empty one), keys of --key-size bytes (the index in"
          + " decimal, zero-padded), random values of --value-size bytes.",
      "YCSB workloads (ycsb-a .. ycsb-f) run as YCSB's CoreWorkload defines them: the first of a"
          + " sequence loads --recordcount records of 10 fields x 100 B into a new database, then each"
          + " runs --operationcount operations on it (see docs/bench.md).",
      ""
    },
    footer = {
      "",
      "Workloads: fillseq, fillrandom, overwrite (writes); readrandom, readseq, seekrandom (reads);",
      "  ycsb-a (50%% read/50%% update), ycsb-b (95/5), ycsb-c (read only), ycsb-d (read latest, 5%% insert),",
      "  ycsb-e (95%% scans of 1-100 records, 5%% insert), ycsb-f (50%% read/50%% read-modify-write).",
      "Example: ./cairn bench run --workload ycsb-a,ycsb-b,ycsb-c,ycsb-f,ycsb-d,ycsb-e --recordcount 100000",
      "Example: ./cairn bench run --workload fillrandom,readrandom --num 1000000 --engines cairn-ssd,rocksdb",
      "Exit status: 0 done, 1 a run failed or no engine could run, 2 bad usage."
    })
public final class RunCommand implements Callable<Integer> {
  /** Largest value accepted: 64 MiB, far above what an LSM is meant for. */
  static final int MAX_VALUE_BYTES = 64 << 20;
  private static final int MAX_KEY_BYTES = 4096;

  @Spec CommandSpec spec;

  @Mixin SharedOptions shared;

  @Option(names = "--workload", split = ",", paramLabel = "NAME",
      defaultValue = "fillseq,fillrandom,overwrite,readrandom,readseq,seekrandom",
      description = "Workloads in order, comma-separated (default: ${DEFAULT-VALUE}).")
  List<String> workloads;

  @Option(names = "--num", paramLabel = "N",
      description = "Keys in the key space and operations per write workload (default: 1,000,000; 10,000 with --quick).")
  Integer num;

  @Option(names = "--reads", paramLabel = "N", description = "Operations per read workload (default: --num).")
  Integer reads;

  @Option(names = "--value-size", paramLabel = "BYTES", defaultValue = "100",
      description = "Bytes per value (default: ${DEFAULT-VALUE}).")
  int valueSize;

  @Option(names = "--key-size", paramLabel = "BYTES", defaultValue = "16",
      description = "Bytes per key (default: ${DEFAULT-VALUE}).")
  int keySize;

  @Option(names = {"--recordcount", "--record-count"}, paramLabel = "N",
      description = "YCSB: records each load inserts (default: 100,000, about 110 MB; 10,000 with --quick).")
  Long recordCount;

  @Option(names = {"--operationcount", "--operation-count"}, paramLabel = "N",
      description = "YCSB: operations of each workload's run phase (default: 100,000; 10,000 with --quick).")
  Long operationCount;

  @Option(names = "--settle-seconds", paramLabel = "S", defaultValue = "120",
      description = "YCSB: after each phase wait up to S seconds for the engine's flushes and compactions to"
          + " finish, so the next workload starts from a quiet store; 0 for no wait (default: ${DEFAULT-VALUE}).")
  int settleSeconds;

  @Override
  public Integer call() {
    BenchSession session = new BenchSession(spec, shared);
    List<RunStep> parsed = session.usage(() -> RunSteps.parse(workloads));
    long records = recordCount != null ? recordCount : shared.quick ? 10_000 : 100_000;
    long operations = operationCount != null ? operationCount : shared.quick ? 10_000 : 100_000;
    if (records < 1 || operations < 1) {
      throw session.usageError("--recordcount and --operationcount must be at least 1");
    }
    if (settleSeconds < 0) {
      throw session.usageError("--settle-seconds must be at least 0, was " + settleSeconds);
    }
    int count = num != null ? num : shared.quick ? 10_000 : 1_000_000;
    int readCount = reads != null ? reads : count;
    if (count < 1 || readCount < 1) {
      throw session.usageError("--num and --reads must be at least 1");
    }
    if (valueSize < 1 || valueSize > MAX_VALUE_BYTES) {
      throw session.usageError("--value-size must be in [1, " + MAX_VALUE_BYTES + "], was " + valueSize);
    }
    if (keySize < DbBenchData.minimumKeyBytes(count) || keySize > MAX_KEY_BYTES) {
      throw session.usageError("--key-size must be in [" + DbBenchData.minimumKeyBytes(count) + ", "
          + MAX_KEY_BYTES + "] for " + count + " keys, was " + keySize);
    }
    return session.execute(new DbBenchScenario(shared.seed, parsed, count, readCount, keySize, valueSize,
        records, operations, settleSeconds));
  }
}
