package io.cairn.bench.nvmtable;

import io.cairn.common.InvalidArgumentException;
import io.cairn.node.api.ExitCodes;
import io.cairn.node.api.Json;
import io.cairn.node.api.JsonOption;
import io.cairn.node.api.OptionChecks;
import io.cairn.pgm.PgmIndex;
import io.cairn.pmem.api.LatencyModel;
import io.cairn.pmem.api.PmemBackend;
import io.cairn.pmem.l0.ContainerVerification;
import io.cairn.pmem.l0.NvmTableOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cairn bench nvmtable}: point lookups in one NVMTable through its PGM model against
 * binary search over the same slots, with the same probes; and the table's build throughput.
 * Prints one line and, with {@code --json FILE}, writes {@code {"entries", "value_size",
 * "pgm_get_ns", "binary_search_get_ns", "speedup", "build_mb_per_s"}}. See {@code
 * docs/nvmtable.md}.
 */
@Command(
    name = "nvmtable",
    mixinStandardHelpOptions = true,
    description = {
      "NVMTable point lookups: the learned index (PGM predicts the slot, the ±ε window of slots is"
          + " read and scanned) against binary search over the same table, with the same probes"
          + " (present keys picked at random). A get includes the bloom filter, the search, the key"
          + " check and the value's view (and its checksum check with --checks read).",
      "Keys are SHA-256 hashes (32 bytes, uniform). Times are ns per lookup on one thread, the"
          + " median of --rounds rounds that alternate which search goes first. Build throughput"
          + " counts key and value bytes over the whole build, persists and commit included."
    },
    footer = {"", "Example: cairn bench nvmtable --entries 100000 --value-size 4096 --json bench-results/nvmtable.json"})
public final class NvmTableBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin JsonOption json;

  @Option(names = "--entries", paramLabel = "N", defaultValue = "100000",
      description = "Entries in the table (default: ${DEFAULT-VALUE}).")
  int entries;

  @Option(names = "--value-size", paramLabel = "S", defaultValue = "4096",
      description = "Bytes per value (default: ${DEFAULT-VALUE}).")
  int valueSize;

  @Option(names = "--backend", paramLabel = "B", defaultValue = "auto",
      description = "Pmem backend: auto, ffm, libpmem, llpl, crash-sim (default: ${DEFAULT-VALUE}).")
  String backend;

  @Option(names = "--dir", paramLabel = "D",
      description = "Folder for the table's files (default: /dev/shm where writable, else the temporary folder).")
  Path directory;

  @Option(names = "--epsilon", paramLabel = "E",
      description = "ε of the table's model (default: the table default, " + NvmTableOptions.DEFAULT_EPSILON + ").")
  Integer epsilon;

  @Option(names = "--latency", paramLabel = "MODEL", defaultValue = "off",
      description = "Latency model added to pmem reads and flushes: off, optane, or"
          + " read=NS,readLine=NS,flushLine=NS,fence=NS (default: ${DEFAULT-VALUE}).")
  String latency;

  @Option(names = "--checks", paramLabel = "WHEN", defaultValue = "open",
      description = "When container records (the values) are checked against their CRC: open (once, when"
          + " the table is opened) or read (on every get) (default: ${DEFAULT-VALUE}).")
  String checks;

  @Option(names = "--probes", paramLabel = "P", defaultValue = "100000",
      description = "Lookups per timed round, the same for both searches (default: ${DEFAULT-VALUE}).")
  int probes;

  @Option(names = "--rounds", paramLabel = "R", defaultValue = "7",
      description = "Timed rounds per search, after 2 warm-up rounds (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
      description = "Seed of the keys, values and probes (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    BenchTable.Settings settings = validated();
    PrintWriter out = spec.commandLine().getOut();
    try (BenchTable bench = BenchTable.build(settings, probes)) {
      LookupRounds.Result result = LookupRounds.run(bench.table, bench.probes, rounds);
      LookupRounds.PmemReads reads = LookupRounds.countReads(bench.directory, bench.table.id(),
          settings.verification(), bench.probes);
      out.println(summary(bench, result, reads));
      out.flush();
      json.write(Json.object()
          .put("entries", entries)
          .put("value_size", valueSize)
          .put("pgm_get_ns", Json.round(result.pgmGetNs(), 3))
          .put("binary_search_get_ns", Json.round(result.binaryGetNs(), 3))
          .put("speedup", Json.round(result.getSpeedup(), 3))
          .put("build_mb_per_s", Json.round(bench.buildMegabytesPerSecond(), 3)));
    }
    return ExitCodes.OK;
  }

  private BenchTable.Settings validated() {
    OptionChecks.requireRange(spec, "--entries", entries, 1, 1 << 24);
    OptionChecks.requireRange(spec, "--value-size", valueSize, 0, 1 << 24);
    OptionChecks.requireRange(spec, "--probes", probes, 1, 1 << 26);
    OptionChecks.requireRange(spec, "--rounds", rounds, 1, 1000);
    int chosenEpsilon = epsilon == null ? NvmTableOptions.DEFAULT_EPSILON : epsilon;
    OptionChecks.requireRange(spec, "--epsilon", chosenEpsilon, 1, PgmIndex.MAX_EPSILON);
    ContainerVerification verification = switch (checks) {
      case "open" -> ContainerVerification.ON_OPEN;
      case "read" -> ContainerVerification.ON_READ;
      default -> throw new CommandLine.ParameterException(spec.commandLine(),
          "--checks must be open or read, was " + checks);
    };
    try {
      return new BenchTable.Settings(entries, valueSize, PmemBackend.parse(backend),
          directory == null ? defaultDirectory() : directory, chosenEpsilon, LatencyModel.parse(latency), verification,
          seed);
    } catch (InvalidArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private static Path defaultDirectory() {
    Path shm = Path.of("/dev/shm");
    return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
  }

  private String summary(BenchTable bench, LookupRounds.Result result, LookupRounds.PmemReads reads) {
    return String.format(Locale.ROOT,
        "bench nvmtable: %,d entries of 32 B keys + %,d B values, ε=%d, %s: get pgm %.1f ns vs binary search"
            + " %.1f ns = %.2fx; seek pgm %.1f ns vs %.1f ns = %.2fx; pmem read per get: pgm %.1f calls, %.1f"
            + " XPLines (Optane model +%.0f ns) vs binary search %.1f calls, %.1f XPLines (+%.0f ns); build %.1f"
            + " MB/s (%.2f s); open %.1f ms; model %,d B",
        entries, valueSize, bench.table.epsilon(), bench.where, result.pgmGetNs(), result.binaryGetNs(),
        result.getSpeedup(), result.pgmSeekNs(), result.binarySeekNs(), result.seekSpeedup(), reads.pgmReads(),
        reads.pgmXplines(), reads.pgmOptaneNs(), reads.binaryReads(), reads.binaryXplines(), reads.binaryOptaneNs(),
        bench.buildMegabytesPerSecond(), bench.buildSeconds, bench.openMillis, bench.table.modelBytes());
  }

}
