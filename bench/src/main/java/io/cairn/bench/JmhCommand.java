package io.cairn.bench;

import io.cairn.bench.report.MachineInfo;
import io.cairn.bench.report.PmemPlacement;
import io.cairn.node.api.ExitCodes;
import io.cairn.node.api.Json;
import io.cairn.node.api.JsonOption;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cairn bench jmh [REGEX] [JMH options]}: runs the JMH benchmarks compiled into the bench
 * module through JMH's own {@link Runner}, with JMH's command line (everything but {@code --help}
 * and {@code --json} goes to JMH unchanged: {@code -l} lists, {@code -h} shows JMH's help).
 */
@Command(
    name = "jmh",
    header = "The JMH micro-benchmarks, through JMH's own runner and options.",
    description = {
      "Runs the JMH micro-benchmarks (io.cairn.bench.*) with JMH's own runner and options.",
      "REGEX selects benchmarks by name; every other argument is a JMH option, e.g.",
      "  ./cairn bench jmh -l                         list the benchmarks",
      "  ./cairn bench jmh Pgm -f 1 -wi 3 -i 5        run those matching 'Pgm', one fork",
      "  ./cairn bench jmh -h                         JMH's own help (all its options)",
      ""
    },
    footer = {"", "Exit status: 0 done, 1 a benchmark failed or none matched, 2 bad JMH options."})
public final class JmhCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Mixin JsonOption json;

  @Parameters(paramLabel = "ARG", arity = "0..*",
      description = "A regular expression selecting benchmarks, and JMH options.")
  List<String> jmhArguments = new ArrayList<>();

  /** The command with JMH's options passed through rather than rejected as unknown. */
  public static CommandLine create() {
    CommandLine command = new CommandLine(new JmhCommand());
    command.setUnmatchedOptionsArePositionalParams(true);
    return command;
  }

  @Override
  public Integer call() {
    CommandLineOptions options;
    try {
      options = new CommandLineOptions(jmhArguments.toArray(String[]::new));
    } catch (CommandLineOptionException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "bad JMH option: " + e.getMessage());
    }
    PrintWriter err = spec.commandLine().getErr();
    try {
      Runner runner = new Runner(options);
      if (options.shouldHelp()) {
        options.showHelp();
      } else if (options.shouldList()) {
        runner.list();
      } else if (options.shouldListWithParams()) {
        runner.listWithParams(options);
      } else if (options.shouldListProfilers()) {
        options.listProfilers();
      } else if (options.shouldListResultFormats()) {
        options.listResultFormats();
      } else {
        Collection<RunResult> results = runner.run();
        json.write(toJson(results));
      }
      return ExitCodes.OK;
    } catch (NoBenchmarksException e) {
      err.println("cairn bench jmh: no benchmark matches " + jmhArguments
          + "; list them with ./cairn bench jmh -l");
      return ExitCodes.FAILED;
    } catch (RunnerException e) {
      err.println("cairn bench jmh: " + e.getMessage());
      return ExitCodes.FAILED;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The figures: {@code machine}, then {@code benchmarks} (name, mode, params, score, error, unit). */
  static Json.Obj toJson(Collection<RunResult> results) {
    Json.Arr benchmarks = Json.array();
    for (RunResult result : results) {
      Result<?> primary = result.getPrimaryResult();
      Json.Obj params = Json.object();
      for (String key : result.getParams().getParamsKeys()) {
        params.put(key, result.getParams().getParam(key));
      }
      Json.Obj secondary = Json.object();
      result.getSecondaryResults().forEach((name, value) -> secondary.put(name, value.getScore()));
      benchmarks.add(Json.object()
          .put("benchmark", result.getParams().getBenchmark())
          .put("mode", result.getParams().getMode().shortLabel())
          .put("params", params)
          .put("score", primary.getScore())
          .put("error", primary.getScoreError())
          .put("unit", primary.getScoreUnit())
          .put("samples", primary.getSampleCount())
          .put("secondary", secondary));
    }
    return Json.object()
        .put("machine", MachineInfo.describe(Path.of(System.getProperty("java.io.tmpdir")), PmemPlacement.ENGINE_DEFAULT).toJson())
        .put("benchmarks", benchmarks);
  }
}
