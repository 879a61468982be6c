package io.cairn.bench;

import io.cairn.bench.kv.Engine;
import io.cairn.bench.kv.Engines;
import io.cairn.bench.kv.StoreSettings;
import io.cairn.bench.report.BenchResults;
import io.cairn.bench.report.MarkdownReport;
import io.cairn.bench.report.PmemPlacement;
import io.cairn.bench.report.ResultTable;
import io.cairn.bench.report.RunResult;
import io.cairn.bench.report.Units;
import io.cairn.bench.runner.BenchRunner;
import io.cairn.bench.runner.Directories;
import io.cairn.bench.runner.DiskBudget;
import io.cairn.bench.runner.Progress;
import io.cairn.bench.runner.RunConfig;
import io.cairn.bench.runner.Scenario;
import io.cairn.common.CairnIoException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.node.api.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What {@code bench paper} and {@code bench run} do once their own options are read: check every
 * input before anything runs (engines, baseline, directory, free disk), run the scenario, print
 * the table, write the JSON and the report, and remove what the run created.
 */
final class BenchSession {
  private final CommandSpec spec;
  private final SharedOptions options;

  BenchSession(CommandSpec spec, SharedOptions options) {
    this.spec = spec;
    this.options = options;
  }

  /**
   * Runs {@code scenario}.
   *
   * @return {@link ExitCodes#OK} when every engine asked for either ran or was skipped and at
   *     least one ran; {@link ExitCodes#FAILED} when a run failed or no engine could run
   * @throws CommandLine.ParameterException for bad input (exit status 2)
   * @throws CairnIoException when the disk is too small or the directory cannot be made (exit 1)
   */
  int execute(Scenario scenario) {
    // Measured in a child JVM with a fixed heap unless --heap none (or this is the child).
    Integer childStatus = options.heap.runInChild(spec, "bench");
    if (childStatus != null) {
      return childStatus;
    }
    List<Engine> engines = usage(() -> Engines.parse(options.engines, options.pmemSettings()));
    if (options.baseline != null && engines.stream().noneMatch(e -> e.name().equals(options.baseline))) {
      throw usageError("--baseline " + options.baseline + " is not one of the engines of this run ("
          + String.join(", ", options.engines) + ")");
    }
    if (options.rounds < 1) {
      throw usageError("--rounds must be at least 1, was " + options.rounds);
    }
    if (options.warmupRounds < 0) {
      throw usageError("--warmup-rounds must not be negative, was " + options.warmupRounds);
    }
    if (options.warmupOps() < 0) {
      throw usageError("--warmup must not be negative, was " + options.warmupOps());
    }
    if (StoreSettings.tuning(options.tuning) == null) {
      throw usageError("--tuning must be paper or today, was '" + options.tuning + "'");
    }
    if (options.l0Limit != null && options.l0Limit < 1) {
      throw usageError("--l0-limit must be at least 1, was " + options.l0Limit);
    }
    if (options.io != null && !options.io.equals("direct") && !options.io.equals("buffered")) {
      throw usageError("--io must be direct or buffered, was '" + options.io + "'");
    }
    Path requested = options.dir == null ? null : options.dir.toAbsolutePath().normalize();
    checkTargetDirectory(requested);
    Path parentForSpace = requested != null ? requested : Path.of(System.getProperty("java.io.tmpdir"));
    RunConfig draft = config(parentForSpace, false);
    long required = DiskBudget.requiredBytes(scenario, engines.size(), draft);
    DiskBudget.check(parentForSpace, required);

    boolean created = requested == null || !Files.exists(requested);
    Path directory = createDirectory(requested);
    PrintWriter err = spec.commandLine().getErr();
    Progress progress = Progress.forConsole(err);
    try {
      boolean directIo = resolveIo(directory, progress);
      progress.note("cairn bench " + scenario.name() + ": " + engines.size() + " engine(s), databases in "
          + directory + " (about " + Units.bytes(required) + " of disk at most), table I/O "
          + (directIo ? "direct" : "buffered"));
      BenchResults results = new BenchRunner(config(directory, directIo), progress).run(scenario, engines);
      String baseline = baseline(results);
      ResultTable.print(results, baseline, spec.commandLine().getOut());
      options.json.write(results.toJson());
      if (options.report != null) {
        Path file = MarkdownReport.write(results, commandLine(), baseline, options.report.toAbsolutePath());
        progress.note("report: " + file);
      }
      return results.runs().isEmpty() || !results.failed().isEmpty() ? ExitCodes.FAILED : ExitCodes.OK;
    } finally {
      cleanUp(directory, created, progress);
    }
  }

