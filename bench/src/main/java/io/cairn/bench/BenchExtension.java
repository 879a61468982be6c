package io.cairn.bench;

import io.cairn.node.api.CliExtension;
import io.cairn.node.api.NotBuiltCommand;
import picocli.CommandLine;

/** Contributes {@code cairn bench} to the node's command line (see {@link CliExtension}). */
public final class BenchExtension implements CliExtension {
  @Override
  public String name() {
    return "bench";
  }

  @Override
  public CommandLine command() {
    CommandLine bench = new CommandLine(new BenchCommand());
    bench.addSubcommand("paper", NotBuiltCommand.create("bench paper",
        "The paper's experiment: 100,000 records of 4/8/16 KB, engines side by side.", 8));
    bench.addSubcommand("run", NotBuiltCommand.create("bench run",
        "db_bench-style workloads over the engines.", 8));
    bench.addSubcommand("pgm", new CommandLine(new io.cairn.bench.pgm.PgmBenchCommand()));
    bench.addSubcommand("nvmtable", new CommandLine(new io.cairn.bench.nvmtable.NvmTableBenchCommand()));
    bench.addSubcommand("chain", NotBuiltCommand.create("bench chain",
        "Ledger throughput: records anchored and verified per second.", 10));
    return bench;
  }
}
