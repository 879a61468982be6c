package io.cairn.bench;

import io.cairn.node.api.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cairn bench}: prints its subcommands when run alone. See {@code docs/bench.md}. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks: the paper's experiment, db_bench-style runs, components alone.",
    commandListHeading = "%nCommands:%n")
public final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }
}