  /**
   * Direct table I/O when asked for or, by default, when the directory's file system takes
   * O_DIRECT; buffered when asked for or (with a note) when the file system refuses O_DIRECT.
   *
   * @throws CommandLine.ParameterException for {@code --io direct} on a file system that refuses it
   */
  private boolean resolveIo(Path directory, Progress progress) {
    if ("buffered".equals(options.io)) {
      return false;
    }
    boolean supported = io.cairn.lsm.api.Cairn.directIoSupported(directory);
    if (!supported && "direct".equals(options.io)) {
      throw usageError("--io direct: the file system of " + directory + " refuses direct I/O (O_DIRECT);"
          + " use --io buffered or a --dir on a file system that supports it");
    }
    if (!supported) {
      progress.note("note: the file system of " + directory + " refuses direct I/O (O_DIRECT); running with"
          + " --io buffered (tables read through the page cache)");
    }
    return supported;
  }

  private RunConfig config(Path directory, boolean directIo) {
    return new RunConfig(directory, usage(() -> options.storeSettings(directIo)), options.seed, options.warmupOps(),
        options.rounds, options.keep, PmemPlacement.of(options.pmemSettings()), options.warmupRounds);
  }

  /** The explicit baseline, else cairn-ssd when it produced rows, else the first engine that did. */
  private String baseline(BenchResults results) {
    if (options.baseline != null) {
      return options.baseline;
    }
    List<String> ran = results.runs().stream().map(RunResult::engine).distinct().toList();
    if (ran.contains("cairn-ssd")) {
      return "cairn-ssd";
    }
    return results.engines().stream().map(e -> e.name()).filter(ran::contains).findFirst().orElse(null);
  }

  private void checkTargetDirectory(Path directory) {
    if (directory == null || !Files.exists(directory)) {
      return;
    }
    if (!Files.isDirectory(directory)) {
      throw usageError("--dir " + directory + " exists and is not a directory");
    }
    try (Stream<Path> entries = Files.list(directory)) {
      if (entries.findAny().isPresent()) {
        throw usageError("--dir " + directory + " exists and is not empty: give a new or empty"
            + " directory (the benchmark fills it with databases and removes them)");
      }
    } catch (IOException e) {
      throw CairnIoException.wrap("list " + directory, e);
    }
  }

  private static Path createDirectory(Path requested) {
    try {
      if (requested == null) {
        return Files.createTempDirectory("cairn-bench-");
      }
      return Files.createDirectories(requested);
    } catch (IOException e) {
      throw CairnIoException.wrap("create the benchmark directory " + (requested == null ? "" : requested), e);
    }
  }

  /** Removes the databases' directory the run created; an existing empty one is left empty. */
  private void cleanUp(Path directory, boolean created, Progress progress) {
    if (options.keep) {
      progress.note("databases kept in " + directory);
      return;
    }
    try (Stream<Path> entries = Files.list(directory)) {
      for (Path entry : entries.toList()) {
        Directories.deleteTree(entry);
      }
      if (created) {
        Files.deleteIfExists(directory);
      }
    } catch (IOException | RuntimeException e) {
      progress.note("could not remove every file of " + directory + ": " + e.getMessage());
    }
  }

  private String commandLine() {
    StringBuilder line = new StringBuilder("./cairn bench ").append(spec.name());
    List<String> args = spec.commandLine().getParseResult().originalArgs();
    // The parse result holds the whole command line; keep what follows this subcommand's name.
    List<String> own = args.subList(args.indexOf(spec.name()) + 1, args.size());
    for (String arg : own) {
      line.append(' ').append(arg.contains(" ") ? "'" + arg + "'" : arg);
    }
    return line.toString();
  }

  /** Calls {@code parse}, turning an {@link InvalidArgumentException} into a usage error. */
  <T> T usage(java.util.function.Supplier<T> parse) {
    try {
      return parse.get();
    } catch (InvalidArgumentException | IllegalArgumentException e) {
      throw usageError(e.getMessage());
    }
  }

  CommandLine.ParameterException usageError(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
